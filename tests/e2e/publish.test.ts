/**
 * Publishing: the fixture built with a site URL under /kb/ has a sitemap of every content page,
 * robots.txt naming it, an RSS feed of notes and trees, and canonical + Open Graph + Twitter tags
 * on every kind of page; the shared fixture build (no URL) skips them and says so.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { JSDOM } from 'jsdom';
import { buildFixture, projectRoot, type BuildResult } from '../helpers/site.ts';
import { SKIPPED_WITHOUT_URL } from '../../src/core/publish.ts';

const ORIGIN = 'https://example.org';
const BASE = '/kb/';
const content = join(projectRoot, 'tests', 'fixtures', 'site', 'content');
let built: BuildResult;

beforeAll(() => {
  built = buildFixture(content, { ARBOR_SITE_URL: ORIGIN, ARBOR_BASE: BASE, ARBOR_CACHE_DIR: mkdtempSync(join(tmpdir(), 'arbor-publish-cache-')) });
  if (built.status !== 0) throw new Error(`build failed:\n${built.output}`);
});

const html = (dist: string, path: string) => new JSDOM(readFileSync(join(dist, path, 'index.html'), 'utf8')).window.document;
const xml = (dist: string, file: string) => new JSDOM(readFileSync(join(dist, file), 'utf8'), { contentType: 'application/xml' }).window.document;

/** The path (under the base) of every index.html in dist that is a page, not an alias redirect. */
function builtPages(dist: string): string[] {
  const files = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => f === 'index.html' || f.endsWith(`${sep}index.html`));
  return files
    .filter((f) => !new JSDOM(readFileSync(join(dist, f), 'utf8')).window.document.querySelector('meta[http-equiv="refresh"]'))
    .map((f) => relative(dist, join(dist, f)).split(sep).slice(0, -1).map(encodeURIComponent).join('/'))
    .map((p) => `${ORIGIN}${BASE}${p ? `${p}/` : ''}`)
    .sort();
}

describe('with a site URL', () => {
  it('lists every content page under the base in the sitemap, and no redirect or 404', () => {
    const locs = [...xml(built.dist, 'sitemap.xml').querySelectorAll('urlset > url > loc')].map((l) => l.textContent!);
    const pages = builtPages(built.dist);
    // The fixture has alias redirects: they are left out, and so the comparison means something.
    expect(pages.length).toBeGreaterThan(15);
    expect([...locs].sort()).toEqual(pages);
    expect(new Set(locs).size).toBe(locs.length);
    expect(locs.some((l) => l.includes('404'))).toBe(false);
    for (const l of locs) expect(l.startsWith(`${ORIGIN}${BASE}`)).toBe(true);
  });

  it('names the sitemap in robots.txt', () => {
    expect(readFileSync(join(built.dist, 'robots.txt'), 'utf8')).toMatch(/^Sitemap: https:\/\/example\.org\/kb\/sitemap\.xml$/m);
  });

  it('has an RSS feed that parses as XML with one item per note and tree', () => {
    const doc = xml(built.dist, 'rss.xml');
    expect(doc.querySelector('parsererror')).toBeNull();
    const items = [...doc.querySelectorAll('rss > channel > item')];
    const links = items.map((i) => i.querySelector('link')!.textContent!).sort();
    const notesAndTrees = builtPages(built.dist).filter((u) => /\/kb\/(topics|trees)\/.+/.test(u));
    expect(links).toEqual(notesAndTrees);
    for (const i of items) {
      expect(i.querySelector('title')!.textContent).toBeTruthy();
      expect(i.querySelector('description')!.textContent).toBeTruthy();
    }
    // The one dated note comes first.
    expect(items[0]!.querySelector('link')!.textContent).toBe(`${ORIGIN}${BASE}topics/papers/diffdis/`);
    expect(items[0]!.querySelector('pubDate')!.textContent).toContain('18 Aug 2023');
  });

  const kinds = [
    ['home', '', 'website'],
    ['note', 'topics/attention', 'article'],
    ['tree', 'trees/ml-map', 'article'],
    ['glossary', 'glossary', 'website'],
    ['term page', 'glossary/lora', 'website'],
    ['tag page', 'tags/transformers', 'website'],
  ] as const;
  it.each(kinds)('gives the %s canonical, Open Graph and Twitter tags with absolute URLs', (_kind, path, type) => {
    const doc = html(built.dist, path);
    const url = `${ORIGIN}${BASE}${path ? `${path}/` : ''}`;
    const prop = (p: string) => doc.querySelector(`meta[property="${p}"]`)?.getAttribute('content');
    const name = (n: string) => doc.querySelector(`meta[name="${n}"]`)?.getAttribute('content');
    expect(doc.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(url);
    expect(prop('og:url')).toBe(url);
    expect(prop('og:type')).toBe(type);
    expect(prop('og:site_name')).toBeTruthy();
    expect(prop('og:title')).toBeTruthy();
    expect(prop('og:description')).toBeTruthy();
    expect(prop('og:description')).toBe(name('description'));
    expect(name('twitter:card')).toBe(prop('og:image') ? 'summary_large_image' : 'summary');
    expect(name('twitter:title')).toBe(prop('og:title'));
    expect(doc.querySelector('link[rel="alternate"][type="application/rss+xml"]')?.getAttribute('href')).toBe(`${ORIGIN}${BASE}rss.xml`);
    expect(doc.querySelector('link[rel="sitemap"]')?.getAttribute('href')).toBe(`${ORIGIN}${BASE}sitemap.xml`);
  });

  it('describes pages by their summary or definition', () => {
    expect(html(built.dist, 'topics/attention').querySelector('meta[name="description"]')?.getAttribute('content')).toBe('Queries, keys and values.');
    expect(html(built.dist, 'trees/ml-map').querySelector('meta[name="description"]')?.getAttribute('content')).toBe('How the ideas of machine learning in 2025 relate.');
  });

  it('gives the 404 page no canonical, since it answers at any address', () => {
    const doc = new JSDOM(readFileSync(join(built.dist, '404.html'), 'utf8')).window.document;
    expect(doc.querySelector('link[rel="canonical"]')).toBeNull();
    expect(doc.querySelector('meta[property="og:url"]')).toBeNull();
  });
});

describe('without a site URL', () => {
  const dist = inject('fixtureDist');
  const output = inject('fixtureBuildOutput');

  it('says what it skipped and why, once, and writes no sitemap or feed', () => {
    expect(output.split('\n').filter((l) => l.includes(SKIPPED_WITHOUT_URL))).toHaveLength(1);
    expect(existsSync(join(dist, 'sitemap.xml'))).toBe(false);
    expect(existsSync(join(dist, 'rss.xml'))).toBe(false);
    expect(readFileSync(join(dist, 'robots.txt'), 'utf8')).not.toContain('Sitemap');
  });

  it('gives pages no canonical or og:url, but keeps the other tags', () => {
    for (const path of ['', 'topics/attention', 'glossary/lora']) {
      const doc = html(dist, path);
      expect(doc.querySelector('link[rel="canonical"]')).toBeNull();
      expect(doc.querySelector('meta[property="og:url"]')).toBeNull();
      expect(doc.querySelector('link[rel="alternate"][type="application/rss+xml"]')).toBeNull();
      expect(doc.querySelector('meta[property="og:title"]')?.getAttribute('content')).toBeTruthy();
    }
  });
});
