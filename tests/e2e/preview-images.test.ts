/**
 * Link-preview images: the fixture built with a site URL has an og:image on every note and tree
 * page, a 1200×630 PNG in dist under 150 KB; the tree's image shows its diagram; a warm build
 * draws none; the shared fixture build (no URL) has no og:image and no previews line.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { JSDOM } from 'jsdom';
import type { Browser } from 'playwright-core';
import { buildFixture, launchBrowser, projectRoot, type BuildResult } from '../helpers/site.ts';

const ORIGIN = 'https://example.org';
const BASE = '/kb/';
const content = join(projectRoot, 'tests', 'fixtures', 'site', 'content');
const cache = mkdtempSync(join(tmpdir(), 'arbor-preview-cache-'));
let built: BuildResult;
let browser: Browser;

beforeAll(async () => {
  built = buildFixture(content, { ARBOR_SITE_URL: ORIGIN, ARBOR_BASE: BASE, ARBOR_CACHE_DIR: cache });
  if (built.status !== 0) throw new Error(`build failed:\n${built.output}`);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const doc = (file: string) => new JSDOM(readFileSync(file, 'utf8')).window.document;

/** Every note and tree page in dist (topics/** and trees/**, not the indexes nor alias redirects). */
function notesAndTrees(dist: string): string[] {
  return readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .filter((f) => /^(topics|trees)\//.test(f.split(sep).join('/')) && f.endsWith(`${sep}index.html`) && f.split(sep).length > 2)
    .map((f) => join(dist, f))
    .filter((f) => !doc(f).querySelector('meta[http-equiv="refresh"]'));
}

/** Width and height from a PNG's IHDR chunk (bytes 16-23, big-endian), after checking the signature. */
function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  expect(b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(b.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** The file in dist an og:image URL names. */
const fileOf = (dist: string, url: string) => join(dist, ...decodeURIComponent(new URL(url).pathname.slice(BASE.length)).split('/'));

describe('with a site URL', () => {
  it('gives each note and tree page an og:image in dist with the declared size, under 150 KB', () => {
    const pages = notesAndTrees(built.dist);
    expect(pages.length).toBeGreaterThanOrEqual(4);
    for (const page of pages) {
      const d = doc(page);
      const meta = (p: string) => d.querySelector(`meta[property="${p}"]`)?.getAttribute('content');
      const url = meta('og:image');
      expect(url, page).toMatch(new RegExp(`^${ORIGIN}${BASE}_arbor/preview/[0-9a-f]{32}\\.png$`));
      const file = fileOf(built.dist, url!);
      expect(existsSync(file), file).toBe(true);
      expect(pngSize(file)).toEqual({ width: Number(meta('og:image:width')), height: Number(meta('og:image:height')) });
      expect([meta('og:image:width'), meta('og:image:height')]).toEqual(['1200', '630']);
      expect(statSync(file).size).toBeLessThan(150 * 1024);
      expect(meta('og:image:alt')).toContain(meta('og:title')!);
      expect(d.querySelector('meta[name="twitter:card"]')?.getAttribute('content')).toBe('summary_large_image');
    }
  });

  it("draws the tree page's diagram into its image, and a note without a diagram as a title card", async () => {
    const image = (path: string) => fileOf(built.dist, doc(join(built.dist, path, 'index.html')).querySelector('meta[property="og:image"]')!.getAttribute('content')!);
    const page = await (await browser.newContext()).newPage();
    /** Distinct colours and non-white pixels in the card's middle (below the title, above the site name). */
    const measure = (file: string) =>
      page.evaluate(async (src) => {
        const img = new Image();
        img.src = src;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.width;
        canvas.height = img.height;
        const c = canvas.getContext('2d')!;
        c.drawImage(img, 0, 0);
        const { data } = c.getImageData(0, 130, img.width, 420);
        const colours = new Set<number>();
        let ink = 0;
        for (let i = 0; i < data.length; i += 4) {
          colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
          if (data[i]! < 240 || data[i + 1]! < 240 || data[i + 2]! < 240) ink++;
        }
        return { colours: colours.size, ink: ink / (data.length / 4) };
      }, `data:image/png;base64,${readFileSync(file).toString('base64')}`);
    const tree = await measure(image('trees/ml-map'));
    // Node fills, borders, lines and anti-aliased labels: a drawing has many colours and real ink.
    expect(tree.colours).toBeGreaterThan(50);
    expect(tree.ink).toBeGreaterThan(0.02);
    // scaling-laws has no diagram: its card is text on white, far less ink than the tree.
    const titleCard = await measure(image('topics/scaling-laws'));
    expect(titleCard.ink).toBeLessThan(tree.ink);
    expect(readFileSync(image('trees/ml-map')).equals(readFileSync(image('topics/scaling-laws')))).toBe(false);
  });

  it('logs what it drew, and a second build with the same cache draws none', () => {
    const pages = notesAndTrees(built.dist).length;
    expect(built.output).toMatch(new RegExp(`previews: ${pages} drawn, 0 from cache \\(\\d+ ms\\)`));
    const warm = buildFixture(content, { ARBOR_SITE_URL: ORIGIN, ARBOR_BASE: BASE, ARBOR_CACHE_DIR: cache });
    expect(warm.status, warm.output).toBe(0);
    expect(warm.output).toMatch(new RegExp(`previews: 0 drawn, ${pages} from cache \\(\\d+ ms\\)`));
    for (const page of notesAndTrees(warm.dist)) {
      expect(existsSync(fileOf(warm.dist, doc(page).querySelector('meta[property="og:image"]')!.getAttribute('content')!))).toBe(true);
    }
  });
});

describe('without a site URL', () => {
  it('has no og:image, no preview files and no previews line', () => {
    const dist = inject('fixtureDist');
    expect(inject('fixtureBuildOutput')).not.toMatch(/previews:/);
    expect(existsSync(join(dist, '_arbor', 'preview'))).toBe(false);
    const pages = notesAndTrees(dist);
    expect(pages.length).toBeGreaterThanOrEqual(4);
    for (const page of pages) {
      expect(doc(page).querySelector('meta[property^="og:image"]')).toBeNull();
      expect(doc(page).querySelector('meta[name="twitter:card"]')?.getAttribute('content')).toBe('summary');
    }
  });
});
