/**
 * Focus in a diagram and edges that carry their source (issue 12), on the real notebook in Chromium
 * at 1280×900: `#node-VI` and `#edge-VI-DI` light a neighbourhood with and without JavaScript;
 * hover, click, Tab and Escape; an edge names its paper and relationship and leads to the paper's
 * note; the focus's link can be copied; axe finds nothing serious with a focus on.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, projectRoot, serve, type Served } from '../helpers/site.ts';
import { seriousViolations } from '../helpers/axe.ts';

let browser: Browser;
let notebook: Served;
const contexts: BrowserContext[] = [];

const MAP = 'trees/ml-in-2025-concept-map/';
// content/trees/ml-in-2025-concept-map.md: "%% P7: DiffDis: …" then "VI -->|Triggers Diffusion 💧| DI".
const EDGE = 'edge-VI-DI';
const PAPER = '/topics/papers/p07-diffdis/';
const source = readFileSync(join(projectRoot, 'content', 'trees', 'ml-in-2025-concept-map.md'), 'utf8');
const definition = readFileSync(join(projectRoot, 'content', 'glossary', 'rel-triggers-diffusion.md'), 'utf8');

beforeAll(async () => {
  [notebook, browser] = await Promise.all([serve(inject('notebookDist')), launchBrowser()]);
});
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await notebook?.close();
});

async function open(path: string, options: { javaScript?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: options.javaScript ?? true, reducedMotion: 'reduce' });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${notebook.url}${path}`);
  return page;
}

interface Lighting {
  /** Opacity of each node's shape, by node id. */
  nodes: Record<string, number>;
  /** Each edge line's ends and opacity, by edge anchor. */
  edges: Record<string, { ends: string[]; opacity: number }>;
  /** Each node's neighbours, as the drawing lists them. */
  adj: Record<string, string[]>;
  /** Opacity of the text of a node's label (dimmed labels must still read). */
  text: Record<string, number>;
  focusClass: boolean;
}

// A string, so the page runs it as written (no transform of the test's code gets in between).
const PROBE = `(() => {
  const svg = document.querySelector('svg[data-diagram]');
  const shape = (el) => (el.matches('path') ? el : el.querySelector('.label-container, rect.background'));
  const opacity = (el) => Number(getComputedStyle(shape(el)).opacity);
  const out = { nodes: {}, edges: {}, adj: {}, text: {}, focusClass: svg.classList.contains('arbor-focus') };
  for (const n of svg.querySelectorAll('g[data-node]')) {
    const id = n.getAttribute('data-node');
    out.nodes[id] = opacity(n);
    out.adj[id] = (n.getAttribute('data-adj') || '').split(' ').filter(Boolean);
    out.text[id] = Number(getComputedStyle(n.querySelector('text')).opacity);
  }
  for (const p of svg.querySelectorAll('path[data-edge-anchor]')) out.edges[p.getAttribute('data-edge-anchor')] = { ends: p.getAttribute('data-ends').split(' '), opacity: opacity(p) };
  return out;
})()`;

const lighting = (page: Page) => page.evaluate(PROBE) as Promise<Lighting>;

/** The colour a CSS colour expression (`var(--highlight)`) computes to on the page, as the browser writes strokes. */
const colour = (page: Page, css: string) =>
  page.evaluate((value) => {
    const probe = document.createElement('span');
    probe.style.color = value;
    document.body.append(probe);
    const c = getComputedStyle(probe).color;
    probe.remove();
    return c;
  }, css);

/** Asserts that exactly the node, its neighbours and its edges are lit, and everything else is dimmed. */
function expectNodeFocus(l: Lighting, node: string): void {
  const near = new Set([node, ...l.adj[node]!]);
  expect(l.adj[node]!.length).toBeGreaterThan(0);
  for (const [id, o] of Object.entries(l.nodes)) expect([id, o]).toEqual([id, near.has(id) ? 1 : 0.25]);
  for (const [anchor, e] of Object.entries(l.edges)) expect([anchor, e.opacity]).toEqual([anchor, e.ends.includes(node) ? 1 : 0.25]);
  // Dimmed labels keep a contrast that reads: their text fades less than their shapes.
  for (const [id, o] of Object.entries(l.text)) expect(o).toBeGreaterThanOrEqual(near.has(id) ? 1 : 0.7);
}

function expectEdgeFocus(l: Lighting, anchor: string): void {
  const ends = l.edges[anchor]!.ends;
  for (const [id, o] of Object.entries(l.nodes)) expect([id, o]).toEqual([id, ends.includes(id) ? 1 : 0.25]);
  for (const [a, e] of Object.entries(l.edges)) expect([a, e.opacity]).toEqual([a, a === anchor ? 1 : 0.25]);
}

const nothingDimmed = (l: Lighting) => Object.values(l.nodes).every((o) => o === 1) && Object.values(l.edges).every((e) => e.opacity === 1);

describe('the concept map: the content behind the test', () => {
  it('has the edge the tests open, under its paper', () => {
    const p7 = source.indexOf('%% P7: DiffDis');
    expect(p7).toBeGreaterThan(0);
    expect(source.indexOf('VI -->|Triggers Diffusion', p7)).toBeGreaterThan(p7);
    expect(definition).toContain('kind: "relationship"');
  });
});

describe('focus without JavaScript', () => {
  it('#node-VI lights Vision, its edges and its neighbours and dims the rest', async () => {
    const page = await open(`${MAP}#node-VI`, { javaScript: false });
    const l = await lighting(page);
    expectNodeFocus(l, 'VI');
    // Vision itself is drawn in the highlight colour.
    const stroke = await page.evaluate(() => getComputedStyle(document.querySelector('#node-VI .label-container')!).stroke);
    expect(stroke).toBe(await colour(page, 'var(--highlight)'));
  });

  it(`#${EDGE} lights the edge, its label and its two nodes`, async () => {
    const page = await open(`${MAP}#${EDGE}`, { javaScript: false });
    expectEdgeFocus(await lighting(page), EDGE);
    const label = await page.evaluate((id) => {
      const g = document.getElementById(id)!;
      return { stroke: getComputedStyle(g.querySelector('rect.background')!).stroke, title: g.querySelector('a > title')?.textContent ?? '', href: g.querySelector('a')?.getAttribute('href') };
    }, EDGE);
    expect(label.stroke).toBe(await colour(page, 'var(--highlight)'));
    // The native tooltip (and the link's accessible name) names the claim, its paper and the relationship's definition.
    expect(label.title).toMatch(/^Triggers Diffusion \(Vision → Diffusion\) — P7: DiffDis: .+ — Initiates generative diffusion processes\.$/);
    expect(label.href).toBe(PAPER);
  });

  it('without a target, nothing is dimmed', async () => {
    const page = await open(MAP, { javaScript: false });
    expect(nothingDimmed(await lighting(page))).toBe(true);
  });
});

describe('focus with JavaScript', () => {
  it('#node-VI lights the same neighbourhood, in view, with its link to copy', async () => {
    const page = await open(`${MAP}#node-VI`);
    await page.waitForFunction(() => document.querySelector('svg[data-diagram]')?.classList.contains('arbor-focus'));
    const l = await lighting(page);
    expect(l.focusClass).toBe(true);
    expectNodeFocus(l, 'VI');
    const seen = await page.evaluate(() => {
      const node = document.getElementById('node-VI')!.getBoundingClientRect();
      const view = document.querySelector('.diagram-viewport')!.getBoundingClientRect();
      return node.left < view.right && node.right > view.left && node.top < view.bottom && node.bottom > view.top && node.top >= 0 && node.bottom <= innerHeight;
    });
    expect(seen).toBe(true);
    const card = page.locator('.diagram-focus-card:not([hidden])');
    await expect.poll(() => card.isVisible()).toBe(true);
    expect(await card.textContent()).toContain('Vision');
    expect(await card.locator('button').textContent()).toBe('Copy link to this node');
  });

  it('no critical or serious axe violation with a focus on', async () => {
    const page = await open(`${MAP}#node-VI`);
    await page.waitForFunction(() => document.querySelector('svg[data-diagram]')?.classList.contains('arbor-focus'));
    expect(await seriousViolations(page)).toEqual([]);
    await page.hover(`#${EDGE}`);
    await expect.poll(() => page.locator('.diagram-focus-card:not([hidden])').textContent()).toContain('DiffDis');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('hovering a node lights its neighbourhood; leaving it clears', async () => {
    const page = await open(MAP);
    expect(nothingDimmed(await lighting(page))).toBe(true);
    await page.hover('#node-CO');
    await expect.poll(async () => (await lighting(page)).nodes.CO).toBe(1);
    expectNodeFocus(await lighting(page), 'CO');
    expect(await page.locator('.diagram-focus-card:not([hidden])').textContent()).toContain('Compression');
    await page.mouse.move(5, 5);
    await expect.poll(async () => nothingDimmed(await lighting(page))).toBe(true);
    expect(await page.locator('.diagram-focus-card:not([hidden])').isVisible()).toBe(false);
  });

  it('hovering an edge names its paper and definition; clicking it opens the paper’s note', async () => {
    const page = await open(MAP);
    await page.hover(`#${EDGE}`);
    const card = page.locator('.diagram-focus-card:not([hidden])');
    await expect.poll(() => card.isVisible()).toBe(true);
    const text = (await card.textContent())!;
    expect(text).toContain('Triggers Diffusion');
    expect(text).toContain('P7: DiffDis: Empowering Generative Diffusion Model');
    expect(text).toContain('Initiates generative diffusion processes.');
    expect(await card.locator('a').getAttribute('href')).toBe(PAPER);
    expectEdgeFocus(await lighting(page), EDGE);
    await page.click(`#${EDGE} a`);
    await page.waitForURL((u) => u.pathname === PAPER);
    expect(await page.locator('h1').textContent()).toContain('DiffDis');
  });

  it('a click on a node that is no link pins its neighbourhood, a click on a linked node follows it, Escape clears', async () => {
    const page = await open('trees/asynchronous-hpc-patterns/');
    const plain = await page.evaluate(() => [...document.querySelectorAll('svg[data-diagram] g[data-node][data-adj]')].find((n) => !n.closest('a') && !n.querySelector('a'))?.id);
    expect(plain).toBeTruthy();
    await page.click(`[id="${plain}"]`);
    await page.mouse.move(5, 5); // the pin stays when the pointer goes
    const node = (await page.evaluate((id) => document.getElementById(id)!.getAttribute('data-node'), plain!))!;
    await page.waitForTimeout(400);
    expectNodeFocus(await lighting(page), node);
    await page.keyboard.press('Escape');
    await expect.poll(async () => nothingDimmed(await lighting(page))).toBe(true);

    const linked = await open(MAP);
    const href = await linked.evaluate(() => document.querySelector('#node-VI a')!.getAttribute('href'));
    await linked.click('#node-VI');
    await linked.waitForURL((u) => `${u.pathname}${u.hash}` === href);
  });

  it(`#${EDGE} focuses the edge; its card copies the edge’s link`, async () => {
    const page = await open(`${MAP}#${EDGE}`);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(notebook.url).origin });
    await page.waitForFunction(() => document.querySelector('svg[data-diagram]')?.classList.contains('arbor-focus'));
    expectEdgeFocus(await lighting(page), EDGE);
    const button = page.locator('.diagram-focus-card button');
    expect(await button.textContent()).toBe('Copy link to this edge');
    await button.click();
    await expect.poll(() => button.textContent()).toBe('Copied ✓');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${notebook.url}${MAP}#${EDGE}`);
  });

  it('Tab reaches an edge and a node, each with a visible focus ring, and lights it', async () => {
    const page = await open(MAP);
    const accent = await colour(page, 'var(--accent)');
    await page.focus('.diagram-toolbar button:last-of-type');
    const ring = () =>
      page.evaluate(() => {
        const a = document.activeElement!;
        const item = a.closest('[data-node], g[data-edge-anchor]') ?? a.querySelector('[data-node]');
        const shape = a.querySelector('.label-container, rect.background');
        return { item: item?.id, node: item?.hasAttribute('data-node') ?? false, stroke: shape ? getComputedStyle(shape).stroke : '', width: shape ? getComputedStyle(shape).strokeWidth : '', inSvg: !!a.closest('svg') };
      });
    let state = await ring();
    let edge: typeof state | undefined;
    for (let i = 0; i < 120 && !(edge && state.node); i++) {
      await page.keyboard.press('Tab');
      state = await ring();
      if (!edge && state.item && !state.node) {
        edge = state;
        expect(await page.locator('.diagram-focus-card:not([hidden])').textContent()).toMatch(/Source: P\d+:/);
        expectEdgeFocus(await lighting(page), state.item);
      }
    }
    expect(edge?.item).toMatch(/^edge-/);
    expect(edge!.stroke).toBe(accent);
    expect(parseFloat(edge!.width)).toBeGreaterThanOrEqual(3);
    expect(state.node).toBe(true);
    expect(state.stroke).toBe(accent);
    expect(await page.locator('.diagram-focus-card:not([hidden])').textContent()).toContain('Copy link to this node');
    expectNodeFocus(await lighting(page), state.item!.replace(/^node-/, ''));
  });
});
