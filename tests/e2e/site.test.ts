/**
 * The fixture knowledge base, built for real under the base path /kb/ and driven in Chromium
 * as a reader would: read a topic, follow links, switch colour scheme, open deep links to
 * diagram nodes, filter the glossary, search.
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, serve, type Served } from '../helpers/site.ts';
import { checkLinks } from '../../src/core/check-links.ts';

const dist = inject('fixtureDist');
const buildOutput = inject('fixtureBuildOutput');
let site: Served;
let browser: Browser;

beforeAll(async () => {
  site = await serve(dist, '/kb/');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const pageErrors = new WeakMap<Page, string[]>();
async function open(path: string, options: { colorScheme?: 'light' | 'dark'; width?: number } = {}): Promise<Page> {
  const { page, errors } = await openPage(browser, site.url + path.replace(/^\//, ''), options);
  pageErrors.set(page, errors);
  return page;
}
const errorsOf = (page: Page) => pageErrors.get(page) ?? [];

describe('topic pages', () => {
  it('render \\(..\\), \\[..\\], $ and $$ math with KaTeX and leave code alone', async () => {
    const page = await open('topics/scaling-laws/');
    expect(await page.locator('h1').first().textContent()).toBe('Scaling Laws in AI Model Training');
    expect(await page.locator('.katex').count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator('.katex-display').count()).toBe(2);
    // Outside code, no delimiter is left as text.
    const text = await page.locator('.prose').evaluate((el) => {
      const copy = el.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('code, pre, .katex').forEach((c) => c.remove());
      return copy.textContent ?? '';
    });
    expect(text).not.toMatch(/\\\(|\\\[|\$\$/);
    expect(await page.locator('code', { hasText: '\\( not math \\)' }).count()).toBe(1);
    // KaTeX's stylesheet and fonts come from the site itself.
    const sheets = await page.evaluate(() => [...document.styleSheets].map((s) => s.href ?? 'inline'));
    expect(sheets.every((h) => h === 'inline' || h.startsWith(new URL(site.url).origin))).toBe(true);
    expect(errorsOf(page)).toEqual([]);
  });

  it('highlight code at build time in a theme that follows the colour scheme', async () => {
    const light = await open('topics/scaling-laws/', { colorScheme: 'light' });
    const dark = await open('topics/scaling-laws/', { colorScheme: 'dark' });
    const keyword = (p: Page) => p.locator('pre.astro-code span', { hasText: 'import' }).first().evaluate((el) => getComputedStyle(el).color);
    const bg = (p: Page) => p.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await light.locator('pre.astro-code span').count()).toBeGreaterThan(5);
    expect(await keyword(light)).not.toBe(await keyword(dark));
    expect(await bg(light)).not.toBe(await bg(dark));
  });

  it('navigate: header → topics → note → wikilink → backlink', async () => {
    const page = await open('');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Topics' }).click();
    await page.waitForURL(/\/kb\/topics\/$/);
    await page.getByRole('link', { name: 'Attention Mechanism' }).click();
    await page.waitForURL(/\/kb\/topics\/attention\/$/);
    await page.locator('.prose a.internal-link', { hasText: 'Scaling Laws in AI Model Training' }).click();
    await page.waitForURL(/\/kb\/topics\/scaling-laws\/$/);
    const backlink = page.locator('.backlinks a[data-backlink]', { hasText: 'Attention Mechanism' });
    expect(await page.locator('.backlinks .context').first().textContent()).toContain('compute grows with context');
    await backlink.click();
    await page.waitForURL(/\/kb\/topics\/attention\/$/);
  });

  it('link a glossary term at first mention, with its definition on hover and focus', async () => {
    const page = await open('topics/attention/');
    const term = page.locator('a.term-link[data-term="lora"]');
    expect(await term.count()).toBe(1);
    expect(await term.getAttribute('href')).toBe('/kb/glossary/#lora');
    // With JavaScript the definition shows in the one link-preview card (src/client/link-preview.ts).
    const card = page.locator('#arbor-link-preview');
    expect(await card.isVisible()).toBe(false);
    const before = await page.locator('.prose p').first().boundingBox();
    await term.focus();
    await card.waitFor();
    await expect.poll(() => card.textContent()).toContain('low-rank');
    expect(await term.getAttribute('aria-describedby')).toBe('arbor-link-preview');
    expect(await term.locator('.term-tip').isVisible()).toBe(false);
    expect(await page.locator('.prose p').first().boundingBox()).toEqual(before);
    // Without it, the inline tooltip (the same definition) shows on focus.
    const context = await browser.newContext({ javaScriptEnabled: false });
    const plain = await context.newPage();
    await plain.goto(`${site.url}topics/attention/`);
    const tip = plain.locator('a.term-link[data-term="lora"] .term-tip');
    expect(await tip.isVisible()).toBe(false);
    await plain.locator('a.term-link[data-term="lora"]').focus();
    expect(await tip.isVisible()).toBe(true);
    expect(await tip.textContent()).toContain('low-rank');
    await context.close();
  });

  it('fit a 360 px phone without sideways scrolling', async () => {
    const page = await open('topics/scaling-laws/', { width: 360 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});

describe('knowledge trees', () => {
  it('are inline SVG drawn at build time, and no page loads mermaid', async () => {
    expect(buildOutput).toMatch(/diagrams: \d+ unique, \d+ drawn, \d+ from cache/);
    const html = readFileSync(join(dist, 'trees', 'ml-map', 'index.html'), 'utf8');
    expect(html).toMatch(/<svg[^>]*data-diagram="diagram-1"/);
    expect(readFileSync(join(dist, 'topics', 'attention', 'index.html'), 'utf8')).toMatch(/<svg[^>]*data-diagram="multi-head-attention-diagram"/);
    for (const path of ['trees/ml-map/', 'topics/attention/']) {
      const page = await open('');
      const loaded: string[] = [];
      page.on('response', (r) => void (r.url().endsWith('.js') && loaded.push(new URL(r.url()).pathname)));
      await page.goto(site.url + path, { waitUntil: 'networkidle' });
      expect(loaded.length).toBeGreaterThan(0); // the diagram controls script
      for (const js of loaded) {
        const code = readFileSync(join(dist, js.replace(/^\/kb\//, '')), 'utf8');
        expect(code, js).not.toContain('flowchart-v2');
      }
    }
  });

  it('open a deep link to a node: in view and highlighted, and the node links to its term', async () => {
    const page = await open('trees/ml-map/#node-VI', { width: 1000 });
    const node = page.locator('[data-node="VI"]');
    expect(await node.getAttribute('id')).toBe('node-VI');
    expect(await node.isVisible()).toBe(true);
    const inView = await node.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= innerHeight;
    });
    expect(inView).toBe(true);
    // Highlighted: its shape is stroked in the highlight colour, 4 px wide (diagram-focus.css).
    expect(await node.evaluate((el) => el.matches(':target') && getComputedStyle(el.querySelector('.label-container')!).strokeWidth === '4px')).toBe(true);
    await node.click();
    await page.waitForURL(/\/kb\/glossary\/#vision$/);
    const entry = page.locator('section.term#vision');
    expect(await entry.evaluate((el) => el.getBoundingClientRect().top < innerHeight)).toBe(true);
    expect(await entry.locator('.appears-in a.node-link').first().getAttribute('href')).toBe('/kb/trees/ml-map/#node-VI');
  });

  it('draw once and follow the colour scheme', async () => {
    const fill = async (scheme: 'light' | 'dark') => {
      const page = await open('trees/ml-map/', { colorScheme: scheme });
      return page.locator('[data-node="VI"] .label-container').first().evaluate((el) => getComputedStyle(el).fill);
    };
    expect(await fill('light')).not.toBe(await fill('dark'));
  });

  it('zoom in and out, and copy a link to the diagram', async () => {
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    await page.goto(`${site.url}topics/attention/`);
    const figure = page.locator('figure#multi-head-attention-diagram');
    const width = () => figure.locator('svg').evaluate((el) => el.getBoundingClientRect().width);
    const before = await width();
    await figure.getByRole('button', { name: 'Zoom in' }).click();
    expect(await width()).toBeGreaterThan(before * 1.2);
    await figure.getByRole('button', { name: 'Fit the whole diagram' }).click();
    expect(await width()).toBeCloseTo(before, 0);
    await figure.getByRole('button', { name: 'Copy link' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${site.url}topics/attention/#multi-head-attention-diagram`);
    await context.close();
  });

  it('list nodes and relationships as text, grouped by source paper', async () => {
    const page = await open('trees/ml-map/');
    const text = page.locator('.tree-text');
    expect(await text.locator('.edge-source a', { hasText: 'DiffDis' }).getAttribute('href')).toBe('/kb/topics/papers/diffdis/');
    expect(await text.innerText()).toMatch(/👁️ Vision — Triggers Diffusion 💧 — 💧 Diffusion/);
  });
});

describe('links', () => {
  it('has no broken internal link or anchor anywhere in the built site', () => {
    const report = checkLinks(dist, '/kb/');
    expect(report.pages).toBeGreaterThan(10);
    expect(report.broken).toEqual([]);
  });

  it('shows an embed as a link card', async () => {
    const page = await open('topics/attention/');
    const card = page.locator('a.embed-card');
    expect(await card.getAttribute('href')).toBe('/kb/topics/scaling-laws/');
    expect(await card.textContent()).toContain('How loss falls with parameters and data.');
  });

  it('keeps an alias as a URL that leads to the page', async () => {
    const page = await open('topics/attention-notes/');
    await page.waitForURL(/\/kb\/topics\/attention\/$/);
    expect(await page.locator('h1').first().textContent()).toBe('Attention Mechanism');
  });

  it('goes from a tree node to its concept, which lists the tree', async () => {
    const page = await open('trees/ml-map/');
    await page.locator('[data-node="DI"] a').click();
    await page.waitForURL(/\/kb\/glossary\/#diffusion$/);
    const listed = page.locator('section.term#diffusion .appears-in a', { hasText: 'ML Map' });
    expect(await listed.count()).toBe(1);
    await listed.click();
    await page.waitForURL(/\/kb\/trees\/ml-map\/#diagram-1$/);
  });
});

