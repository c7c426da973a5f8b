/**
 * Diagram colours that follow the page's colour scheme. One drawing serves light and dark: diagrams
 * are drawn with SENTINEL theme colours (unusual, distinct values, one per mermaid theme variable)
 * and `themeSvg` swaps every sentinel, in whatever form mermaid emitted it, for
 * `var(--arbor-dg-<palette colour>)` (node, node-border, text, line, ...: 14 colours, see PALETTE).
 * The site declares those variables (`DIAGRAM_CSS_VARIABLES`, or `diagramCssText()`) for light and
 * dark. Colours an author writes with `style X fill:...` or `classDef` are not sentinels and stay
 * as written. No dependencies: the site's layout imports this for its stylesheet.
 */

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

/** The mermaid theme variables of every drawing: sentinels, fixed categorical colours, no gradients or shadows. */
export const MERMAID_THEME_VARIABLES: Record<string, string | boolean> = { ...FIXED_THEME_VARIABLES, ...SENTINELS, useGradient: false, dropShadow: 'none' };

/** The sentinels as `r,g,b` (rounded), for the drawing page's check of computed colours. */
export function sentinelRgbKeys(): string[] {
  return [...SENTINEL_VARIABLES.keys()];
}
