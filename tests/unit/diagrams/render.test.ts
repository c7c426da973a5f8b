/** renderDiagrams: build-time SVG in one headless Chromium (several tabs), cached by content hash, themed by CSS variables. */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { visit } from 'unist-util-visit';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDiagram } from '../../../src/core/diagrams/parse.ts';
import { findBrowser } from '../../../src/core/diagrams/browser.ts';
import { diagramKey } from '../../../src/core/diagrams/cache.ts';
import { defaultConcurrency, renderDiagrams, type RenderJob } from '../../../src/core/diagrams/draw.ts';
import { DIAGRAM_CSS_VARIABLES, diagramCssText, sentinelColors, themeSvg } from '../../../src/core/diagrams/theme.ts';
import { decorateSvg } from '../../../src/core/diagrams/svg.ts';

/** The first element whose hast property `prop` equals `value`. */
function elementWith(tree: Root, prop: string, value: string): Element | undefined {
  let found: Element | undefined;
  visit(tree, 'element', (el) => {
    if (!found && el.properties[prop] === value) found = el;
  });
  return found;
}

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const seeds: { source: string }[] = JSON.parse(fixture('seed-diagrams.json'));
const FLOW = fixture('flowchart.mmd');
const SEQUENCE = 'sequenceDiagram\n  Alice->>Bob: Hello\n  Note right of Bob: thinks\n  Bob-->>Alice: Hi';
const BAD = 'flowchart TD\n  A[Foo (bar)] --> B';

const job = (source: string): RenderJob => ({ key: diagramKey(source), source });
const dirs: string[] = [];
const cacheDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'arbor-dg-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Colour literals as mermaid writes them (hex, rgb/rgba/hsl/hsla functions). */
const colours = (svg: string) => new Set(svg.match(/#[0-9a-fA-F]{3,8}\b|\b(?:rgba?|hsla?)\([^()]*\)/g) ?? []);

describe('diagramKey and themeSvg (no browser)', () => {
  it('keys are sha256 hex, stable, and change with the source', () => {
    expect(diagramKey(FLOW)).toMatch(/^[0-9a-f]{64}$/);
    expect(diagramKey(FLOW)).toBe(diagramKey(FLOW));
    expect(diagramKey(FLOW)).not.toBe(diagramKey(`${FLOW} `));
  });

  it('replaces a sentinel in every form mermaid writes it, and nothing else', () => {
    const [s] = sentinelColors();
    const n = (i: number) => parseInt(s!.slice(1 + 2 * i, 3 + 2 * i), 16);
    const [r, g, b] = [n(0), n(1), n(2)];
    const svg =
      `<rect fill="${s}" style="stroke:${s!.toUpperCase()}"/>` +
      `<style>.a{fill:rgb(${r}, ${g}, ${b})}.b{fill:rgba(${r},${g},${b},0.5)}.c{fill:#ffcc00}.d{fill:rgb(1, 2, 3)}</style>`;
    const out = themeSvg(svg);
    expect(out).toBe(
      '<rect fill="var(--arbor-dg-background)" style="stroke:var(--arbor-dg-background)"/>' +
        '<style>.a{fill:var(--arbor-dg-background)}.b{fill:color-mix(in srgb, var(--arbor-dg-background) 50%, transparent)}' +
        '.c{fill:#ffcc00}.d{fill:rgb(1, 2, 3)}</style>',
    );
  });

  it('recognises a sentinel written as hsl()', () => {
    const hsl = 'hsl(247.8260869565, 97.4576271186%, 46.2745098039%)'; // #2103e9, as khroma writes it
    expect(themeSvg(`<x fill="${hsl}"/>`)).toBe('<x fill="var(--arbor-dg-background)"/>');
  });

  it('declares light and dark values for every variable, as a stylesheet', () => {
    const names = Object.keys(DIAGRAM_CSS_VARIABLES);
    expect(names).toHaveLength(14); // a small palette, though every theme variable has its own sentinel
    expect(sentinelColors().length).toBeGreaterThan(100);
    expect(new Set(sentinelColors()).size).toBe(sentinelColors().length);
    for (const [name, v] of Object.entries(DIAGRAM_CSS_VARIABLES)) {
      expect(name).toMatch(/^--arbor-dg-[a-z0-9-]+$/);
      expect(v.light).toMatch(/^#[0-9a-f]{6}$/);
      expect(v.dark).toMatch(/^#[0-9a-f]{6}$/);
    }
    const css = diagramCssText();
    expect(css).toContain(`--arbor-dg-node-border: ${DIAGRAM_CSS_VARIABLES['--arbor-dg-node-border']!.light};`);
    expect(css).toMatch(/@media \(prefers-color-scheme: dark\)[\s\S]*--arbor-dg-node-border: #8f96f2;/);
  });

  it('finds the browser from $ARBOR_CHROMIUM, honours "none", and searches PATH', () => {
    expect(findBrowser({ ARBOR_CHROMIUM: 'none', PATH: '/usr/bin' })).toBeNull();
    expect(findBrowser({ PATH: '/nonexistent' })).toBeNull();
    if (existsSync('/usr/bin/chromium')) {
      expect(findBrowser({ ARBOR_CHROMIUM: '/usr/bin/chromium', PATH: '' })).toBe('/usr/bin/chromium');
      expect(findBrowser({ PATH: '/nonexistent:/usr/bin' })).toBe('/usr/bin/chromium');
    }
  });

  it('without a usable browser, returns browser=null and no SVGs, and does not throw', async () => {
    const dir = cacheDir();
    const r = await renderDiagrams([job(FLOW)], { cacheDir: dir, browserPath: '/nonexistent/chromium' });
    expect(r).toMatchObject({ browser: null, drawn: 0, cached: 0, failed: [] });
    expect(r.svgs.size).toBe(0);
    const r2 = await renderDiagrams([job(FLOW)], { cacheDir: dir, browserPath: null });
    expect(r2.browser).toBeNull();
    expect(readdirSync(dir)).toEqual([]);
  });
});

const browser = findBrowser();
if (!browser) console.warn('render tests skipped: no Chromium found (set ARBOR_CHROMIUM or install chromium)');

describe.skipIf(!browser)('renderDiagrams with Chromium', () => {
  const dir = cacheDir();
  const jobs = [job(FLOW), job(SEQUENCE)];
  let first: Awaited<ReturnType<typeof renderDiagrams>>;
  let notebook: Awaited<ReturnType<typeof renderDiagrams>> | undefined;

  it('draws two diagrams in one call and caches them', async () => {
    first = await renderDiagrams(jobs, { cacheDir: dir });
    expect(first).toMatchObject({ drawn: 2, cached: 0, failed: [], browser });
    for (const j of jobs) {
      expect(first.svgs.get(j.key)).toMatch(/^<svg /);
      expect(readFileSync(join(dir, `${j.key}.svg`), 'utf8')).toBe(first.svgs.get(j.key));
    }
    expect(readdirSync(dir).sort()).toEqual(jobs.map((j) => `${j.key}.svg`).sort()); // no temp files left
  });

  it('serves the second call from the cache without launching a browser', async () => {
    const again = await renderDiagrams(jobs, { cacheDir: dir });
    expect(again).toMatchObject({ drawn: 0, cached: 2, failed: [], browser: null });
    expect(again.svgs).toEqual(first.svgs);
  });

  it('themes the drawing: CSS variables, no sentinel, no colour mermaid derived on its own', () => {
    const flow = first.svgs.get(jobs[0]!.key)!;
    const seq = first.svgs.get(jobs[1]!.key)!;
    for (const svg of [flow, seq]) {
      expect(svg).toContain('var(--arbor-dg-');
      for (const s of sentinelColors()) expect(svg.toLowerCase()).not.toContain(s);
      for (const [, name] of svg.matchAll(/var\((--arbor-dg-[a-z0-9-]+)\)/g)) expect(DIAGRAM_CSS_VARIABLES).toHaveProperty([name!]);
    }
    // What is left in the flowchart: the author's fill, the label ink chosen for it, and black
    // in two mermaid rules this drawing does not use (KaTeX paths, the 'neo' look's start state).
    expect([...colours(flow)].sort()).toEqual(['#000', '#000000', '#ffcc00', 'rgb(17, 24, 39)']);
  });

  it('keeps the author’s fill and gives its label a readable fixed ink', async () => {
    const svg = first.svgs.get(jobs[0]!.key)!;
    const model = await parseDiagram(FLOW);
    const decorated = decorateSvg(svg, { diagramId: 'd', title: 't', nodeAnchor: (id) => `n-${id}`, nodeHref: () => undefined });
    const geNode = toHtml(elementWith(fromHtml(decorated, { fragment: true, space: 'svg' }), 'dataNode', 'GE')!);
    expect(geNode).toContain('fill:#ffcc00');
    expect(geNode).toMatch(/<text[^>]*style="[^"]*fill: rgb\(17, 24, 39\)/);
    const mmNode = toHtml(elementWith(fromHtml(decorated, { fragment: true, space: 'svg' }), 'dataNode', 'MM')!);
    expect(mmNode).not.toContain('rgb(17, 24, 39)'); // themed nodes keep the theme's text colour
    // and every node of the model is an addressable element of the real drawing
    for (const n of model.nodes) expect(decorated).toContain(`id="n-${n.id}"`);
  });

  it('is deterministic: the same source gives the same bytes, wherever it sits in a batch', async () => {
    const other = cacheDir();
    const r = await renderDiagrams([job(SEQUENCE), job('flowchart LR\n  X --> Y'), job(FLOW)], { cacheDir: other });
    expect(r.drawn).toBe(3);
    expect(r.svgs.get(jobs[0]!.key)).toBe(first.svgs.get(jobs[0]!.key));
    expect(r.svgs.get(jobs[1]!.key)).toBe(first.svgs.get(jobs[1]!.key));
  });

  it('puts a diagram mermaid rejects in `failed`, draws the others, and remembers the failure', async () => {
    const d = cacheDir();
    const r = await renderDiagrams([job(BAD), job('flowchart LR\n  P --> Q')], { cacheDir: d });
    expect(r.drawn).toBe(1);
    expect(r.failed).toEqual([{ key: diagramKey(BAD), message: expect.stringMatching(/Parse error on line 2/) }]);
    expect(r.svgs.has(diagramKey(BAD))).toBe(false);
    const again = await renderDiagrams([job(BAD)], { cacheDir: d });
    expect(again).toMatchObject({ browser: null, drawn: 0, failed: [{ key: diagramKey(BAD) }] });
  });

  it('draws the notebook diagrams (30 distinct) in a few seconds, then serves them all from the cache', async () => {
    const d = cacheDir();
    const all = seeds.map((s) => job(s.source));
    let t0 = performance.now();
    const cold = await renderDiagrams(all, { cacheDir: d });
    const coldMs = performance.now() - t0;
    t0 = performance.now();
    const warm = await renderDiagrams(all, { cacheDir: d });
    const warmMs = performance.now() - t0;
    console.log(
      `renderDiagrams: ${all.length} diagrams cold ${Math.round(coldMs)} ms (browser launch included, ${defaultConcurrency(all.length)} tabs), ` +
        `cached ${Math.round(warmMs)} ms; drawn ${cold.drawn}, failed ${cold.failed.length}`,
    );
    const unique = new Set(all.map((j) => j.key)).size; // the notebook repeats one tree verbatim
    expect(cold.drawn).toBe(unique - 4);
    expect(cold.failed).toHaveLength(4);
    expect(warm).toMatchObject({ drawn: 0, cached: unique - 4, browser: null });
    expect(coldMs).toBeLessThan(30_000);
    expect(warmMs).toBeLessThan(1_000);
    notebook = cold;
  });

  it('draws the same bytes in several tabs as in one, and lists the results in job order', async () => {
    expect(notebook).toBeDefined(); // drawn by the test above, in the default number of tabs
    const all = seeds.map((s) => job(s.source));
    // On a one-core machine the default is one tab: then draw in three here.
    const several = defaultConcurrency(all.length) > 1 ? notebook! : await renderDiagrams(all, { cacheDir: cacheDir(), concurrency: 3 });
    const t0 = performance.now();
    const oneTab = await renderDiagrams(all, { cacheDir: cacheDir(), concurrency: 1 });
    console.log(`renderDiagrams: ${all.length} diagrams cold in 1 tab ${Math.round(performance.now() - t0)} ms`);
    const inJobOrder = [...new Set(all.map((j) => j.key))];
    for (const r of [oneTab, several]) {
      expect([...r.svgs.keys()]).toEqual(inJobOrder.filter((k) => r.svgs.has(k)));
      expect(r.failed.map((f) => f.key)).toEqual(inJobOrder.filter((k) => r.failed.some((f) => f.key === k)));
    }
    expect(oneTab.svgs.size).toBe(inJobOrder.length - 4);
    expect([...several.svgs]).toEqual([...oneTab.svgs]);
    expect(several.failed).toEqual(oneTab.failed);
  });
});

describe('defaultConcurrency', () => {
  it('is one tab per core, at most 4, and never more than the diagrams to draw', () => {
    const cores = availableParallelism();
    expect(defaultConcurrency(1)).toBe(1);
    expect(defaultConcurrency(2)).toBe(Math.min(cores, 2));
    expect(defaultConcurrency(100)).toBe(Math.min(cores, 4));
  });
});
