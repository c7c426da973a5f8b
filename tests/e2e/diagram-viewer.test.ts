/**
 * The diagram viewer on the user's notebook, as a reader meets it (issue 12): the flagship concept
 * map opens with labels that read on a laptop and a phone, fits, goes full screen, zooms by button,
 * key, wheel and pinch, pans by drag, and its nodes stay links at every zoom; a tall diagram is
 * shown whole; no table of contents covers a tree.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchBrowser, serve, type Served } from '../helpers/site.ts';

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

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 800 };
const MAP = 'trees/ml-in-2025-concept-map/';
/** A paper's diagram, drawn 275 × 1,311: taller than any window. */
const TALL = 'topics/papers/bluefog-make-decentralized-algorithms-practical-for/';

async function open(path: string, viewport = DESKTOP, javaScriptEnabled = true): Promise<{ page: Page; figure: Locator }> {
  const phone = viewport.width < 500;
  const context = await browser.newContext({ viewport, hasTouch: phone, isMobile: phone, javaScriptEnabled });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(site.url + path);
  const figure = page.locator('figure.diagram').first();
  await figure.locator('.diagram-viewport > svg').waitFor();
  if (javaScriptEnabled) await page.waitForFunction(() => document.querySelector('figure.diagram')?.classList.contains('viewer'));
  expect(errors).toEqual([]);
  return { page, figure };
}

/** What the reader sees of the drawing: label height in CSS px, its box and its view's. */
function view(figure: Locator) {
  return figure.evaluate((fig) => {
    const svg = fig.querySelector<SVGSVGElement>('.diagram-viewport > svg')!;
    const viewport = fig.querySelector<HTMLElement>('.diagram-viewport')!;
    const label = svg.querySelector('.nodeLabel, .label text, text')!;
    const shown = svg.getBoundingClientRect();
    const port = viewport.getBoundingClientRect();
    return {
      labelPx: (parseFloat(getComputedStyle(label).fontSize) * shown.width) / svg.viewBox.baseVal.width,
      width: shown.width,
      whole: viewport.scrollWidth <= viewport.clientWidth + 1 && viewport.scrollHeight <= viewport.clientHeight + 1,
      inWindow: port.top >= 0 && port.bottom <= innerHeight && port.left >= 0 && port.right <= innerWidth,
      port: { width: port.width, height: port.height },
      scroll: { left: viewport.scrollLeft, top: viewport.scrollTop },
    };
  });
}

describe('the concept map at 1280×900', () => {
  it('opens with labels of at least 10 px, and an overview that says where the view is', async () => {
    const { figure } = await open(MAP);
    const v = await view(figure);
    expect(v.labelPx).toBeGreaterThanOrEqual(10);
    expect(v.whole).toBe(false);
    expect(await figure.locator('.diagram-overview').isVisible()).toBe(true);
    const marker = await figure.locator('.diagram-overview > div').boundingBox();
    const overview = await figure.locator('.diagram-overview').boundingBox();
    expect(marker!.width).toBeLessThan(overview!.width);
  });

  it('Fit shows the whole drawing both ways; + and − and the keys zoom; drag pans', async () => {
    const { page, figure } = await open(MAP);
    await figure.getByRole('button', { name: 'Fit the whole diagram' }).click();
    let v = await view(figure);
    expect(v.whole).toBe(true);
    const fitted = v.width;
    await figure.getByRole('button', { name: 'Zoom in' }).click();
    expect((await view(figure)).width).toBeCloseTo(fitted * 1.25, 0);
    await figure.getByRole('button', { name: 'Zoom out' }).click();
    expect((await view(figure)).width).toBeCloseTo(fitted, 0);
    const viewport = figure.locator('.diagram-viewport');
    await viewport.focus();
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    v = await view(figure);
    expect(v.width).toBeGreaterThan(fitted * 1.5);
    await page.keyboard.press('ArrowRight');
    expect((await view(figure)).scroll.left).toBeGreaterThan(v.scroll.left);
    await page.keyboard.press('0');
    expect((await view(figure)).whole).toBe(true);
    // Ctrl + wheel (and a trackpad pinch, which arrives as one) zooms at the pointer.
    const box = (await viewport.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -300);
    await page.keyboard.up('Control');
    v = await view(figure);
    expect(v.width).toBeGreaterThan(fitted * 2);
    // Drag to pan.
    await page.mouse.move(box.x + 200, box.y + 100);
    await page.mouse.down();
    await page.mouse.move(box.x + 100, box.y + 60, { steps: 5 });
    await page.mouse.up();
    const after = (await view(figure)).scroll;
    expect(after.left).toBeGreaterThan(v.scroll.left + 50);
  });

  it('keeps nodes as links at every zoom', async () => {
    const { page, figure } = await open(MAP);
    for (let i = 0; i < 3; i++) await figure.getByRole('button', { name: 'Zoom in' }).click();
    const node = figure.locator('[data-node="VI"] a').first();
    await node.scrollIntoViewIfNeeded();
    await node.click();
    await page.waitForURL(/\/glossary\/#vision$/);
  });

  it('full screen fills the screen, with labels that read', async () => {
    const { page, figure } = await open(MAP);
    await figure.getByRole('button', { name: 'Full screen' }).click();
    await page.waitForFunction(() => document.fullscreenElement?.matches('figure.diagram') || document.querySelector('figure.pseudo-fullscreen'));
    await page.waitForTimeout(200);
    const rect = (await figure.boundingBox())!;
    const inner = await page.evaluate(() => ({ w: innerWidth, h: innerHeight }));
    expect(rect.width).toBeGreaterThanOrEqual(inner.w - 1);
    expect(rect.height).toBeGreaterThanOrEqual(inner.h - 1);
    const v = await view(figure);
    expect(v.labelPx).toBeGreaterThanOrEqual(10);
    expect(v.port.height).toBeGreaterThan(inner.h * 0.85);
    await figure.getByRole('button', { name: 'Exit full screen' }).click();
    await page.waitForFunction(() => !document.fullscreenElement && !document.querySelector('figure.pseudo-fullscreen'));
  });

  it('without JavaScript, opens with labels that read and scrolls', async () => {
    const { figure } = await open(MAP, DESKTOP, false);
    const v = await view(figure);
    expect(v.labelPx).toBeGreaterThanOrEqual(10);
    expect(v.whole).toBe(false);
  });
});

describe('the concept map on a 375×800 phone', () => {
  it('opens with labels of at least 10 px and a title that reads', async () => {
    const { figure } = await open(MAP, PHONE);
    expect((await view(figure)).labelPx).toBeGreaterThanOrEqual(10);
    const title = figure.locator('.diagram-title');
    expect((await title.boundingBox())!.width).toBeGreaterThan(180);
    expect(await title.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  });

  it('a tap opens it full screen, where two fingers pinch to zoom', async () => {
    const { page, figure } = await open(MAP, PHONE);
    await figure.locator('.diagram-viewport').tap({ position: { x: 6, y: 6 } });
    await page.waitForFunction(() => document.querySelector('figure.diagram')?.classList.contains('pseudo-fullscreen'));
    const rect = (await figure.boundingBox())!;
    expect(rect.width).toBeGreaterThanOrEqual(PHONE.width - 1);
    expect(rect.height).toBeGreaterThanOrEqual(PHONE.height - 1);
    const before = (await view(figure)).width;
    // A pinch: two touch points moving apart, sent as the touch screen would (CDP).
    const cdp = await page.context().newCDPSession(page);
    const at = (spread: number) => [
      { x: 187 - spread, y: 400, id: 1 },
      { x: 187 + spread, y: 400, id: 2 },
    ];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(40) });
    for (const s of [60, 80, 100, 120]) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(s) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    expect((await view(figure)).width).toBeGreaterThan(before * 2);
  });
});

describe('a tall diagram', () => {
  it('is shown whole, with labels that read, and no inner scroll area', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const { figure } = await open(TALL, viewport);
      const v = await view(figure);
      expect(v.labelPx, `${viewport.width}`).toBeGreaterThanOrEqual(10);
      expect(v.whole, `${viewport.width}`).toBe(true);
      expect(await figure.evaluate((f) => f.classList.contains('clipped'))).toBe(false);
    }
  });
});

describe('room to breathe', () => {
  it('the table of contents never covers a tree or its controls', async () => {
    for (const path of ['trees/async-hpc-patterns-map/', 'trees/asynchronous-hpc-patterns/', MAP]) {
      const { page, figure } = await open(path);
      const toc = (await page.locator('nav.toc').count()) ? await page.locator('nav.toc').boundingBox() : null;
      const fig = (await figure.boundingBox())!;
      if (toc) expect(toc.x >= fig.x + fig.width || toc.x + toc.width <= fig.x || toc.y >= fig.y + fig.height || toc.y + toc.height <= fig.y, path).toBe(true);
      // Every control is on top where it is drawn.
      for (const button of await figure.locator('.diagram-controls button').all()) {
        const b = (await button.boundingBox())!;
        const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.closest('button')?.textContent ?? null, [b.x + b.width / 2, b.y + b.height / 2]);
        expect(hit, path).toBe(await button.textContent());
      }
    }
  });
});
