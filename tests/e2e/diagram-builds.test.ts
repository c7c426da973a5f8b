/**
 * The two ways a diagram reaches a reader: drawn at build time (and then never drawn again
 * while unchanged), or, on a machine without Chromium, drawn in the reader's browser by
 * mermaid loaded only on the pages that need it.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildFixture, launchBrowser, openPage, projectRoot, serve } from '../helpers/site.ts';

const fixture = join(projectRoot, 'tests', 'fixtures', 'site', 'content');
let browser: Browser;
beforeAll(async () => void (browser = await launchBrowser()));
afterAll(async () => void (await browser?.close()));

describe('diagram cache', () => {
  it('draws every diagram once, and a second build with no change draws none', () => {
    const cache = mkdtempSync(join(tmpdir(), 'arbor-cache-'));
    const first = buildFixture(fixture, { ARBOR_CACHE_DIR: cache });
    expect(first.status, first.output).toBe(0);
    expect(first.output).toContain('diagrams: 2 unique, 2 drawn, 0 from cache');
    const bundle = (dist: string) => readdirSync(join(dist, 'pagefind'), { recursive: true, encoding: 'utf8' }).sort().map((f) => [f, statSync(join(dist, 'pagefind', f)).isFile() ? readFileSync(join(dist, 'pagefind', f)).toString('base64') : '']);
    const firstBundle = bundle(first.dist);
    expect(firstBundle.length).toBeGreaterThan(5);
    const second = buildFixture(fixture, { ARBOR_CACHE_DIR: cache }, first.dist);
    expect(second.status, second.output).toBe(0);
    // Nothing changed: no page is rendered again, so no diagram is drawn or even read from the cache.
    expect(second.output).toMatch(/content: 4 pages, .*; 0 rendered/);
    expect(second.output).not.toMatch(/diagrams: \d+ unique, [1-9]\d* drawn/);
    // Nor is the search index built again: the pages are the same bytes, so the last bundle is copied.
    expect(first.output).not.toContain('from the cache');
    expect(second.output).toMatch(/search index: \d+ pages \+ 6 terms, unchanged, from the cache/);
    expect(bundle(second.dist)).toEqual(firstBundle);
    expect(readFileSync(join(second.dist, 'trees', 'ml-map', 'index.html'), 'utf8')).toMatch(/<svg[^>]*data-diagram="diagram-1"/);
  });
});

describe('a build without a browser', () => {
  it('still succeeds, says how to get build-time SVGs, and draws the diagrams in the reader\'s browser', async () => {
    const built = buildFixture(fixture, { ARBOR_CHROMIUM: 'none', ARBOR_CACHE_DIR: mkdtempSync(join(tmpdir(), 'arbor-cache-')) });
    expect(built.status, built.output).toBe(0);
    expect(built.output).toMatch(/No Chromium found.*apt-get install chromium.*ARBOR_CHROMIUM/s);
    expect(built.output).toContain('2 left to the browser');
    const html = readFileSync(join(built.dist, 'trees', 'ml-map', 'index.html'), 'utf8');
    expect(html).not.toContain('<svg');
    expect(html).toContain('data-needs-client');
    expect(existsSync(join(built.dist, '_arbor', 'mermaid.min.js'))).toBe(true);
    // Pages without diagrams still load no mermaid.
    expect(readFileSync(join(built.dist, 'topics', 'scaling-laws', 'index.html'), 'utf8')).not.toContain('mermaid');

    const site = await serve(built.dist);
    try {
      const { page, errors } = await openPage(browser, `${site.url}trees/ml-map/`);
      await page.locator('figure#diagram-1 svg[data-diagram="diagram-1"]').waitFor({ timeout: 20_000 });
      expect(await page.locator('figure#diagram-1 svg').textContent()).toContain('Vision');
      expect(errors).toEqual([]);
    } finally {
      await site.close();
    }
  });
});
