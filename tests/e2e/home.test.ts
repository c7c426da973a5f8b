/**
 * The home page and the full lists, as a reader uses them: the notebook's home shows its trees,
 * the recently updated notes newest first, tags and glossary entry points that land on real
 * anchors; the topics index jumps by letter; and a knowledge base above the split threshold
 * gets one topics page per letter, every note reachable, while /topics/#notes and #papers still work.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildFixture, launchBrowser, openPage, serve, type Served } from '../helpers/site.ts';
import { tempContent } from '../helpers/temp-content.ts';
import { gzipSync } from 'node:zlib';
import { HOME_SHOWN, SPLIT_INDEX_ABOVE } from '../../src/core/home.ts';

let browser: Browser;
let notebook: Served;
let big: Served;
const NOTES = SPLIT_INDEX_ABOVE + 20;
const PAPERS = 6;
const pad = (n: number) => String(n).padStart(3, '0');
const words = ['alpha', 'beta', 'gamma', 'delta', 'kappa', 'omega', 'zeta'];

beforeAll(async () => {
  browser = await launchBrowser();
  notebook = await serve(inject('notebookDist'), '/');
  const files: Record<string, string> = {};
  for (let i = 0; i < NOTES; i++) files[`notes/n-${pad(i)}.md`] = `---\ntitle: ${words[i % words.length]} note ${pad(i)}\ndate: 2024-01-${String((i % 28) + 1).padStart(2, '0')}\n---\nBody ${i}.\n`;
  for (let i = 0; i < PAPERS; i++) files[`notes/papers/p-${i}.md`] = `---\ntitle: ${words[i]} paper ${i}\ntags: [paper]\n---\nA paper.\n`;
  const built = buildFixture(tempContent(files).contentDir);
  expect(built.status, built.output).toBe(0);
  big = await serve(built.dist, '/');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await notebook?.close();
  await big?.close();
});

async function open(site: Served, path: string): Promise<{ page: Page; errors: string[] }> {
  return openPage(browser, site.url + path.replace(/^\//, ''));
}
const hrefs = (page: Page, selector: string) => page.$$eval(selector, (as) => as.map((a) => (a as HTMLAnchorElement).href));

describe('the home page', () => {
  it('shows the knowledge trees, which open', async () => {
    const { page, errors } = await open(notebook, '/');
    const trees = page.locator('h2:text-is("Knowledge trees") + ul.page-list a');
    expect(await trees.count()).toBeGreaterThan(0);
    const title = (await trees.first().textContent())!.trim();
    await trees.first().click();
    await page.waitForURL(/\/trees\/.+/);
    expect((await page.locator('h1').first().textContent())!.trim()).toBe(title);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lists a few recently updated notes, newest first, that open', async () => {
    const { page } = await open(notebook, '/');
    const items = page.locator('.home-recent li');
    const n = await items.count();
    expect(n).toBeGreaterThan(1);
    expect(n).toBeLessThanOrEqual(8);
    const times = await page.$$eval('.home-recent time', (ts) => ts.map((t) => Date.parse(t.getAttribute('datetime')!)));
    expect(times.every((t) => Number.isFinite(t))).toBe(true);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const first = page.locator('.home-recent li a').first();
    const title = (await first.textContent())!.trim();
    await first.click();
    await page.waitForURL(/\/topics\/.+/);
    expect((await page.locator('h1').first().textContent())!.trim()).toBe(title);
    await page.close();
  });

  it('has tags that open their tag page', async () => {
    const { page } = await open(notebook, '/');
    const tag = page.locator('h2:text-is("Tags") + ul.tag-cloud a').first();
    const name = (await tag.textContent())!.trim().split(/\s+/)[0]!;
    await tag.click();
    await page.waitForURL(/\/tags\/[^/]+\/$/);
    expect(await page.locator('h1').first().textContent()).toContain(name.slice(1));
    await page.close();
  });

  it('has glossary letters and terms that land on anchors the glossary has', async () => {
    const { page } = await open(notebook, '/');
    const letters = await hrefs(page, '.home-glossary nav.letters a');
    const terms = await hrefs(page, '.home-terms a');
    expect(letters.length).toBeGreaterThan(3);
    expect(terms.length).toBeGreaterThan(0);
    const glossary = (await open(notebook, '/glossary/')).page;
    for (const href of [...letters, ...terms]) {
      const url = new URL(href);
      expect(url.pathname).toBe('/glossary/');
      expect(await glossary.evaluate((id) => !!document.getElementById(id), decodeURIComponent(url.hash.slice(1))), href).toBe(true);
    }
    await glossary.close();
    // Clicking a letter scrolls its heading into view.
    const last = page.locator('.home-glossary nav.letters a').last();
    const letter = (await last.textContent())!.trim();
    await last.click();
    await page.waitForURL(/\/glossary\/#arbor-letter-/);
    const heading = page.locator(`[id="arbor-letter-${letter}"]`);
    await expect.poll(() => heading.evaluate((h) => { const r = h.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; })).toBe(true);
    await page.close();
  });
});

describe('a home page that scales', () => {
  it(`shows at most ${HOME_SHOWN.notes} of ${NOTES} notes and ${HOME_SHOWN.recent} recent ones, links to the full list, and weighs what it weighs at any size`, async () => {
    // What the browser loads before search is used: the HTML, its stylesheets and scripts.
    const { page, errors } = await openPage(browser, 'about:blank');
    const bodies: Promise<Buffer>[] = [];
    page.on('response', (r) => void (['document', 'stylesheet', 'script'].includes(r.request().resourceType()) && bodies.push(r.body())));
    await page.goto(big.url, { waitUntil: 'networkidle' });
    const gzip = (await Promise.all(bodies)).reduce((sum, b) => sum + gzipSync(b).length, 0);
    expect(bodies.length).toBeGreaterThanOrEqual(3);
    const topics = await hrefs(page, 'h2:text-is("Topics") + p + ul.page-list a');
    expect(topics.length).toBe(HOME_SHOWN.notes);
    expect(await page.locator('.home-recent li').count()).toBe(HOME_SHOWN.recent);
    const all = page.locator('p.more a[href="/topics/"]');
    expect((await all.textContent())!.trim()).toBe(`All ${NOTES} notes`);
    await all.click();
    await page.waitForURL(/\/topics\/$/);
    // The budget is 60 KB gzip at 5,000 notes; capped lists keep this page the same size from here on (bench/RESULTS.md measures 5,000).
    expect(gzip).toBeLessThan(60 * 1024);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the topics index', () => {
  it('jumps by letter to its group, and every link opens a page', async () => {
    const { page } = await open(notebook, '/topics/');
    expect(await page.locator('#notes').count()).toBe(1);
    expect(await page.locator('#papers').count()).toBe(1);
    const jump = page.locator('nav[aria-label="Notes by letter"] a').last();
    const target = (await jump.getAttribute('href'))!;
    await jump.click();
    await page.waitForURL((u) => u.hash === target);
    const group = page.locator(target);
    await expect.poll(() => group.evaluate((h) => h.getBoundingClientRect().top < innerHeight)).toBe(true);
    const links = await hrefs(page, 'main ul.page-list a');
    expect(links.length).toBeGreaterThan(50);
    const bad = [];
    for (const href of links) if ((await fetch(href)).status !== 200) bad.push(href);
    expect(bad).toEqual([]);
    await page.close();
  });

  it(`splits into one page per letter above ${SPLIT_INDEX_ABOVE} entries, every note on one of them`, async () => {
    const { page, errors } = await open(big, '/topics/');
    expect(await page.locator('main ul.page-list').count()).toBe(0);
    expect(await page.locator('#notes').count()).toBe(1);
    expect(await page.locator('#papers').count()).toBe(1);
    const letters = await hrefs(page, 'nav[aria-label="Notes by letter"] a');
    expect(letters.length).toBe(new Set(words.map((w) => w[0])).size);
    const seen = new Set<string>();
    for (const href of letters) {
      expect(new URL(href).pathname).toMatch(/^\/topics\/~\/[a-z]+\/$/);
      const letterPage = (await open(big, new URL(href).pathname)).page;
      for (const a of await hrefs(letterPage, '#notes + ul.page-list a')) seen.add(a);
      await letterPage.close();
    }
    expect(seen.size).toBe(NOTES);
    // A paper's letter opens that letter's page at its papers, and a note there opens.
    await page.locator('nav[aria-label="Papers by letter"] a').first().click();
    await page.waitForURL(/\/topics\/~\/a\/#papers$/);
    await page.locator('#papers + ul.page-list a').first().click();
    await page.waitForURL(/\/topics\/papers\/p-0\/$/);
    expect((await page.locator('h1').first().textContent())!.trim()).toBe('alpha paper 0');
    expect(errors).toEqual([]);
    await page.close();
  });
});
