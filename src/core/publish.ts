/**
 * What a published site tells crawlers, feed readers and link previews: the sitemap's URLs, the
 * RSS feed's items, robots.txt, and each page's canonical / Open Graph / Twitter tags. Plain data
 * from the page views; the endpoints in src/pages and the layout only serialise it. Everything
 * absolute is made from the site's `url` (an origin) and an href that already carries the base.
 */
import { XMLBuilder } from 'fast-xml-parser';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import type { Element, Root } from 'hast';
import type { PageView, PreviewImage, TermView } from './graph/views.ts';

export const SITEMAP_FILE = 'sitemap.xml';
export const FEED_FILE = 'rss.xml';

/** The line the build prints when no site URL is set. */
export const SKIPPED_WITHOUT_URL =
  'publish: no site URL (set `url` in src/site.config.ts or ARBOR_SITE_URL): skipped sitemap.xml, rss.xml, canonical links and og:url, which need absolute URLs';

/** `https://example.org` + `/kb/topics/a/` → `https://example.org/kb/topics/a/` (percent-encoded). */
export const absoluteUrl = (siteUrl: string, href: string): string => new URL(href, siteUrl).href;

/** The href of a tag's page (the same as src/pages/tags/[...tag].astro writes). */
export const tagHref = (base: string, tag: string): string => `${base}tags/${tag}/`;
export const termPageHref = (base: string, slug: string): string => `${base}glossary/${slug}/`;

/**
 * Every content page's href, in a stable order: home, the indexes, trees and notes, term pages,
 * tag pages. Not the alias redirects (they are not pages) nor the 404 page.
 */
export function sitemapHrefs(base: string, pages: Pick<PageView, 'href' | 'tags'>[], terms: Pick<TermView, 'slug'>[]): string[] {
  const indexes = ['', 'trees/', 'atlas/', 'topics/', 'glossary/', 'tags/', 'search/'].map((p) => `${base}${p}`);
  const tags = [...new Set(pages.flatMap((p) => p.tags))].sort().map((t) => tagHref(base, t));
  const all = [...indexes, ...pages.map((p) => p.href as string).sort(), ...terms.map((t) => termPageHref(base, t.slug)).sort(), ...tags];
  return [...new Set(all)];
}

const xml = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: true });

/** A sitemap (sitemaps.org 0.9) of absolute URLs; fast-xml-parser escapes them. */
export function sitemapXml(siteUrl: string, hrefs: string[]): string {
  const urlset = { '@_xmlns': 'http://www.sitemaps.org/schemas/sitemap/0.9', url: hrefs.map((h) => ({ loc: absoluteUrl(siteUrl, h) })) };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml.build({ urlset })}`;
}

/** robots.txt: everything allowed, and the sitemap when there is one. */
export function robotsTxt(siteUrl: string | undefined, base: string): string {
  return ['User-agent: *', 'Allow: /', ...(siteUrl ? ['', `Sitemap: ${absoluteUrl(siteUrl, `${base}${SITEMAP_FILE}`)}`] : [])].join('\n') + '\n';
}

/** The text of the first paragraph of rendered HTML (outside diagrams, asides and code), or ''. */
export function firstParagraph(html: string): string {
  let found = '';
  const walk = (node: Root | Element): void => {
    for (const child of node.children) {
      if (found || child.type !== 'element') continue;
      if (['figure', 'pre', 'aside', 'details', 'nav', 'table', 'script', 'style', 'svg'].includes(child.tagName)) continue;
      if (child.tagName === 'p') {
        const text = toString(child).replace(/\s+/g, ' ').trim();
        if (text) found = text;
        continue;
      }
      walk(child);
    }
  };
  walk(fromHtml(html, { fragment: true }));
  return found;
}

/** The first sentence of a text, by the platform's sentence rules (Intl.Segmenter), not a regex. */
export function firstSentence(text: string): string {
  const first = new Intl.Segmenter('en', { granularity: 'sentence' }).segment(text)[Symbol.iterator]().next();
  return first.done ? '' : first.value.segment.trim();
}

/** A page's description: its summary, else its description, else the first sentence of its body. */
export function describePage(view: Pick<PageView, 'summary' | 'description'>, html = ''): string | undefined {
  return view.summary || view.description || firstSentence(firstParagraph(html)) || undefined;
}

export interface FeedItem {
  title: string;
  link: string;
  description?: string;
  pubDate?: Date;
  categories?: string[];
}

/** A frontmatter date as a Date, or undefined when it is not one. */
function dateOf(date: string | undefined): Date | undefined {
  if (!date) return undefined;
  const d = new Date(date);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/**
 * The feed's items: notes and trees, dated ones first (newest first), then the rest A–Z. Each
 * description is the page's summary, else its description, else its first paragraph.
 */
export function feedItems(siteUrl: string, pages: { view: Pick<PageView, 'title' | 'href' | 'summary' | 'description' | 'date' | 'tags'>; html?: string }[]): FeedItem[] {
  const items = pages.map(({ view, html = '' }) => {
    const pubDate = dateOf(view.date);
    const description = view.summary || view.description || firstParagraph(html) || undefined;
    return { title: view.title, link: absoluteUrl(siteUrl, view.href), ...(description ? { description } : {}), ...(pubDate ? { pubDate } : {}), ...(view.tags.length ? { categories: view.tags } : {}) };
  });
  return items.sort((a, b) => {
    if (a.pubDate && b.pubDate) return b.pubDate.getTime() - a.pubDate.getTime() || a.title.localeCompare(b.title);
    if (a.pubDate || b.pubDate) return a.pubDate ? -1 : 1;
    return a.title.localeCompare(b.title);
  });
}

export interface HeadMeta {
  canonical?: string;
  /** `<meta property=…>` (Open Graph) and `<meta name=…>` (Twitter) tags, in order. */
  tags: { attr: 'property' | 'name'; key: string; content: string }[];
}

/** A page's canonical link and social tags; og:url, og:image and the canonical only with a site URL. */
export function headMeta(o: { siteUrl?: string; siteName: string; path: string; title: string; description?: string; type: 'article' | 'website'; image?: PreviewImage }): HeadMeta {
  const canonical = o.siteUrl ? absoluteUrl(o.siteUrl, o.path) : undefined;
  const og = (key: string, content: string | undefined) => (content ? [{ attr: 'property' as const, key: `og:${key}`, content }] : []);
  const tw = (key: string, content: string | undefined) => (content ? [{ attr: 'name' as const, key: `twitter:${key}`, content }] : []);
  const image = o.siteUrl ? o.image : undefined;
  return {
    ...(canonical ? { canonical } : {}),
    tags: [
      ...og('type', o.type),
      ...og('title', o.title),
      ...og('description', o.description),
      ...og('url', canonical),
      ...og('site_name', o.siteName),
      ...(image ? [...og('image', absoluteUrl(o.siteUrl!, image.href)), ...og('image:width', String(image.width)), ...og('image:height', String(image.height)), ...og('image:alt', image.alt)] : []),
      ...tw('card', image ? 'summary_large_image' : 'summary'),
      ...tw('title', o.title),
      ...tw('description', o.description),
    ],
  };
}
