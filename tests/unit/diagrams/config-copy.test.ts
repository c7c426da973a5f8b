/** The drawing page's faster getConfig (src/core/diagrams/config-copy.ts): the same copy, the same drawings. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { COPY_CONFIG, patchGetConfig } from '../../../src/core/diagrams/config-copy.ts';
import { findBrowser, launchBrowser } from '../../../src/core/diagrams/browser.ts';
import { parseDiagram } from '../../../src/core/diagrams/parse.ts';
import { diagramKey } from '../../../src/core/diagrams/cache.ts';
import { closeDrawingPage, drawOn, DRAWING_SCRIPTS, MERMAID_CONFIG, openDrawingContext, openDrawingPage } from '../../../src/core/diagrams/drawing-page.ts';

type Copy = (config: unknown) => unknown;
type AssignWithDepth = (dst: unknown, src: unknown, opts?: { depth?: number }) => unknown;

/** The function COPY_CONFIG declares. */
function pageCopy(): Copy {
  return new Function(`${COPY_CONFIG}; return __arborCopyConfig;`)() as Copy;
}

/** mermaid's own module (its unminified ES build) that defines assignWithDepth and the configuration. */
async function mermaidConfigModule() {
  const dir = join(DRAWING_SCRIPTS.mermaid, '..', 'chunks', 'mermaid.esm');
  const file = readdirSync(dir).find((f) => f.endsWith('.mjs') && readFileSync(join(dir, f), 'utf8').includes('var assignWithDepth_default = assignWithDepth;'));
  if (!file) throw new Error(`no chunk of ${dir} defines assignWithDepth`);
  return (await import(join(dir, file))) as { assignWithDepth_default: AssignWithDepth; setSiteConfig(c: unknown): unknown; getConfig(): Record<string, unknown> };
}

/**
 * `ours` and `theirs` are the same copy of `source`: the same keys in the same order, equal
 * primitives, and each value shared with the source in one exactly where it is in the other.
 */
function expectSameCopy(ours: unknown, theirs: unknown, source: unknown, path = 'config'): void {
  expect(typeof ours, path).toBe(typeof theirs);
  if (typeof theirs !== 'object' || theirs === null) return expect(ours, path).toBe(theirs);
  expect(Array.isArray(ours), path).toBe(Array.isArray(theirs));
  expect(ours === source, `${path} shared with the source`).toBe(theirs === source);
  expect(Reflect.ownKeys(ours as object), path).toEqual(Reflect.ownKeys(theirs));
  for (const key of Reflect.ownKeys(theirs)) {
    const [o, t] = [(ours as Record<PropertyKey, unknown>)[key], (theirs as Record<PropertyKey, unknown>)[key]];
    const s = source && typeof source === 'object' ? (source as Record<PropertyKey, unknown>)[key] : undefined;
    expect(o === s, `${path}.${String(key)} shared with the source`).toBe(t === s);
    if (t !== s) expectSameCopy(o, t, s, `${path}.${String(key)}`);
  }
}

describe('patchGetConfig (no browser)', () => {
  it("finds the one getConfig of mermaid 12's bundle, its ES modules and layout-elk, and changes nothing else", () => {
    const mermaid = readFileSync(DRAWING_SCRIPTS.mermaid, 'utf8');
    const patched = patchGetConfig(mermaid);
    expect(patched.patched).toBe(true);
    expect(patched.code).toContain('(()=>__arborCopyConfig(');
    expect(patched.code.length - mermaid.length - COPY_CONFIG.length).toBeLessThan(40);
    const esm = join(DRAWING_SCRIPTS.mermaid, '..', 'chunks', 'mermaid.core');
    expect(readdirSync(esm).filter((f) => f.endsWith('.mjs') && patchGetConfig(readFileSync(join(esm, f), 'utf8')).patched)).toHaveLength(1);
    // The chunks of the build the drawing page loads (mermaid-layout-elk.esm.min.mjs).
    const served = join(DRAWING_SCRIPTS.layoutElk, 'chunks', 'mermaid-layout-elk.esm.min');
    const elk = readdirSync(served).filter((f) => f.endsWith('.mjs') && patchGetConfig(readFileSync(join(served, f), 'utf8')).patched);
    expect(elk).toHaveLength(1);
  });

  it('leaves code alone when the shape is missing or appears twice', () => {
    const one = 'a=r(()=>$b({},VD),"getConfig")';
    expect(patchGetConfig(one)).toEqual({ code: `a=r(()=>__arborCopyConfig(VD),"getConfig")\n${COPY_CONFIG}`, patched: true });
    const unminified = 'var getConfig = /* @__PURE__ */ __name(() => {\n  return assignWithDepth_default({}, currentConfig);\n}, "getConfig");';
    expect(patchGetConfig(unminified).code).toBe(`var getConfig = /* @__PURE__ */ __name(()=>__arborCopyConfig(currentConfig),"getConfig");\n${COPY_CONFIG}`);
    expect(patchGetConfig(`${one};${one}`).patched).toBe(false);
    expect(patchGetConfig('getConfig=()=>structuredClone(c)')).toEqual({ code: 'getConfig=()=>structuredClone(c)', patched: false });
  });
});

describe("mermaid's parser in Node", () => {
  it('is loaded with the faster getConfig, and parses as before', async () => {
    const model = await parseDiagram('flowchart TD\n  A[Alpha] -->|uses| B(Beta)\n  B --> A');
    expect(model.nodes.map((n) => [n.id, n.label])).toEqual([['A', 'Alpha'], ['B', 'Beta']]);
    expect(model.edges.map((e) => [e.from, e.to, e.label])).toEqual([['A', 'B', 'uses'], ['B', 'A', '']]);
    const mermaid = (await import('mermaid')).default as unknown as { mermaidAPI: { getConfig(): unknown } };
    expect(String(mermaid.mermaidAPI.getConfig)).toContain('__arborCopyConfig(');
  });
});

describe('COPY_CONFIG is assignWithDepth({}, config)', () => {
  let assignWithDepth: AssignWithDepth;
  let config: Record<string, unknown>;
  beforeAll(async () => {
    const m = await mermaidConfigModule();
    assignWithDepth = m.assignWithDepth_default;
    m.setSiteConfig(MERMAID_CONFIG);
    config = m.getConfig();
  });

  it("on mermaid's whole configuration with Arbor's settings", () => {
    expect(Object.keys(config).length).toBeGreaterThan(30);
    expectSameCopy(pageCopy()(config), assignWithDepth({}, config), config);
  });

  it('on nulls, undefined, functions, repeated array items and nesting past its depth', () => {
    const fn = () => 1;
    const deep = { d: { e: { f: 1 } } };
    const source = {
      a: null,
      b: undefined,
      c: fn,
      list: [1, 1, 'x', NaN, NaN, deep],
      one: { x: null, y: [2, 2], z: { q: null, r: [3, 3], s: deep }, w: undefined, v: 'text' },
      n: 0,
      s: '',
      deep,
    };
    expectSameCopy(pageCopy()(source), assignWithDepth({}, source), source);
    const copy = pageCopy();
    expect(copy(source)).not.toBe(copy(source));
  });
});

const browserPath = findBrowser();

describe.skipIf(!browserPath)('drawings with the patched bundles', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    const launched = await launchBrowser(browserPath!);
    if (!('browser' in launched)) throw new Error(launched.error);
    browser = launched.browser;
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('are byte for byte the drawings of the unpatched bundles', async () => {
    const seeds: { source: string }[] = JSON.parse(readFileSync(new URL('./fixtures/seed-diagrams.json', import.meta.url), 'utf8'));
    const sources = [...seeds.map((s) => s.source).slice(0, 12), readFileSync(new URL('./fixtures/flowchart.mmd', import.meta.url), 'utf8')];
    const draw = async (patchConfig: boolean) => {
      const context = await openDrawingContext(browser, { patchConfig });
      contexts.push(context);
      const page = await openDrawingPage(context);
      // Counts the calls of the copy: only the patched bundles make any.
      await page.evaluate('(() => { const copy = globalThis.__arborCopyConfig; globalThis.__copies = 0; if (copy) globalThis.__arborCopyConfig = (c) => (globalThis.__copies++, copy(c)); })()');
      const out: string[] = [];
      for (const source of sources) {
        const outcome = await drawOn(page, { key: diagramKey(source), source }, 60_000);
        out.push(outcome.ok ? outcome.svg : `failed: ${outcome.message}`);
      }
      const copies = Number(await page.evaluate('globalThis.__copies'));
      await closeDrawingPage(page);
      return { out, copies };
    };
    const patched = await draw(true);
    const asIs = await draw(false);
    expect(patched.copies).toBeGreaterThan(10 * sources.length); // those of mermaid's bundle (layout-elk's copy is its module's own)
    expect(asIs.copies).toBe(0);
    expect(patched.out.filter((s) => s.startsWith('<svg')).length).toBeGreaterThanOrEqual(10); // one seed is mermaid's parse error, in both
    expect(patched.out).toEqual(asIs.out);
  }, 120_000);
});
