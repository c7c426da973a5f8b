/**
 * The drawing page: a Chromium tab with mermaid's own browser bundle loaded and initialised with
 * Arbor's configuration, drawing one source per `page.evaluate` so that each has its own timeout.
 * Its `elk` layout is @mermaid-js/layout-elk's (loaded next to the bundle, see `ELK_SCRIPT`), so
 * that a diagram's `flowchart.nodeSpacing`/`rankSpacing` (layout.ts) reach ELK too.
 * Each drawing seeds Math.random from its key and names its SVG after the key, so the bytes depend
 * on the source alone, not on which tab drew it or what that tab drew before.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { patchGetConfig } from './config-copy.ts';
import { MERMAID_THEME_VARIABLES, sentinelRgbKeys, themeSvg } from './theme.ts';
import { LAYOUT_ELK_PACKAGE_JSON, MERMAID_PACKAGE_JSON } from './version.ts';

const MERMAID_BUNDLE = join(dirname(MERMAID_PACKAGE_JSON), 'dist', 'mermaid.min.js');
/** @mermaid-js/layout-elk's browser build: an ES module whose layout loads its chunks on first use. */
const LAYOUT_ELK_DIST = join(dirname(LAYOUT_ELK_PACKAGE_JSON), 'dist');
const LAYOUT_ELK_ENTRY = 'mermaid-layout-elk.esm.min.mjs';

/** mermaid's configuration for every drawing (part of the cache key). */
export const MERMAID_CONFIG = {
  startOnLoad: false,
  securityLevel: 'strict',
  theme: 'base',
  // 'classic' look: plain fills and strokes; mermaid 12's default 'neo' look adds gradients and
  // drop shadows in colours derived from the theme, which would not follow the page's dark mode.
  look: 'classic',
  // SVG <text> labels instead of HTML in <foreignObject>: still crisp and selectable in the page,
  // but also visible to every SVG consumer (image viewers, feed readers, crawlers), and a label
  // measured with the build machine's fonts just runs a little long in another font instead of
  // being clipped by its fixed-size foreignObject box. `<br>` and markdown labels work in both.
  htmlLabels: false,
  // Verdana where readers have it; DejaVu Sans (its metric twin, on the build machine) otherwise.
  fontFamily: 'Verdana, "DejaVu Sans", Geneva, sans-serif',
  themeVariables: MERMAID_THEME_VARIABLES,
  // Edge labels on an opaque chip: mermaid's half-transparent one lets the line strike through the text.
  themeCSS: '.edgeLabel rect { opacity: 1; }',
  suppressErrorRendering: true,
  // A "today" line would freeze the build date into a cached drawing.
  gantt: { todayMarker: 'off' },
  flowchart: { wrappingWidth: 200 },
};

/** The id mermaid gives the drawn <svg> (and prefixes to every inner id): stable per key. */
export function svgIdFor(key: string): string {
  return `arbordg-${key.slice(0, 16)}`;
}

/** Label colours for author-filled boxes (as rgb(), for the in-page contrast check). */
const LABEL_INK = { dark: 'rgb(17, 24, 39)', light: 'rgb(249, 250, 251)' };

type DrawOutcome = { ok: true; svg: string } | { ok: false; message: string };
/** What drawing one source gave: an SVG, mermaid's rejection, or no answer from the page (`broken`). */
export type JobOutcome = DrawOutcome | { ok: false; broken: 'timeout' | 'crash'; message: string };

/**
 * A script as the drawing page gets it, read once per process: mermaid's browser bundle (3 MB) or a
 * file of layout-elk's browser build (its ELK chunk is 2.2 MB), with `getConfig` patched to the
 * faster copy (see `config-copy.ts`) unless `patched` is false.
 */
const scripts = new Map<string, Promise<string>>();
function served(file: string, patched: boolean): Promise<string> {
  const id = `${patched ? 'patched' : 'as-is'}:${file}`;
  if (!scripts.has(id)) scripts.set(id, readFile(file, 'utf8').then((code) => (patched ? patchGetConfig(code).code : code)));
  return scripts.get(id)!;
}

/** A file of layout-elk's `dist/` by its path under `/layout-elk/`; undefined outside it or not a module. */
function layoutElkFile(path: string): string | undefined {
  const file = resolve(LAYOUT_ELK_DIST, decodeURIComponent(path));
  const rel = relative(LAYOUT_ELK_DIST, file);
  if (!file.endsWith('.mjs') || rel.startsWith('..') || rel.startsWith(sep)) return undefined;
  return file;
}

/** The scripts the drawing page runs, by URL path, for tests: mermaid's bundle and layout-elk's entry and chunks. */
export const DRAWING_SCRIPTS = { mermaid: MERMAID_BUNDLE, layoutElk: LAYOUT_ELK_DIST };

/**
 * A made-up origin the drawing tabs load from, answered by Playwright (`.invalid` never resolves).
 * Loaded as a network script, mermaid's bundle is compiled off the page's main thread and, from
 * the second tab on, partly from V8's code cache: 0.35-0.55 s per tab instead of 1 s inline.
 */
const ORIGIN = 'https://arbor-diagrams.invalid';
// UTF-8 said out loud: mermaid's bundle holds the non-ASCII marker characters of its entity
// escaping (`#lt;` → `ﬂ°lt¶ß` → `&lt;`); read as windows-1252 (a page without a charset), the
// markers of a label's entities were left in the drawing.
const PAGE_HTML = '<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>';

/** The one browser context all drawing tabs share (they still run in separate renderer processes). */
export async function openDrawingContext(browser: Browser, { patchConfig = true }: { patchConfig?: boolean } = {}): Promise<BrowserContext> {
  const code = await served(MERMAID_BUNDLE, patchConfig);
  const context = await browser.newContext();
  const script = { 'cache-control': 'public, max-age=31536000, immutable' };
  await context.route(`${ORIGIN}/**`, async (route) => {
    const { pathname } = new URL(route.request().url());
    if (pathname === '/mermaid.min.js') return route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', headers: script, body: code });
    if (pathname.startsWith('/layout-elk/')) {
      const file = layoutElkFile(pathname.slice('/layout-elk/'.length));
      const body = file && (await served(file, patchConfig).catch(() => undefined));
      return body ? route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', headers: script, body }) : route.fulfill({ status: 404, body: '' });
    }
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: PAGE_HTML });
  });
  return context;
}

/** A new tab with mermaid loaded and initialised, ready for `drawOn`. */
export async function openDrawingPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  try {
    await page.goto(`${ORIGIN}/`);
    await page.addScriptTag({ url: `${ORIGIN}/mermaid.min.js` });
    await page.addScriptTag({ content: PAGE_SCRIPT });
    await page.addScriptTag({ content: ELK_SCRIPT });
    await page.evaluate((url) => (globalThis as unknown as PageGlobal).__arborUseLayoutElk(url), `${ORIGIN}/layout-elk/${LAYOUT_ELK_ENTRY}`);
    await page.evaluate((config) => {
      (globalThis as unknown as { mermaid: { initialize(c: unknown): void } }).mermaid.initialize(config);
    }, MERMAID_CONFIG);
  } catch (err) {
    await closeDrawingPage(page);
    throw err;
  }
  return page;
}

/** What a page draws: mermaid's id for the SVG, a seed for Math.random, and the source. */
type PageJob = { id: string; seed: number; source: string };
type PageArg = { jobs: PageJob[]; sentinels: string[]; ink: { dark: string; light: string } };
type PageGlobal = { __arborDraw(arg: PageArg): Promise<DrawOutcome[]>; __arborUseLayoutElk(url: string): Promise<void> };

/**
 * Installed in the page as `__arborUseLayoutElk(url)` (plain JavaScript, like PAGE_SCRIPT): imports
 * @mermaid-js/layout-elk and registers its ELK as mermaid's `elk` layout (the default one), with
 * one change. mermaid hands ELK a fixed spacing (its `spacing.baseValue` of 40) and gives the
 * flowchart's `nodeSpacing` and `rankSpacing` to dagre alone; mermaid's own `registerLayoutLoaders`
 * is the way in, and the package's layout takes ELK options (`rootLayoutOptions`), which the copy
 * inside mermaid's bundle never gets. So spacing other than mermaid's default 50/50 is passed on,
 * scaled to ELK's base (50 ↔ 40); the default passes nothing and draws as mermaid's own ELK would.
 */
const ELK_SCRIPT = String.raw`
window.__arborUseLayoutElk = async function (url) {
  var layouts = (await import(url)).default;
  var elk = layouts.find(function (l) { return l.name === 'elk'; });
  if (!elk) throw new Error('@mermaid-js/layout-elk offers no "elk" layout');
  function spacing(data) {
    var node = Number(data.nodeSpacing), rank = Number(data.rankSpacing);
    if (!(node > 0) || !(rank > 0) || (node === 50 && rank === 50)) return undefined;
    return { 'spacing.baseValue': (40 * node) / 50, 'elk.layered.spacing.nodeNodeBetweenLayers': (40 * rank) / 50 };
  }
  mermaid.registerLayoutLoaders([{
    name: 'elk',
    algorithm: elk.algorithm,
    loader: async function () {
      var layout = await elk.loader();
      return {
        render: function (data, svg, helpers, options) {
          var root = spacing(data);
          return layout.render(data, svg, helpers, root ? Object.assign({}, options, { rootLayoutOptions: root }) : options);
        },
      };
    },
  }]);
};
`;

/**
 * Installed in the page as `__arborDraw(arg)`. Plain JavaScript in a string, because a function
 * handed to `page.evaluate` is sent as its source text, and TypeScript runners (tsx, vitest) add
 * helpers such as `__name` to compiled functions that do not exist in the page.
 *
 * It draws each job with mermaid (Math.random seeded per job, so the output is byte-stable), then
 * fixes one dark-mode trap: a node or subgraph the author filled (`style A fill:#ffcc00`, `classDef`)
 * keeps that fill in both schemes, but its label would follow the theme's text colour (light in dark
 * mode: unreadable on yellow). Where a label's computed colour is still a sentinel and the box's
 * computed fill is not, the label gets a fixed dark or light ink, whichever contrasts more with the
 * fill. Computed styles come from the browser, so every way of styling (style, classDef, class,
 * `:::`) is covered without reading CSS ourselves.
 */
const PAGE_SCRIPT = String.raw`
window.__arborDraw = async function (arg) {
  var sentinels = new Set(arg.sentinels);
  function rgbOf(css) {
    var m = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/.exec(css || '');
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
  }
  function luminance(c) {
    function lin(v) { v = v / 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }
    return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
  }
  function contrast(a, b) { return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); }
  function isSentinel(css) {
    var c = rgbOf(css);
    return !!c && sentinels.has(c.map(Math.round).join(','));
  }
  var darkInk = luminance(rgbOf(arg.ink.dark)), lightInk = luminance(rgbOf(arg.ink.light));
  function fixAuthorFills(root) {
    root.querySelectorAll('g.node, g.cluster').forEach(function (box) {
      var shape = box.querySelector(':scope > .label-container, :scope > rect, :scope > polygon, :scope > path, ' +
        ':scope > circle, :scope > ellipse, :scope > g > .label-container');
      if (!shape) return;
      var style = getComputedStyle(shape), fill = rgbOf(style.fill);
      if (!fill || isSentinel(style.fill) || style.fillOpacity === '0') return;
      var lum = luminance(fill);
      var ink = contrast(lum, darkInk) >= contrast(lum, lightInk) ? arg.ink.dark : arg.ink.light;
      box.querySelectorAll('text, tspan').forEach(function (el) {
        if (isSentinel(getComputedStyle(el).fill)) el.style.setProperty('fill', ink);
      });
    });
  }
  var out = [];
  for (var i = 0; i < arg.jobs.length; i++) {
    var job = arg.jobs[i];
    // mulberry32: mermaid and its layout libraries use Math.random for a few ids and tie-breaks.
    var state = job.seed >>> 0;
    Math.random = function () {
      state = (state + 0x6d2b79f5) >>> 0;
      var t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    var host = document.createElement('div');
    try {
      var svg = (await mermaid.render(job.id, job.source)).svg;
      host.innerHTML = svg;
      document.body.appendChild(host);
      var root = host.querySelector('svg');
      if (root) fixAuthorFills(root);
      out.push({ ok: true, svg: host.innerHTML });
    } catch (err) {
      out.push({ ok: false, message: err && err.message ? String(err.message) : String(err) });
    } finally {
      host.remove();
      [job.id, 'd' + job.id].forEach(function (id) { var left = document.getElementById(id); if (left) left.remove(); });
    }
  }
  return out;
};
`;

/** `promise`, or `onTimeout` once `ms` have passed (the promise's later rejection is ignored). */
function orTimeout<T, U>(promise: Promise<T>, ms: number, onTimeout: U): Promise<T | U> {
  let timer: NodeJS.Timeout | undefined;
  promise.catch(() => {});
  const timeout = new Promise<U>((ok) => (timer = setTimeout(() => ok(onTimeout), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** Close a tab, also one that hangs (a diagram still being laid out) or crashed: never waited on for long. */
export async function closeDrawingPage(page: Page): Promise<void> {
  await orTimeout(page.close().catch(() => {}), 5_000, undefined);
}

/** Draw `source` in `page` (a themed SVG), or say why not: mermaid rejected it, or the page gave no answer in time. */
export async function drawOn(page: Page, job: { key: string; source: string }, timeoutMs: number): Promise<JobOutcome> {
  const payload: PageArg = {
    jobs: [{ id: svgIdFor(job.key), seed: parseInt(createHash('sha256').update(job.key).digest('hex').slice(0, 8), 16), source: job.source }],
    sentinels: sentinelRgbKeys(),
    ink: LABEL_INK,
  };
  try {
    const drawing = page.evaluate((arg) => (globalThis as unknown as PageGlobal).__arborDraw(arg), payload);
    const outcome = await orTimeout(drawing, timeoutMs, 'timeout' as const);
    if (outcome === 'timeout') return { ok: false, broken: 'timeout', message: `drawing took longer than ${seconds(timeoutMs)}` };
    const drawn = outcome[0]!;
    return drawn.ok ? { ok: true, svg: themeSvg(drawn.svg) } : drawn;
  } catch (err) {
    return { ok: false, broken: 'crash', message: `the page drawing it failed: ${firstLine(err)}` };
  }
}

/** The first line of an error's message. */
export function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
}
