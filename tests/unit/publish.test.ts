import { describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import { absoluteUrl, describePage, feedItems, firstParagraph, firstSentence, headMeta, robotsTxt, sitemapHrefs, sitemapXml } from '../../src/core/publish.ts';
import { resolveSiteConfig } from '../../src/site.config.ts';

const page = (href: string, title: string, extra: { tags?: string[]; summary?: string; description?: string; date?: string } = {}) => ({ href: href as never, title, tags: extra.tags ?? [], ...extra });

describe('site url', () => {
  it('takes an http(s) origin from ARBOR_SITE_URL and rejects paths and other schemes', () => {
    expect(resolveSiteConfig({ ARBOR_SITE_URL: 'https://notes.example.org' }).url).toBe('https://notes.example.org');
    expect(resolveSiteConfig({ ARBOR_SITE_URL: 'https://notes.example.org/' }).url).toBe('https://notes.example.org');
    expect(resolveSiteConfig({}).url).toBeUndefined();
    expect(() => resolveSiteConfig({ ARBOR_SITE_URL: 'https://example.org/kb/' })).toThrow(/field "url".*without a path/);
    expect(() => resolveSiteConfig({ ARBOR_SITE_URL: 'ftp://example.org' })).toThrow(/field "url"/);
    expect(() => resolveSiteConfig({ ARBOR_SITE_URL: 'example.org' })).toThrow(/field "url"/);
  });
});

describe('sitemap', () => {
  const pages = [page('/kb/topics/b/', 'B', { tags: ['x', 'y'] }), page('/kb/trees/map/', 'Map', { tags: ['x'] })];
  const terms = [{ slug: 'lora' }];

  it('lists the indexes, every page, term page and tag page once, under the base', () => {
    const hrefs = sitemapHrefs('/kb/', pages, terms);
    expect(hrefs).toEqual(['/kb/', '/kb/trees/', '/kb/atlas/', '/kb/topics/', '/kb/glossary/', '/kb/tags/', '/kb/search/', '/kb/topics/b/', '/kb/trees/map/', '/kb/glossary/lora/', '/kb/tags/x/', '/kb/tags/y/']);
  });

  it('writes absolute, escaped URLs that parse as a sitemaps.org urlset', () => {
    const body = sitemapXml('https://example.org', ['/kb/', '/kb/tags/a&b/', '/kb/topics/café/']);
    const doc = new JSDOM(body, { contentType: 'application/xml' }).window.document;
    expect(doc.documentElement.namespaceURI).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    expect([...doc.querySelectorAll('url > loc')].map((l) => l.textContent)).toEqual(['https://example.org/kb/', 'https://example.org/kb/tags/a&b/', 'https://example.org/kb/topics/caf%C3%A9/']);
  });
});

describe('robots.txt', () => {
  it('names the sitemap under the base only when there is a site URL', () => {
    expect(robotsTxt('https://example.org', '/kb/')).toContain('Sitemap: https://example.org/kb/sitemap.xml');
    expect(robotsTxt(undefined, '/kb/')).not.toContain('Sitemap');
    expect(robotsTxt(undefined, '/')).toContain('User-agent: *');
  });
});

describe('feed items', () => {
  it('puts dated pages first, newest first, then the rest A–Z, with absolute links', () => {
    const items = feedItems('https://example.org', [
      { view: page('/kb/topics/zeta/', 'Zeta') },
      { view: page('/kb/topics/old/', 'Old', { date: '2021-01-01' }) },
      { view: page('/kb/topics/alpha/', 'Alpha') },
      { view: page('/kb/topics/new/', 'New', { date: '2024-05-02' }) },
      { view: page('/kb/topics/bad/', 'Bad date', { date: 'someday' }) },
    ]);
    expect(items.map((i) => i.title)).toEqual(['New', 'Old', 'Alpha', 'Bad date', 'Zeta']);
    expect(items[0]!.link).toBe('https://example.org/kb/topics/new/');
    expect(items[0]!.pubDate?.toISOString()).toBe('2024-05-02T00:00:00.000Z');
    expect(items.find((i) => i.title === 'Bad date')!.pubDate).toBeUndefined();
  });

  it('describes an item by its summary, else description, else first paragraph', () => {
    const html = '<figure><p>Diagram caption</p></figure><h2>Intro</h2><p>First <em>real</em> paragraph. Second sentence.</p><p>Later.</p>';
    const [a, b, c, d] = feedItems('https://example.org', [
      { view: page('/a/', 'A', { summary: 'The summary.', description: 'The description.' }), html },
      { view: page('/b/', 'B', { description: 'The description.' }), html },
      { view: page('/c/', 'C'), html },
      { view: page('/d/', 'D') },
    ]);
    expect([a!.description, b!.description, c!.description, d!.description]).toEqual(['The summary.', 'The description.', 'First real paragraph. Second sentence.', undefined]);
  });
});

describe('descriptions', () => {
  it('take the first paragraph outside diagrams and code, and its first sentence', () => {
    expect(firstParagraph('<pre><p>code</p></pre><div><p>  Inside   a div. </p></div>')).toBe('Inside a div.');
    expect(firstParagraph('<h1>Only a heading</h1>')).toBe('');
    expect(firstSentence('Scaling laws hold, e.g. for loss. They bend later.')).not.toContain('They bend');
    expect(firstSentence('One sentence. Two.')).toBe('One sentence.');
    expect(describePage({}, '<p>Body first. Body second.</p>')).toBe('Body first.');
    expect(describePage({ summary: 'S' }, '<p>Body.</p>')).toBe('S');
    expect(describePage({})).toBeUndefined();
  });
});

describe('head metadata', () => {
  it('gives canonical, og:url and social tags with a site URL', () => {
    const m = headMeta({ siteUrl: 'https://example.org', siteName: 'KB', path: '/kb/topics/a/', title: 'A <b>', description: 'About A.', type: 'article' });
    expect(m.canonical).toBe('https://example.org/kb/topics/a/');
    const get = (k: string) => m.tags.find((t) => t.key === k)?.content;
    expect([get('og:type'), get('og:title'), get('og:url'), get('og:site_name'), get('og:description')]).toEqual(['article', 'A <b>', 'https://example.org/kb/topics/a/', 'KB', 'About A.']);
    expect([get('twitter:card'), get('twitter:title'), get('twitter:description')]).toEqual(['summary', 'A <b>', 'About A.']);
    expect(m.tags.filter((t) => t.key.startsWith('og:')).every((t) => t.attr === 'property')).toBe(true);
    expect(m.tags.filter((t) => t.key.startsWith('twitter:')).every((t) => t.attr === 'name')).toBe(true);
  });

  it('has no canonical or og:url without a site URL, and no empty description tags', () => {
    const m = headMeta({ siteName: 'KB', path: '/kb/', title: 'KB', type: 'website' });
    expect(m.canonical).toBeUndefined();
    expect(m.tags.map((t) => t.key)).toEqual(['og:type', 'og:title', 'og:site_name', 'twitter:card', 'twitter:title']);
  });

  it('adds og:image with its size and alt, and a large Twitter card, only with a site URL and an image', () => {
    const image = { href: '/kb/_arbor/preview/abc.png', width: 1200, height: 630, alt: 'Diagram: A' };
    const m = headMeta({ siteUrl: 'https://example.org', siteName: 'KB', path: '/kb/topics/a/', title: 'A', type: 'article', image });
    const get = (k: string) => m.tags.find((t) => t.key === k)?.content;
    expect([get('og:image'), get('og:image:width'), get('og:image:height'), get('og:image:alt'), get('twitter:card')]).toEqual(['https://example.org/kb/_arbor/preview/abc.png', '1200', '630', 'Diagram: A', 'summary_large_image']);
    const none = headMeta({ siteName: 'KB', path: '/kb/topics/a/', title: 'A', type: 'article', image });
    expect(none.tags.some((t) => t.key.startsWith('og:image'))).toBe(false);
    expect(none.tags.find((t) => t.key === 'twitter:card')?.content).toBe('summary');
  });

  it('makes absolute URLs from an origin and a based href', () => {
    expect(absoluteUrl('https://example.org', '/kb/tags/a b/')).toBe('https://example.org/kb/tags/a%20b/');
  });
});
