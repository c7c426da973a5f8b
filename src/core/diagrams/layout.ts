/**
 * How a flowchart is laid out: engine (ELK or dagre), direction and spacing, chosen from the
 * diagram's model so that it reads in a page column, or as its fence asks (```` ```mermaid
 * layout=elk direction=LR spacing=compact ````). The choice is applied to the source that is drawn
 * (a front-matter `config:` block and the header's direction), so it travels with the source into
 * the cache key, the build-time drawing and the reader's-browser fallback alike.
 *
 * Why these knobs (measured on the notebook's 44 diagrams, bench/DIAGRAMS.md):
 * - A layered layout puts the labels of the edges between two layers side by side across the
 *   drawing when it runs top-down, and one above the other when it runs left to right. A concept
 *   map with 45 labelled edges among 15 nodes is 5,127 units wide top-down and 2,966 left to right
 *   (compact); a chain of 15 key terms is 196 wide top-down and 3,276 left to right. So the
 *   direction is turned only when the author's would not fit the column and the other one is
 *   clearly narrower: what an arrow connects does not change, and `direction=` keeps the author's.
 * - ELK (mermaid 12's default) crosses half as many edges as dagre on the dense maps (30 against
 *   70) but is 5-6 times slower on very dense graphs (499 edges: 45 s against 8 s), so graphs
 *   with that many edges go to dagre, which stays under the drawing timeout.
 * - Compact spacing (half of mermaid's) takes 15-25 % off the larger drawings with no label
 *   overlapping another; drawings that fit keep mermaid's roomier default.
 *
 * Pure functions (no I/O): `chooseLayout` decides, `applyLayout` writes the decision into a source.
 */
import { parseDocument, stringify } from 'yaml';

export type LayoutEngine = 'elk' | 'dagre';
/** mermaid's flowchart directions (`TD` is read as its synonym `TB`). */
export type FlowDirection = 'TB' | 'BT' | 'LR' | 'RL';
export type LayoutSpacing = 'compact' | 'normal';

/** What a fence may ask for; unset fields are chosen automatically. */
export interface LayoutOverride {
  layout?: LayoutEngine;
  direction?: FlowDirection;
  spacing?: LayoutSpacing;
}

/** The values each fence option takes, as written in a fence (for parsing and for messages). */
export const LAYOUT_VALUES = {
  layout: ['elk', 'dagre'],
  direction: ['TD', 'TB', 'BT', 'LR', 'RL'],
  spacing: ['compact', 'normal'],
} as const satisfies Record<keyof LayoutOverride, readonly string[]>;

export type LayoutOption = keyof typeof LAYOUT_VALUES;

/** A fence option's value as a `LayoutOverride` field, or undefined if it is not one of `LAYOUT_VALUES`. */
export function layoutValue<K extends LayoutOption>(option: K, value: string): LayoutOverride[K] | undefined {
  const v = value.trim();
  if (option === 'direction') {
    const d = v.toUpperCase();
    if (!(LAYOUT_VALUES.direction as readonly string[]).includes(d)) return undefined;
    return (d === 'TD' ? 'TB' : d) as LayoutOverride[K];
  }
  const l = v.toLowerCase();
  return (LAYOUT_VALUES[option] as readonly string[]).includes(l) ? (l as LayoutOverride[K]) : undefined;
}

/** What the choice looks at: the model's type, nodes and edges (labels as plain text). */
export interface LayoutInput {
  type: string;
  nodes: readonly { id: string; label: string }[];
  edges: readonly { from: string; to: string; label: string }[];
}

/** What the author wrote into the source itself (its header and front matter). */
export interface Authored {
  /** The header's direction; undefined when the header names none (mermaid then draws TB). */
  direction?: FlowDirection;
  /** `flowchart-elk` as the header, or `layout:` in the source's own front matter or directive. */
  layout?: string;
  /** The source's own config sets `flowchart.nodeSpacing` or `rankSpacing`. */
  spacing?: boolean;
}

export interface LayoutChoice {
  layout: LayoutEngine;
  direction: FlowDirection;
  spacing: LayoutSpacing;
  /** Whether the direction differs from the author's (their header's, TB if none). */
  turned: boolean;
  /** Estimated drawn size (drawing units, 16 px labels) with this choice. */
  estimate: Size;
}

export interface Size {
  w: number;
  h: number;
}

/** The mermaid types the choice applies to: flowcharts (mindmaps and the rest are drawn as written). */
const FLOWCHARTS = new Set(['flowchart-v2', 'flowchart', 'flowchart-elk']);

/**
 * Drawing units the page has room for at a readable label size: a note's text column (718 px at
 * 1280 px) shows 957 units at 12 px labels (mermaid draws them 16 units tall); an 80 % high view of
 * a 900 px window, 960.
 */
export const ROOM: Size = { w: 960, h: 960 };
/** Turn the direction only if the other one is estimated at most this share of the author's width. */
const TURN_GAIN = 0.9;
/** From this many edges on, dagre (ELK took 45 s for 499 edges among 60 nodes, dagre 8 s). */
export const DAGRE_FROM_EDGES = 200;

/** mermaid's flowchart `nodeSpacing`/`rankSpacing` per spacing (normal: mermaid's defaults). */
export const SPACING_CONFIG: Record<LayoutSpacing, { nodeSpacing: number; rankSpacing: number }> = {
  normal: { nodeSpacing: 50, rankSpacing: 50 },
  compact: { nodeSpacing: 25, rankSpacing: 25 },
};

/**
 * The layout for a diagram, or undefined when it is not a flowchart (drawn as written).
 * `override` (the fence's options) wins over `authored` (the source's own settings), which wins
 * over the automatic choice.
 */
export function chooseLayout(input: LayoutInput, authored: Authored = {}, override: LayoutOverride = {}): LayoutChoice | undefined {
  if (!FLOWCHARTS.has(input.type)) return undefined;
  const own: FlowDirection = authored.direction ?? 'TB';
  const authoredEngine = authored.layout === 'dagre' ? 'dagre' : authored.layout?.startsWith('elk') ? 'elk' : undefined;
  const layout: LayoutEngine = override.layout ?? authoredEngine ?? (input.edges.length >= DAGRE_FROM_EDGES ? 'dagre' : 'elk');
  let direction = override.direction ?? own;
  if (!override.direction) {
    const mine = estimateSize(input, own, 'compact');
    if (mine.w > ROOM.w) {
      const other = turn(own);
      if (estimateSize(input, other, 'compact').w <= TURN_GAIN * mine.w) direction = other;
    }
  }
  let spacing: LayoutSpacing = override.spacing ?? 'normal';
  if (!override.spacing && !authored.spacing) {
    const roomy = estimateSize(input, direction, 'normal');
    if (roomy.w > ROOM.w || roomy.h > ROOM.h) spacing = 'compact';
  }
  return { layout, direction, spacing, turned: direction !== own, estimate: estimateSize(input, direction, spacing) };
}

/** The other axis, keeping the sense: top-down becomes left to right, bottom-up right to left. */
function turn(d: FlowDirection): FlowDirection {
  return d === 'TB' ? 'LR' : d === 'BT' ? 'RL' : d === 'LR' ? 'TB' : 'BT';
}

// ---------------------------------------------------------------------------------------------
// size estimate

const EMOJI = /\p{Extended_Pictographic}/u;
/** Verdana at 16 px: about 9.5 units per character, an emoji about 20. */
function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += EMOJI.test(ch) ? 20 : /[\uFE0F\u200D]/.test(ch) ? 0 : 9.5;
  return w;
}
/** mermaid wraps labels at 200 units; 24 units a line. */
function box(label: string, padX: number, padY: number): Size {
  const tw = textWidth(label);
  const lines = Math.max(1, Math.ceil(tw / 200));
  return { w: Math.min(tw, 200) + padX, h: lines * 24 + padY };
}

/**
 * A layered layout's size, estimated the way ELK and dagre build one: nodes in layers by longest
 * path (edges that close a cycle reversed, in model order as a depth-first search meets them),
 * each edge label in a layer of its own between its ends, and a thin dummy wherever an edge passes
 * a layer. Top-down, a layer is as wide as what it holds side by side and the drawing as wide as
 * its widest layer; left to right, the layers stand side by side. On the notebook it is within about
 * 30 % of the drawn size, which is all the choice needs: it compares directions,
 * and sizes against `ROOM`.
 */
export function estimateSize(input: LayoutInput, direction: FlowDirection, spacing: LayoutSpacing): Size {
  const gap = SPACING_CONFIG[spacing].nodeSpacing * 0.8; // ELK's spacing base is 40 for mermaid's 50
  const across = direction === 'LR' || direction === 'RL';
  const ids = input.nodes.map((n) => n.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const edges = input.edges.filter((e) => index.has(e.from) && index.has(e.to) && e.from !== e.to);
  // Depth-first search in model order: an edge to a node still on the stack closes a cycle.
  const out = new Map<string, { to: string; e: number }[]>(ids.map((id) => [id, []]));
  edges.forEach((e, i) => out.get(e.from)!.push({ to: e.to, e: i }));
  const state = new Map<string, 1 | 2>();
  const reversed = new Set<number>();
  for (const start of ids) {
    if (state.has(start)) continue;
    // Iterative, so a long chain cannot overflow the stack.
    const stack: { id: string; next: number }[] = [{ id: start, next: 0 }];
    state.set(start, 1);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const succ = out.get(top.id)!;
      if (top.next >= succ.length) {
        state.set(top.id, 2);
        stack.pop();
        continue;
      }
      const { to, e } = succ[top.next++]!;
      const s = state.get(to);
      if (s === 1) reversed.add(e);
      else if (s === undefined) {
        state.set(to, 1);
        stack.push({ id: to, next: 0 });
      }
    }
  }
  const dag = edges.map((e, i) => (reversed.has(i) ? { from: e.to, to: e.from, label: e.label } : e));
  // Longest-path layers, by relaxing in topological order (Kahn).
  const rank = new Map(ids.map((id) => [id, 0]));
  const indeg = new Map(ids.map((id) => [id, 0]));
  for (const e of dag) indeg.set(e.to, indeg.get(e.to)! + 1);
  const queue = ids.filter((id) => indeg.get(id) === 0);
  const succs = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of dag) succs.get(e.from)!.push(e.to);
  while (queue.length) {
    const id = queue.shift()!;
    for (const to of succs.get(id)!) {
      rank.set(to, Math.max(rank.get(to)!, rank.get(id)! + 1));
      indeg.set(to, indeg.get(to)! - 1);
      if (indeg.get(to) === 0) queue.push(to);
    }
  }
  // Layer slots: node layer r at 2r, edge labels in the odd slots between, a lane where an edge passes a layer.
  const slots = new Map<number, Size[]>();
  const put = (slot: number, s: Size) => (slots.get(slot) ?? slots.set(slot, []).get(slot)!).push(s);
  const nodeBox = new Map(input.nodes.map((n) => [n.id, box(n.label || n.id, 40, 30)]));
  for (const n of input.nodes) put(2 * rank.get(n.id)!, nodeBox.get(n.id)!);
  const lane: Size = { w: gap / 2, h: gap / 2 };
  // The label sits in the middle gap between its edge's ends; the edge passes every layer between
  // them (the gaps that hold labels are layers too).
  const ends = dag.map((e) => ({ a: 2 * rank.get(e.from)!, b: 2 * rank.get(e.to)!, label: e.label }));
  const labelAt = ends.map(({ a, b, label }) => (label ? a + 2 * Math.floor((b - a) / 4) + 1 : -1));
  ends.forEach(({ label }, i) => label && put(labelAt[i]!, box(label, 10, 4)));
  const layers = new Set(slots.keys());
  ends.forEach(({ a, b }, i) => {
    for (let s = a + 1; s < b; s++) if (s !== labelAt[i] && layers.has(s)) put(s, lane);
  });
  let w = 0;
  let h = 0;
  const used = [...slots.keys()].sort((x, y) => x - y);
  for (const s of used) {
    const items = slots.get(s)!;
    // Along the layer: items side by side, `gap` apart; across: the layer is as deep as its deepest item.
    const along = items.reduce((t, i) => t + (across ? i.h : i.w), 0) + gap * (items.length - 1);
    const deep = Math.max(...items.map((i) => (across ? i.w : i.h)));
    if (across) {
      h = Math.max(h, along);
      w += deep;
    } else {
      w = Math.max(w, along);
      h += deep;
    }
  }
  const between = gap * Math.max(0, used.length - 1);
  return across ? { w: Math.round(w + between), h: Math.round(h) } : { w: Math.round(w), h: Math.round(h + between) };
}

// ---------------------------------------------------------------------------------------------
// the source

/** Where a flowchart's header and front matter are in its source. */
export interface FlowchartHeader {
  /** `flowchart`, `graph` or `flowchart-elk`. */
  keyword: string;
  /** The direction as written (`TD`, `LR`, `>`, ...), and where it is; undefined if the header has none. */
  direction?: { text: string; start: number; end: number };
  /** Where a direction would go when there is none: right after the keyword. */
  keywordEnd: number;
  /** The source's front matter (`---` … `---` from the first line), as text without the fences. */
  frontMatter?: { text: string; start: number; end: number };
}

const DIRECTIONS: Record<string, FlowDirection> = { TB: 'TB', TD: 'TB', BT: 'BT', LR: 'LR', RL: 'RL', v: 'TB', '^': 'BT', '>': 'LR', '<': 'RL' };
const KEYWORDS = ['flowchart-elk', 'flowchart', 'graph'];

/**
 * Find a flowchart's header the way mermaid reads the source: front matter from the first line,
 * then blank lines, `%%` comments and `%%{…}%%` directives skipped (as `parse.ts` does), then the
 * first statement, which must be `flowchart`/`graph` with an optional direction. A line scan
 * rather than a grammar: the header is one keyword and one token, and only its position matters.
 */
export function flowchartHeader(source: string): FlowchartHeader | undefined {
  let pos = 0;
  let frontMatter: FlowchartHeader['frontMatter'];
  const lineAt = (p: number) => {
    const nl = source.indexOf('\n', p);
    return { text: source.slice(p, nl < 0 ? source.length : nl), next: nl < 0 ? source.length : nl + 1 };
  };
  const first = lineAt(0);
  if (/^---\s*$/.test(first.text)) {
    let p = first.next;
    while (p < source.length) {
      const l = lineAt(p);
      if (/^---\s*$/.test(l.text)) {
        frontMatter = { text: source.slice(first.next, p), start: 0, end: l.next };
        pos = l.next;
        break;
      }
      p = l.next;
    }
    if (!frontMatter) return undefined;
  }
  while (pos < source.length) {
    const l = lineAt(pos);
    const t = l.text.trim();
    if (t === '' || (t.startsWith('%%') && !t.startsWith('%%{'))) {
      pos = l.next;
      continue;
    }
    if (t.startsWith('%%{')) {
      let p = pos;
      while (p < source.length && !lineAt(p).text.includes('}%%')) p = lineAt(p).next;
      pos = p < source.length ? lineAt(p).next : p;
      continue;
    }
    const lead = l.text.length - l.text.trimStart().length;
    const keyword = KEYWORDS.find((k) => t.startsWith(k) && (t.length === k.length || /[\s;]/.test(t[k.length]!)));
    if (!keyword) return undefined;
    const keywordEnd = pos + lead + keyword.length;
    let p = keywordEnd;
    while (p < source.length && (source[p] === ' ' || source[p] === '\t')) p++;
    let q = p;
    while (q < source.length && !/[\s;]/.test(source[q]!)) q++;
    const token = source.slice(p, q);
    return { keyword, keywordEnd, ...(token in DIRECTIONS ? { direction: { text: token, start: p, end: q } } : {}), ...(frontMatter ? { frontMatter } : {}) };
  }
  return undefined;
}

/** The config the source sets itself (front matter `config:`, and `%%{init: …}%%` directives are not read). */
function ownConfig(header: FlowchartHeader | undefined): Record<string, unknown> {
  if (!header?.frontMatter) return {};
  try {
    const data = parseDocument(header.frontMatter.text).toJS() as { config?: unknown } | null;
    return data && typeof data.config === 'object' && data.config ? (data.config as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** What the source itself says about its layout (header direction, `flowchart-elk`, front-matter config). */
export function authoredLayout(source: string): Authored {
  const header = flowchartHeader(source);
  if (!header) return {};
  const config = ownConfig(header);
  const flow = (typeof config.flowchart === 'object' && config.flowchart ? config.flowchart : {}) as Record<string, unknown>;
  const layout = header.keyword === 'flowchart-elk' ? 'elk' : typeof config.layout === 'string' ? config.layout : undefined;
  return {
    ...(header.direction ? { direction: DIRECTIONS[header.direction.text] } : {}),
    ...(layout ? { layout } : {}),
    ...(flow.nodeSpacing !== undefined || flow.rankSpacing !== undefined ? { spacing: true } : {}),
  };
}

/** `b` deep-merged over `a` (plain objects only). */
function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const base = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && base && typeof base === 'object' && !Array.isArray(base) ? merge(base as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

/** The mermaid config a choice stands for (what `applyLayout` writes into the front matter). */
export function layoutConfig(choice: LayoutChoice): Record<string, unknown> {
  return { layout: choice.layout, flowchart: { ...SPACING_CONFIG[choice.spacing] } };
}

/**
 * `source` with `choice` written in: the header's direction set (or added), and a front-matter
 * `config:` with the engine and spacing. The author's own front-matter settings win over the
 * choice's, key by key, and its other front-matter fields are kept. A source whose header cannot
 * be found is returned as it is.
 */
export function applyLayout(source: string, choice: LayoutChoice): string {
  const header = flowchartHeader(source);
  if (!header) return source;
  let body = source;
  const want = choice.direction;
  const has = header.direction ? DIRECTIONS[header.direction.text] : undefined;
  if (has !== want) {
    body = header.direction
      ? `${source.slice(0, header.direction.start)}${want}${source.slice(header.direction.end)}`
      : `${source.slice(0, header.keywordEnd)} ${want}${source.slice(header.keywordEnd)}`;
  }
  let data: Record<string, unknown> = {};
  if (header.frontMatter) {
    try {
      const parsed = parseDocument(header.frontMatter.text).toJS() as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) data = parsed as Record<string, unknown>;
    } catch {
      return source; // mermaid would not read it either
    }
    body = body.slice(header.frontMatter.end);
  }
  const own = ownConfig(header);
  data = { ...data, config: merge(layoutConfig(choice), own) };
  return `---\n${stringify(data).trimEnd()}\n---\n${body}`;
}
