/**
 * Link previews (issue 16) in Chromium on the notebook: a note, tree, glossary or diagram-node link
 * shows its target's title and text on hover (after a delay) and on focus, closes on Escape and
 * when the pointer leaves link and card, fetches nothing before the first preview, and on a
 * phone previews on the first tap and follows on the second. Axe stays clean with a card open.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { JSDOM } from 'jsdom';
import { launchBrowser, serve, type Served } from '../helpers/site.ts';
import { seriousViolations } from '../helpers/axe.ts';

let browser: Browser;
let site: Served;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [site, browser] = await Promise.all([serve(inject('notebookDist')), launchBrowser()]);
});
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await site?.close();
});

const TREE = 'trees/ml-in-2025-concept-map/';
const NOTE = 'topics/papers/p01-enhancing-mllms/';

/** The h1 of a built page, as the card should show it. */
function heading(path: string): string {
  const html = readFileSync(join(inject('notebookDist'), path, 'index.html'), 'utf8');
  const h1 = new JSDOM(html).window.document.querySelector('h1')!;
  for (const hidden of h1.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
  return h1.textContent!.trim();
}

async function open(path: string, options: { phone?: boolean; colorScheme?: 'light' | 'dark' } = {}): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const phone = options.phone ?? false;
  const context = await browser.newContext({ viewport: phone ? { width: 375, height: 800 } : { width: 1280, height: 900 }, hasTouch: phone, isMobile: phone, colorScheme: options.colorScheme ?? 'light' });
  contexts.push(context);
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => void requests.push(r.url()));
  page.on('pageerror', (e) => void errors.push(e.message));
  page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
  await page.goto(site.url + path);
  await page.waitForLoadState('networkidle');
  return { page, requests, errors };
}

const card = (page: Page) => page.locator('#arbor-link-preview');

describe('a link preview', () => {
  it('opens on hover after a delay, fetching the target only then, and closes when the pointer leaves', async () => {
    const { page, requests, errors } = await open(TREE);
    const link = page.locator(`.prose a.internal-link[href="/${NOTE}"]`).first();
    const target = site.url + NOTE;
    await page.waitForTimeout(500);
    expect(requests.filter((u) => u.startsWith(target))).toEqual([]);
    // When the pointer came onto the link, and when the card showed.
    await page.evaluate(() => {
      const w = window as unknown as { times: { over?: number; shown?: number } };
      w.times = {};
      document.addEventListener('pointerover', () => void (w.times.over ??= performance.now()), { capture: true });
      const c = document.getElementById('arbor-link-preview')!;
      new MutationObserver(() => void (!c.hidden && (w.times.shown ??= performance.now()))).observe(c, { attributes: true });
    });
    await link.hover();
    await card(page).locator('.link-preview-title').waitFor();
    const times = await page.evaluate(() => (window as unknown as { times: { over: number; shown: number } }).times);
    expect(times.shown - times.over).toBeGreaterThanOrEqual(250);
    expect(await card(page).locator('.link-preview-title').textContent()).toBe(heading(NOTE));
    expect((await card(page).locator('.link-preview-text').textContent())!.length).toBeGreaterThan(10);
    expect(requests.filter((u) => u.startsWith(target))).toEqual([target]);
    expect(await link.getAttribute('aria-describedby')).toBe('arbor-link-preview');
    // The card counts as inside: moving onto it keeps it open.
    const box = (await card(page).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
    await page.waitForTimeout(400);
    expect(await card(page).isVisible()).toBe(true);
    // Leaving both closes it; a second preview of the same link is served from the cache.
    await page.mouse.move(5, 880, { steps: 5 });
    await page.waitForTimeout(400);
    expect(await card(page).isVisible()).toBe(false);
    expect(await link.getAttribute('aria-describedby')).toBeNull();
    await link.hover();
    await card(page).locator('.link-preview-title').waitFor();
    expect(requests.filter((u) => u.startsWith(target))).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('opens on keyboard focus without taking it, and closes on Escape', async () => {
    const { page } = await open(TREE);
    const link = page.locator(`.prose a.internal-link[href="/${NOTE}"]`).first();
    // Tab to the link from the element before it, as a keyboard reader does.
    for (let i = 0; i < 400 && !(await link.evaluate((a) => a === document.activeElement)); i++) {
      await page.keyboard.press('Tab');
      // Every stop before the link is previewed or not, but never holds the focus back.
      if (i === 0) expect(await page.evaluate(() => document.activeElement !== document.body)).toBe(true);
    }
    expect(await link.evaluate((a) => a === document.activeElement)).toBe(true);
    await card(page).locator('.link-preview-title').waitFor();
    expect(await card(page).locator('.link-preview-title').textContent()).toBe(heading(NOTE));
    expect(await link.evaluate((a) => a === document.activeElement)).toBe(true);
    await page.keyboard.press('Escape');
    expect(await card(page).isVisible()).toBe(false);
    expect(await link.evaluate((a) => a === document.activeElement)).toBe(true);
    // Tabbing on moves the preview to the next link or closes it; it never traps focus.
    await page.keyboard.press('Tab');
    expect(await link.evaluate((a) => a === document.activeElement)).toBe(false);
  });

  it('of a glossary term shows its entry instead of the inline tooltip', async () => {
    const { page } = await open('topics/scaling-laws-in-ai-model-training/');
    const link = page.locator('.prose a.term-link[data-term="scaling-laws"]').first();
    await link.hover();
    await card(page).locator('.link-preview-title').waitFor();
    expect(await card(page).locator('.link-preview-title').textContent()).toBe(heading('glossary/scaling-laws/'));
    expect(await card(page).locator('.link-preview-text').textContent()).toContain('power law');
    expect(await link.locator('.term-tip').isVisible()).toBe(false);
  });

  it('of a diagram node shows the node’s term', async () => {
    const { page } = await open(TREE);
    const node = page.locator('svg[data-diagram] [data-node="VI"] a').first();
    await node.scrollIntoViewIfNeeded();
    await node.hover();
    await card(page).locator('.link-preview-title').waitFor();
    expect(await card(page).locator('.link-preview-title').textContent()).toBe(heading('glossary/vision/'));
    // The card leaves the node it previews in sight.
    const [n, c] = [(await node.boundingBox())!, (await card(page).boundingBox())!];
    expect(c.y + c.height <= n.y + 1 || c.y >= n.y + n.height - 1).toBe(true);
    // …and the node's focus card (its "Copy link"), above or below the node, stays uncovered.
    const focus = page.locator('.diagram-focus-card:not([hidden])');
    await focus.waitFor();
    const f = (await focus.boundingBox())!;
    const overlap = Math.min(c.y + c.height, f.y + f.height) - Math.max(c.y, f.y) > 1 && Math.min(c.x + c.width, f.x + f.width) - Math.max(c.x, f.x) > 1;
    expect(overlap).toBe(false);
  });

  it('of a tree shows its diagram as a picture', async () => {
    const { page } = await open('topics/deepseek-moe-architecture/');
    await page.locator('.prose a[href^="/trees/"]').first().hover();
    const img = card(page).locator('img.link-preview-figure');
    await img.waitFor();
    await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBeGreaterThan(0);
    const box = (await card(page).boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(24 * 16 + 2);
  });

  it('on a phone: the first tap previews and stays, a tap elsewhere closes, the second tap follows', async () => {
    const { page } = await open(TREE, { phone: true });
    const url = page.url();
    const link = page.locator(`.prose a.internal-link[href="/${NOTE}"]`).first();
    await link.tap();
    await card(page).locator('.link-preview-title').waitFor();
    expect(page.url()).toBe(url);
    const box = (await card(page).boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(375);
    expect(box.y + box.height).toBeLessThanOrEqual(800);
    await page.locator('h1').tap();
    expect(await card(page).isVisible()).toBe(false);
    await link.tap();
    await card(page).waitFor();
    await link.tap();
    await page.waitForURL(site.url + NOTE);
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`leaves the page free of serious axe violations while open (${colorScheme})`, async () => {
      const { page } = await open(TREE, { colorScheme });
      await page.locator(`.prose a.internal-link[href="/${NOTE}"]`).first().hover();
      await card(page).locator('.link-preview-title').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.mouse.move(5, 880);
      await page.locator('.prose a.term-link, svg[data-diagram] [data-node="VI"] a').first().focus();
      await card(page).locator('.link-preview-title').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
});
