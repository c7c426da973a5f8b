/** Glossary filter and full-text search, driven in Chromium on the fixture site (base /kb/). */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, serve, type Served } from '../helpers/site.ts';

let site: Served;
let browser: Browser;
beforeAll(async () => {
  site = await serve(inject('fixtureDist'), '/kb/');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const open = (path: string) => openPage(browser, site.url + path);
const visibleTerms = (page: Page) => page.locator('section.term:visible .term-name').allTextContents();

describe('glossary', () => {
  it('lists every term A–Z with its own anchor, also without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${site.url}glossary/`);
    expect(await visibleTerms(page)).toEqual(['Diffusion', 'Generative', 'Language', 'LoRA', 'Multimodal', 'Vision']);
    expect(await page.locator('section.term#lora .definition .katex').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-glossary-filter]').isVisible()).toBe(false);
    await context.close();
  });

  it('filters by abbreviation as you type, counts matches and keeps the query in the URL', async () => {
    const { page, errors } = await open('glossary/');
    await page.locator('#arbor-glossary-q').fill('VI');
    expect(await visibleTerms(page)).toEqual(['Vision']);
    expect(await page.locator('[data-filter-count]').textContent()).toBe('1 of 6 terms match “VI”');
    expect(new URL(page.url()).searchParams.get('q')).toBe('VI');
    await page.reload();
    expect(await page.locator('#arbor-glossary-q').inputValue()).toBe('VI');
    expect(await visibleTerms(page)).toEqual(['Vision']);
    await page.locator('#arbor-glossary-q').fill('noise');
    expect(await visibleTerms(page)).toEqual(['Diffusion']);
    expect(errors).toEqual([]);
  });

  it('shows where a term appears on its own page: its tree nodes and the notes that mention it', async () => {
    const { page, errors } = await open('glossary/#lora');
    // The glossary says how much, the term's page says where: the glossary does not grow with the notes.
    expect(await page.locator('section.term#lora .usage').textContent()).toContain('mentioned in 1 page');
    expect(await page.locator('section.term .mentioned, section.term .backlinks').count()).toBe(0);
    await page.locator('section.term#lora a[data-term-page]').click();
    await page.waitForURL(/\/kb\/glossary\/lora\/$/);
    expect(await page.locator('h1').textContent()).toContain('LoRA');
    expect(await page.locator('.mentioned a').allTextContents()).toEqual(['Attention Mechanism']);
    await page.locator('.crumb a').click();
    await page.waitForURL(/\/kb\/glossary\/#lora$/);
    await page.goto(`${site.url}glossary/vision/`);
    expect(await page.locator('.appears-in a.node-link').getAttribute('href')).toBe('/kb/trees/ml-map/#node-VI');
    expect(errors).toEqual([]);
  });
});

describe('search', () => {
  it('loads no search code on a topic page until the search box is used', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(`${site.url}topics/attention/`, { waitUntil: 'networkidle' });
    expect(requested.filter((u) => /pagefind|search-ui/.test(u))).toEqual([]);
    const index = page.waitForRequest(/pagefind\.js/);
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('arbor-search-input');
    await index;
    await context.close();
  });

  it('shows the glossary term first for "LoRA", and Enter opens it at its anchor', async () => {
    const { page, errors } = await open('topics/scaling-laws/');
    await page.keyboard.press('Control+k');
    await page.keyboard.type('LoRA');
    const first = page.locator('#arbor-search-results .search-hit').first();
    await first.waitFor();
    expect(await first.locator('.hit-title').textContent()).toBe('LoRA');
    expect(await first.locator('.hit-kind').textContent()).toBe('term');
    expect(await first.getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/kb\/glossary\/#lora$/);
    const entry = page.locator('section.term#lora');
    expect(await entry.evaluate((el) => el.getBoundingClientRect().top >= 0 && el.getBoundingClientRect().top < innerHeight)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('finds a tree by a node label and a relationship label, with arrow keys', async () => {
    const { page } = await open('');
    const input = page.locator('#arbor-search-input');
    await input.fill('Triggers Diffusion');
    await page.locator('#arbor-search-results .search-hit').first().waitFor();
    const hits = page.locator('#arbor-search-results .search-hit');
    const titles = await hits.locator('.hit-title').allTextContents();
    expect(titles).toContain('ML Map');
    const index = titles.indexOf('ML Map');
    for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/kb\/trees\/ml-map\//);
  });

  it('gives a shareable results page that reproduces the results on reload, with a kind filter', async () => {
    const { page } = await open('search/?q=attention');
    const titles = () => page.locator('.search-page-results .hit-title').allTextContents();
    await page.locator('.search-page-results .search-hit').first().waitFor();
    const first = await titles();
    expect(first).toContain('Attention Mechanism');
    await page.reload();
    await page.locator('.search-page-results .search-hit').first().waitFor();
    expect(await titles()).toEqual(first);
    await page.getByLabel('Papers').check();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('kind') === 'paper');
    await page.waitForFunction(() => document.querySelector('[data-search-status]')?.textContent?.includes('result'));
    for (const kind of await page.locator('.search-page-results .hit-kind').allTextContents()) expect(kind).toBe('paper');
  });

  it('shows a hostile query as text and runs nothing', async () => {
    const payload = '<img src=x onerror=alert(1)>';
    const { page, errors } = await open(`search/?q=${encodeURIComponent(payload)}`);
    await page.waitForFunction(() => (document.querySelector('[data-search-status]')?.textContent ?? '').length > 0);
    expect(await page.locator('[data-search-status]').textContent()).toContain(payload);
    await page.locator('#arbor-search-input').fill(payload);
    await page.locator('#arbor-search-results').waitFor();
    expect(await page.locator('#arbor-search-results').textContent()).toContain(payload);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
