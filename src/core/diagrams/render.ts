/**
 * Draw Mermaid diagrams to SVG at build time: one headless Chromium, one or two pages, mermaid's
 * own browser bundle, each missing diagram drawn by one `page.evaluate` with its own timeout;
 * results cached on disk by content hash, so a rebuild draws only what changed.
 *
 * One drawing serves both colour schemes: diagrams are drawn with SENTINEL theme colours (unusual,
 * distinct values, one per mermaid theme variable) and `themeSvg` swaps every sentinel, in whatever
 * form mermaid emitted it, for `var(--arbor-dg-<palette colour>)` (node, node-border, text, line,
 * ...: 14 colours, see PALETTE). The site declares those variables
 * (`DIAGRAM_CSS_VARIABLES`, or `diagramCssText()`) for light and dark. Colours an author writes with
 * `style X fill:...` or `classDef` are not sentinels and stay as written.
 *
 * No browser (`browserPath: null`, or none found) is not an error here: the undrawn jobs are absent
 * from `svgs` and the caller decides (fall back to the reader's browser, or stop). A browser that
 * was named or found but does not work (no such file, does not start, dies while drawing) sets
 * `browserError`, naming the executable and what happened, and is never taken for "no browser".
 */
import { createHash, randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export interface RenderJob {
  /** Content hash (see `diagramKey`); names the cache file and the SVG's id. */
  key: string;
  source: string;
}

export interface RenderResult {
  /** key -> themed SVG, for every job drawn now or found in the cache. */
  svgs: Map<string, string>;
  drawn: number;
  cached: number;
  /**
   * Diagrams that were not drawn through their own fault: mermaid rejected them (remembered in the
   * cache), or they took longer than `timeoutMs` (`timedOut`, not remembered), or their page crashed.
   */
  failed: { key: string; message: string; timedOut?: boolean }[];
  /** The browser that was launched; null when none was (nothing to draw, none given or found, or it did not start). */
  browser: string | null;
  /**
   * The browser given or found could not be used: ARBOR_CHROMIUM names no executable, it did not
   * start, or it died while drawing. Says which executable and what happened. The jobs it left are
   * in neither `svgs` nor `failed`.
   */
  browserError?: string;
}

export interface RenderOptions {
  cacheDir: string;
  /** undefined: `lookupBrowser()`; null: do not draw; a path: that executable. */
  browserPath?: string | null;
  /** Per diagram (default DIAGRAM_TIMEOUT_MS): a slower one fails alone, the others are still drawn. */
  timeoutMs?: number;
  /**
   * Pages drawing in parallel in the one browser. Default: 1 for up to 32 diagrams to draw, else 2.
   * Each page loads mermaid's bundle (~1 s), so for few diagrams one page wins (30 notebook
   * diagrams: 5.6 s with one page, 5.8 s with two); for many, two pages use both cores (150
   * generated 10-40-node trees on 2 cores: 31 s with one page, 20.6 s with two, 24.2 s with four).
   */
  concurrency?: number;
}

/** Bump when anything here changes how an SVG comes out; it invalidates every cached drawing. */
export const RENDERER_VERSION = '1';

const require = createRequire(import.meta.url);
const mermaidPackageJson = require.resolve('mermaid/package.json');
export const MERMAID_VERSION: string = JSON.parse(readFileSync(mermaidPackageJson, 'utf8')).version;
const MERMAID_BUNDLE = join(dirname(mermaidPackageJson), 'dist', 'mermaid.min.js');

// ---------------------------------------------------------------------------------------------
// colours

/** The few colours the diagrams are made of, for light and dark pages. */
const PALETTE = {
  background: { light: '#ffffff', dark: '#111827' },
  node: { light: '#eef2ff', dark: '#1e2640' },
  nodeBorder: { light: '#6d74d6', dark: '#8f96f2' },
  text: { light: '#1f2937', dark: '#e5e7eb' },
  line: { light: '#5b6478', dark: '#9aa3b5' },
  labelBackground: { light: '#ffffff', dark: '#111827' },
  cluster: { light: '#f6f7fb', dark: '#161d2e' },
  clusterBorder: { light: '#c7cbe0', dark: '#3a4560' },
  secondary: { light: '#e9f7f1', dark: '#14302a' },
  secondaryBorder: { light: '#3f9c7b', dark: '#4fb892' },
  tertiary: { light: '#fdf3e7', dark: '#33261a' },
  tertiaryBorder: { light: '#c98a45', dark: '#d49a5a' },
  note: { light: '#fdf7d2', dark: '#3a3518' },
  noteBorder: { light: '#c9b33f', dark: '#a8953a' },
} as const satisfies Record<string, { light: string; dark: string }>;
type PaletteName = keyof typeof PALETTE;

/**
 * The mermaid theme variables we set, and the palette colour each takes. Every colour mermaid's
 * `base` theme would otherwise derive (khroma darken/invert/adjust of another variable) and that a
 * flowchart, sequence, class, state or ER diagram uses is listed, so none is left to chance.
 */
const THEME_VARIABLES = {
  background: 'background',
  primaryColor: 'node',
  primaryTextColor: 'text',
  primaryBorderColor: 'nodeBorder',
  secondaryColor: 'secondary',
  secondaryTextColor: 'text',
  secondaryBorderColor: 'secondaryBorder',
  tertiaryColor: 'tertiary',
  tertiaryTextColor: 'text',
  tertiaryBorderColor: 'tertiaryBorder',
  lineColor: 'line',
  arrowheadColor: 'line',
  textColor: 'text',
  titleColor: 'text',
  mainBkg: 'node',
  nodeBkg: 'node',
  nodeBorder: 'nodeBorder',
  nodeTextColor: 'text',
  border1: 'nodeBorder',
  border2: 'clusterBorder',
  clusterBkg: 'cluster',
  clusterBorder: 'clusterBorder',
  defaultLinkColor: 'line',
  edgeLabelBackground: 'labelBackground',
  flowContainerStroke: 'clusterBorder',
  noteBkgColor: 'note',
  noteTextColor: 'text',
  noteBorderColor: 'noteBorder',
  actorBkg: 'node',
  actorBorder: 'nodeBorder',
  actorTextColor: 'text',
  actorLineColor: 'line',
  signalColor: 'line',
  signalTextColor: 'text',
  labelBoxBkgColor: 'node',
  labelBoxBorderColor: 'nodeBorder',
  labelTextColor: 'text',
  loopTextColor: 'text',
  activationBkgColor: 'secondary',
  activationBorderColor: 'secondaryBorder',
  sequenceNumberColor: 'background',
  classText: 'text',
  relationColor: 'line',
  relationLabelBackground: 'labelBackground',
  relationLabelColor: 'text',
  stateBkg: 'node',
  stateLabelColor: 'text',
  labelBackgroundColor: 'labelBackground',
  compositeBackground: 'cluster',
  compositeTitleBackground: 'node',
  compositeBorder: 'clusterBorder',
  altBackground: 'cluster',
  transitionColor: 'line',
  transitionLabelColor: 'text',
  specialStateColor: 'line',
  innerEndBackground: 'nodeBorder',
  attributeBackgroundColorOdd: 'background',
  attributeBackgroundColorEven: 'cluster',
  rowOdd: 'background',
  rowEven: 'cluster',
  errorBkgColor: 'tertiary',
  errorTextColor: 'text',
  personBkg: 'node',
  personBorder: 'nodeBorder',
  requirementBackground: 'node',
  requirementBorderColor: 'nodeBorder',
  requirementTextColor: 'text',
  // gantt
  taskBkgColor: 'node',
  taskBorderColor: 'nodeBorder',
  taskTextColor: 'text',
  taskTextOutsideColor: 'text',
  taskTextLightColor: 'text',
  taskTextDarkColor: 'text',
  taskTextClickableColor: 'nodeBorder',
  activeTaskBkgColor: 'secondary',
  activeTaskBorderColor: 'secondaryBorder',
  doneTaskBkgColor: 'cluster',
  doneTaskBorderColor: 'line',
  sectionBkgColor: 'cluster',
  sectionBkgColor2: 'tertiary',
  altSectionBkgColor: 'background',
  excludeBkgColor: 'cluster',
  gridColor: 'clusterBorder',
  vertLineColor: 'line',
  // pie, quadrant chart, git graph
  pieTitleTextColor: 'text',
  pieLegendTextColor: 'text',
  pieStrokeColor: 'background',
  pieOuterStrokeColor: 'line',
  quadrant1Fill: 'node',
  quadrant2Fill: 'secondary',
  quadrant3Fill: 'cluster',
  quadrant4Fill: 'tertiary',
  quadrant1TextFill: 'text',
  quadrant2TextFill: 'text',
  quadrant3TextFill: 'text',
  quadrant4TextFill: 'text',
  quadrantPointFill: 'nodeBorder',
  quadrantPointTextFill: 'text',
  quadrantXAxisTextFill: 'text',
  quadrantYAxisTextFill: 'text',
  quadrantInternalBorderStrokeFill: 'clusterBorder',
  quadrantExternalBorderStrokeFill: 'clusterBorder',
  quadrantTitleFill: 'text',
  tagLabelColor: 'text',
  tagLabelBackground: 'node',
  tagLabelBorder: 'nodeBorder',
  commitLabelColor: 'text',
  commitLabelBackground: 'secondary',
  // surfaces some newer diagram types derive from mainBkg
  surface0: 'cluster',
  surface1: 'cluster',
  surface2: 'cluster',
  surface3: 'cluster',
  surface4: 'cluster',
  surfacePeer0: 'clusterBorder',
  surfacePeer1: 'clusterBorder',
  surfacePeer2: 'clusterBorder',
  surfacePeer3: 'clusterBorder',
  surfacePeer4: 'clusterBorder',
} as const satisfies Record<string, PaletteName>;

/** Dark ink for labels on the categorical colours below (readable on all of them). */
const CATEGORY_INK = '#111827';
/** Categorical fills (mindmap/timeline sections, pie slices, git branches): mid-light tones that read on light and dark pages alike, so they are fixed colours, not variables. */
const CATEGORIES = ['#a5b4fc', '#86efac', '#fcd34d', '#f9a8d4', '#7dd3fc', '#fdba74', '#c4b5fd', '#5eead4', '#fca5a5', '#bef264', '#d8b4fe', '#93c5fd'];

/**
 * Theme variables given fixed colours. mermaid's base theme would derive these from the sentinels
 * (khroma adjust/darken of primaryColor), which gives murky purples in both schemes.
 */
const FIXED_THEME_VARIABLES: Record<string, string> = {
  ...Object.fromEntries(CATEGORIES.map((c, i) => [`cScale${i}`, c])),
  ...Object.fromEntries(CATEGORIES.map((_, i) => [`cScaleLabel${i}`, CATEGORY_INK])),
  ...Object.fromEntries(CATEGORIES.map((c, i) => [`pie${i + 1}`, c])),
  ...Object.fromEntries(CATEGORIES.slice(0, 8).map((c, i) => [`git${i}`, c])),
  ...Object.fromEntries(CATEGORIES.slice(0, 8).map((_, i) => [`gitInv${i}`, CATEGORY_INK])),
  ...Object.fromEntries(CATEGORIES.slice(0, 8).map((_, i) => [`gitBranchLabel${i}`, CATEGORY_INK])),
  ...Object.fromEntries(CATEGORIES.slice(0, 8).map((c, i) => [`fillType${i}`, c])),
  ...Object.fromEntries(CATEGORIES.slice(0, 8).map((c, i) => [`venn${i + 1}`, c])),
  scaleLabelColor: CATEGORY_INK,
  pieSectionTextColor: CATEGORY_INK,
  critBkgColor: '#f87171',
  critBorderColor: '#dc2626',
  todayLineColor: '#ef4444',
};
type ThemeVariable = keyof typeof THEME_VARIABLES;

const kebab = (name: string) => name.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`);
/** A theme variable's CSS custom property: the palette colour it takes (14 in all, not one per variable). */
const cssVariable = (name: ThemeVariable) => `--arbor-dg-${kebab(THEME_VARIABLES[name])}`;

/** The CSS custom properties the themed SVGs use, with their light and dark values. */
export const DIAGRAM_CSS_VARIABLES: Record<string, { light: string; dark: string }> = Object.fromEntries(
  (Object.keys(PALETTE) as PaletteName[]).map((name) => [`--arbor-dg-${kebab(name)}`, { ...PALETTE[name] }]),
);

/** A stylesheet declaring DIAGRAM_CSS_VARIABLES: light on `:root`, dark under `prefers-color-scheme`. */
export function diagramCssText(): string {
  const block = (scheme: 'light' | 'dark') =>
    Object.entries(DIAGRAM_CSS_VARIABLES)
      .map(([name, v]) => `  ${name}: ${v[scheme]};`)
      .join('\n');
  return `:root {\n${block('light')}\n}\n@media (prefers-color-scheme: dark) {\n  :root {\n${block('dark')
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}\n  }\n}\n`;
}

/**
 * One sentinel per theme variable: #RR03BB with R rising and B falling from a base no author picks
 * by chance, so every variable stays distinguishable in the drawing.
 */
const SENTINELS: Record<ThemeVariable, string> = Object.fromEntries(
  (Object.keys(THEME_VARIABLES) as ThemeVariable[]).map((name, i) => {
    const hex = (v: number) => v.toString(16).padStart(2, '0');
    return [name, `#${hex(0x21 + i)}03${hex(0xe9 - i)}`];
  }),
) as Record<ThemeVariable, string>;

/** mermaid's configuration for every drawing (part of the cache key). */
const MERMAID_CONFIG = {
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
  themeVariables: { ...FIXED_THEME_VARIABLES, ...SENTINELS, useGradient: false, dropShadow: 'none' },
  // Edge labels on an opaque chip: mermaid's half-transparent one lets the line strike through the text.
  themeCSS: '.edgeLabel rect { opacity: 1; }',
  suppressErrorRendering: true,
  // A "today" line would freeze the build date into a cached drawing.
  gantt: { todayMarker: 'off' },
  flowchart: { wrappingWidth: 200 },
};

type Rgba = { r: number; g: number; b: number; a: number };

/** Parse the colour literals mermaid emits (#rgb, #rrggbb, rgb[a](), hsl[a]()); null for others. */
function parseColor(text: string): Rgba | null {
  const t = text.trim().toLowerCase();
  if (t.startsWith('#')) {
    const h = t.slice(1);
    if (!/^[0-9a-f]+$/.test(h) || ![3, 4, 6, 8].includes(h.length)) return null;
    const full = h.length <= 4 ? [...h].map((c) => c + c).join('') : h;
    const n = (i: number) => parseInt(full.slice(i, i + 2), 16);
    return { r: n(0), g: n(2), b: n(4), a: full.length === 8 ? n(6) / 255 : 1 };
  }
  const m = /^(rgba?|hsla?)\(([^()]*)\)$/.exec(t);
  if (!m) return null;
  const parts = m[2]!.split(/[\s,/]+/).filter(Boolean);
  if (parts.length < 3) return null;
  const num = (s: string, scale: number) => (s.endsWith('%') ? (parseFloat(s) / 100) * scale : parseFloat(s));
  const a = parts[3] === undefined ? 1 : num(parts[3], 1);
  if (m[1]!.startsWith('rgb')) return { r: num(parts[0]!, 255), g: num(parts[1]!, 255), b: num(parts[2]!, 255), a };
  // hsl -> rgb (CSS Color 4 formula)
  const hue = parseFloat(parts[0]!);
  const s = num(parts[1]!, 1);
  const l = num(parts[2]!, 1);
  const f = (n: number) => {
    const k = (n + hue / 30) % 12;
    return 255 * (l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1)));
  };
  return { r: f(0), g: f(8), b: f(4), a };
}

const rgbKey = (c: Rgba) => `${Math.round(c.r)},${Math.round(c.g)},${Math.round(c.b)}`;
const SENTINEL_VARIABLES = new Map(
  (Object.keys(SENTINELS) as ThemeVariable[]).map((name) => [rgbKey(parseColor(SENTINELS[name])!), cssVariable(name)]),
);

/** Colour literals in SVG markup and CSS text; each candidate is checked by `parseColor`. */
const COLOR_LITERAL = /#[0-9a-fA-F]{3,8}\b|\b(?:rgba?|hsla?)\([^()]*\)/g;

/**
 * Replace every sentinel colour (hex, rgb(), hsl(), with or without alpha) by its CSS variable;
 * a translucent one becomes `color-mix(in srgb, var(--x) N%, transparent)`. Other colours stay.
 */
export function themeSvg(svg: string): string {
  return svg.replace(COLOR_LITERAL, (literal) => {
    const c = parseColor(literal);
    const variable = c && SENTINEL_VARIABLES.get(rgbKey(c));
    if (!c || !variable) return literal;
    if (c.a >= 1) return `var(${variable})`;
    return `color-mix(in srgb, var(${variable}) ${Math.round(c.a * 1000) / 10}%, transparent)`;
  });
}

/** The sentinel values, for tests that check none survives theming. */
export function sentinelColors(): string[] {
  return Object.values(SENTINELS);
}

// ---------------------------------------------------------------------------------------------
// keys and cache

/** Content hash of a diagram: its source plus everything else that shapes the drawing. */
export function diagramKey(source: string): string {
  return createHash('sha256')
    .update(JSON.stringify([RENDERER_VERSION, MERMAID_VERSION, MERMAID_CONFIG, source]))
    .digest('hex');
}

/** The id mermaid gives the drawn <svg> (and prefixes to every inner id): stable per key. */
export function svgIdFor(key: string): string {
  return `arbordg-${key.slice(0, 16)}`;
}

const SAFE_KEY = /^[A-Za-z0-9_-]{1,128}$/;

async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, text, 'utf8');
  try {
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// the browser

/** Why `file` cannot be run as a browser, or undefined when it can. */
function notExecutable(file: string): string | undefined {
  let stats;
  try {
    stats = statSync(file);
  } catch {
    return 'does not exist';
  }
  if (!stats.isFile()) return 'is not a file';
  try {
    accessSync(file, constants.X_OK);
  } catch {
    return 'is not executable';
  }
  return undefined;
}

const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function onPath(env: NodeJS.ProcessEnv, names: string[]): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of names) {
      const file = join(dir, name);
      if (!notExecutable(file)) return file;
    }
  }
  return undefined;
}

/**
 * Which Chromium draws the diagrams, or why none: `disabled` (ARBOR_CHROMIUM=none), `not-found`
 * (nothing installed where we look), `invalid` (ARBOR_CHROMIUM names no executable: a typo, which
 * must not pass for "no browser").
 */
export type BrowserLookup =
  | { path: string; source: 'ARBOR_CHROMIUM' | 'Playwright' | 'PATH' }
  | { path: null; reason: 'disabled' | 'not-found' | 'invalid'; message: string };

/**
 * Looks in $ARBOR_CHROMIUM (a path, or a name looked up on PATH; `none`: never draw at build time),
 * then for Playwright's own downloaded Chromium, then for `chromium`, `chromium-browser`,
 * `google-chrome`, `google-chrome-stable` on PATH.
 */
export function lookupBrowser(env: NodeJS.ProcessEnv = process.env): BrowserLookup {
  const wanted = env.ARBOR_CHROMIUM?.trim();
  if (wanted === 'none') return { path: null, reason: 'disabled', message: 'ARBOR_CHROMIUM=none turns the search off' };
  if (wanted) {
    const file = wanted.includes('/') ? resolve(wanted) : onPath(env, [wanted]);
    const problem = file ? notExecutable(file) : 'is not a path, and no program of that name is on PATH';
    if (!problem) return { path: file!, source: 'ARBOR_CHROMIUM' };
    const shown = file && file !== wanted ? ` (${file})` : '';
    return { path: null, reason: 'invalid', message: `ARBOR_CHROMIUM="${wanted}"${shown} ${problem}` };
  }
  try {
    const bundled = chromium.executablePath();
    if (bundled && !notExecutable(bundled)) return { path: bundled, source: 'Playwright' };
  } catch {
    // playwright-core knows no browser for this platform
  }
  const found = onPath(env, PATH_NAMES);
  if (found) return { path: found, source: 'PATH' };
  return { path: null, reason: 'not-found', message: `no Chromium found (looked for Playwright's Chromium and for ${PATH_NAMES.join(', ')} on PATH)` };
}

/**
 * The Chromium to draw with (see `lookupBrowser`), or null if none is there. Throws when
 * ARBOR_CHROMIUM names no executable, so a mistyped path is never taken for "no browser".
 */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): string | null {
  const found = lookupBrowser(env);
  if (found.path === null && found.reason === 'invalid') throw new Error(`${found.message}: set it to a Chromium or Chrome executable, or to "none"`);
  return found.path;
}

/** Flags that keep a build-time Chromium off the network (it has none) and quiet. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * A diagram that takes longer than this to draw is abandoned alone (its page is replaced) and
 * reported, uncached; the others are drawn. Dense graphs are what is slow: on 2 cores a 250-node,
 * 499-edge flowchart takes ~15 s, a 60-node one with as many edges over a minute.
 */
export const DIAGRAM_TIMEOUT_MS = 60_000;
/** A browser that is not ready by then is reported as not starting (Playwright's default is 3 min). */
const LAUNCH_TIMEOUT_MS = 30_000;

/** Label colours for author-filled boxes (as rgb(), for the in-page contrast check). */
const LABEL_INK = { dark: 'rgb(17, 24, 39)', light: 'rgb(249, 250, 251)' };

type DrawOutcome = { ok: true; svg: string } | { ok: false; message: string };

async function openPage(browser: Browser, bundle: string): Promise<Page> {
  const page = await browser.newPage();
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ content: bundle });
  await page.addScriptTag({ content: PAGE_SCRIPT });
  await page.evaluate((config) => {
    (globalThis as unknown as { mermaid: { initialize(c: unknown): void } }).mermaid.initialize(config);
  }, MERMAID_CONFIG);
  return page;
}

/** What a page draws: mermaid's id for the SVG, a seed for Math.random, and the source. */
type PageJob = { id: string; seed: number; source: string };
type PageArg = { jobs: PageJob[]; sentinels: string[]; ink: { dark: string; light: string } };
type PageGlobal = { __arborDraw(arg: PageArg): Promise<DrawOutcome[]> };

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

/** A page that hangs (a diagram still being laid out) or crashed: closed with its context, never waited on for long. */
async function discard(page: Page): Promise<void> {
  await orTimeout(page.context().close().catch(() => {}), 5_000, undefined);
}

type JobOutcome = DrawOutcome | { ok: false; broken: 'timeout' | 'crash'; message: string };

/** Draw one job in `page`: what mermaid made of it, or why the page gave no answer in time. */
async function drawOne(page: Page, job: RenderJob, timeoutMs: number): Promise<JobOutcome> {
  const payload: PageArg = {
    jobs: [{ id: svgIdFor(job.key), seed: parseInt(createHash('sha256').update(job.key).digest('hex').slice(0, 8), 16), source: job.source }],
    sentinels: [...SENTINEL_VARIABLES.keys()],
    ink: LABEL_INK,
  };
  try {
    const drawing = page.evaluate((arg) => (globalThis as unknown as PageGlobal).__arborDraw(arg), payload);
    const outcome = await orTimeout(drawing, timeoutMs, 'timeout' as const);
    if (outcome === 'timeout') return { ok: false, broken: 'timeout', message: `drawing took longer than ${seconds(timeoutMs)}` };
    return outcome[0]!;
  } catch (err) {
    return { ok: false, broken: 'crash', message: `the page drawing it failed: ${firstLine(err)}` };
  }
}

/** Playwright's launch error, boiled down to what the browser did: how it exited and what it printed. */
function launchFailure(err: unknown): string {
  // Playwright colours its call log with ANSI escapes.
  const text = (err instanceof Error ? err.message : String(err)).replace(/\u001b\[[0-9;]*m/g, '');
  const exit = /<process did exit: exitCode=(\w+), signal=(\w+)>/.exec(text);
  const printed = [...new Set([...text.matchAll(/\[pid=\d+\]\[err\] (.*)/g)].map((m) => m[1]!.trim()).filter(Boolean))].slice(-3);
  const how = exit
    ? exit[2] !== 'null'
      ? `it was killed by ${exit[2]} before it was ready`
      : `it exited with code ${exit[1]} before it was ready`
    : text.split('\n')[0]!.replace(/^browserType\.launch: /, '');
  return printed.length ? `${how}; it printed: ${printed.map((l) => (l.length > 200 ? `${l.slice(0, 200)}…` : l)).join(' / ')}` : how;
}

// ---------------------------------------------------------------------------------------------

/**
 * Draw the jobs that are not in the cache (all in one browser, one `page.evaluate` per diagram
 * so that each has its own timeout), and return every SVG we have.
 */
export async function renderDiagrams(jobs: RenderJob[], opts: RenderOptions): Promise<RenderResult> {
  const result: RenderResult = { svgs: new Map(), drawn: 0, cached: 0, failed: [], browser: null };
  await mkdir(opts.cacheDir, { recursive: true });

  const missing: RenderJob[] = [];
  const seen = new Set<string>();
  for (const job of jobs) {
    if (seen.has(job.key)) continue;
    seen.add(job.key);
    if (!SAFE_KEY.test(job.key)) {
      result.failed.push({ key: job.key, message: 'key must be 1-128 letters, digits, "-" or "_"' });
      continue;
    }
    const file = join(opts.cacheDir, `${job.key}.svg`);
    const errorFile = join(opts.cacheDir, `${job.key}.error`);
    if (existsSync(file)) {
      result.svgs.set(job.key, await readFile(file, 'utf8'));
      result.cached++;
    } else if (existsSync(errorFile)) {
      // mermaid rejected this exact source with this exact renderer before; it would again.
      result.failed.push({ key: job.key, message: await readFile(errorFile, 'utf8') });
    } else {
      missing.push(job);
    }
  }
  if (missing.length === 0) return result;

  let executable = opts.browserPath;
  if (executable === undefined) {
    const found = lookupBrowser();
    if (found.path === null && found.reason === 'invalid') {
      result.browserError = found.message;
      return result;
    }
    executable = found.path;
  }
  if (!executable) return result; // no browser: the caller lets the reader's browser draw
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: executable, args: CHROMIUM_ARGS, timeout: LAUNCH_TIMEOUT_MS });
  } catch (err) {
    result.browserError = `Chromium at ${executable} did not start: ${launchFailure(err)}`;
    return result;
  }
  result.browser = executable;
  const failedBefore = result.failed.length;
  const timeoutMs = opts.timeoutMs ?? DIAGRAM_TIMEOUT_MS;
  let disconnected = false;
  browser.on('disconnected', () => (disconnected = true));
  /** Why the browser as a whole stopped drawing (it died, or a fresh page could not load mermaid). */
  let stopped: string | undefined;

  const queue = [...missing];
  const work = async () => {
    let page: Page | undefined;
    try {
      while (!stopped && queue.length) {
        page ??= await openPage(browser, bundle);
        const job = queue.shift()!;
        const outcome = await drawOne(page, job, timeoutMs);
        if (outcome.ok) {
          const svg = themeSvg(outcome.svg);
          await writeAtomic(join(opts.cacheDir, `${job.key}.svg`), svg);
          result.svgs.set(job.key, svg);
          result.drawn++;
        } else if (!('broken' in outcome)) {
          // mermaid rejected the source: that is the diagram's fault, and it would be again.
          result.failed.push({ key: job.key, message: outcome.message });
          await writeAtomic(join(opts.cacheDir, `${job.key}.error`), outcome.message);
        } else {
          await discard(page);
          page = undefined;
          // A dead browser is nobody's diagram's fault: the job goes back, and drawing stops.
          await new Promise((ok) => setTimeout(ok, 50)); // let a 'disconnected' that came with the error arrive
          if (disconnected || !browser.isConnected()) {
            queue.unshift(job);
            stopped = `it exited or crashed (${outcome.message})`;
            break;
          }
          // Too slow, or its page crashed: reported for this diagram alone, never cached (a
          // faster or less loaded machine may draw it), and the next diagram gets a fresh page.
          result.failed.push({ key: job.key, message: outcome.message, ...(outcome.broken === 'timeout' ? { timedOut: true } : {}) });
        }
      }
    } catch (err) {
      stopped ??= disconnected ? `it exited or crashed (${firstLine(err)})` : firstLine(err);
    } finally {
      if (page) await discard(page);
    }
  };
  let bundle = '';
  try {
    bundle = await readFile(MERMAID_BUNDLE, 'utf8');
    const workers = Math.max(1, Math.min(opts.concurrency ?? (missing.length > 32 ? 2 : 1), missing.length));
    await Promise.all(Array.from({ length: workers }, work));
  } catch (err) {
    stopped ??= firstLine(err);
  } finally {
    await browser.close().catch(() => {});
  }
  if (stopped) {
    const left = missing.length - result.drawn - (result.failed.length - failedBefore);
    result.browserError = `Chromium at ${executable} stopped drawing with ${left} of ${missing.length} diagram${missing.length === 1 ? '' : 's'} left: ${stopped}`;
  }
  return result;
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
}
