/**
 * The analysis' diagram pass, for one page: each ```mermaid fence gets its id (from its title, the
 * heading above it, or its position), its model from mermaid's parser (cached by source hash), the
 * targets of its nodes and the papers behind its edges (docs/DESIGN.md "Knowledge tree").
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyLayout, authoredLayout, chooseLayout, LAYOUT_VALUES, layoutValue, type LayoutOption, type LayoutOverride } from '../diagrams/layout.ts';
import { DiagramSyntaxError, parseDiagram, type DiagramModel } from '../diagrams/parse.ts';
import { MERMAID_VERSION } from '../diagrams/version.ts';
import { anchorFor } from '../paths.ts';
import type { ProblemList } from '../problems.ts';
import type { ParsedPage } from './build.ts';
import type { NameIndex } from './resolve.ts';
import type { DiagramSource, GraphDiagram, LinkTarget } from './types.ts';

const EMOJI = /[\p{Extended_Pictographic}\p{Regional_Indicator}\u{FE0F}\u{200D}\u{20E3}]/gu;

/** Hash of a diagram's source; the renderer's cache key builds on it. */
export function sourceHash(source: string): string {
  return createHash('sha256').update(source).digest('hex').slice(0, 16);
}

/** A node label without its emoji (flags too): `👁️ Vision` → `Vision`, `TSMC 🇹🇼` → `TSMC`. */
export function plainLabel(label: string): string {
  return label.replace(EMOJI, '').replace(/\s+/g, ' ').trim();
}

/** `P7: DiffDis: Empowering …` → label `P7`, title `DiffDis: Empowering …`. */
export function splitSource(text: string): Pick<DiagramSource, 'label' | 'title'> {
  const m = /^([A-Z]{0,3}\d+[a-z]?)\s*[:.)\]-]\s*(.+)$/u.exec(text.trim());
  return m ? { label: m[1], title: m[2]!.trim() } : { title: text.trim() };
}

/** Above these mermaid stops (its maxEdges, maxTextSize: it then draws an error box) or drawing takes minutes. */
export const MAX_DIAGRAM_NODES = 500;
export const MAX_DIAGRAM_EDGES = 500;
export const MAX_DIAGRAM_CHARS = 50_000;
/** Bump when the parser's model changes shape, so cached models are parsed again. */
const MODEL_VERSION = `m2-${MERMAID_VERSION}`;

/** mermaid's parse of a diagram, from the cache when the same source was parsed before. */
async function parseCached(source: string, hash: string, cacheDir: string | undefined): Promise<DiagramModel> {
  const file = cacheDir && join(cacheDir, `${hash}-${MODEL_VERSION}.json`);
  if (file) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as DiagramModel;
    } catch {
      // not cached yet
    }
  }
  const model = await parseDiagram(source);
  if (file) {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(`${file}.${process.pid}`, JSON.stringify(model));
    renameSync(`${file}.${process.pid}`, file);
  }
  return model;
}

/** `autolink=false` in a fence's meta string: its nodes link only through `click` lines (e.g. a chart of key words). */
function fenceAutolink(meta: string | null | undefined): boolean {
  return !/(?:^|\s)autolink=(?:"false"|'false'|false)(?:\s|$)/.test(meta ?? '');
}

/** `title="My tree"` or `title=tree` in a fence's meta string. */
function fenceTitle(meta: string | null | undefined): string | undefined {
  const m = /(?:^|\s)title=(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(meta ?? '');
  return m ? (m[1] ?? m[2] ?? m[3])?.trim() || undefined : undefined;
}

/** `<option>=value` (quoted or not) in a fence's meta string, as written. */
function fenceOption(meta: string | null | undefined, option: LayoutOption): string | undefined {
  const m = new RegExp(`(?:^|\\s)${option}=(?:"([^"]*)"|'([^']*)'|(\\S+))`).exec(meta ?? '');
  return m ? (m[1] ?? m[2] ?? m[3] ?? '') : undefined;
}

/**
 * `layout=elk|dagre`, `direction=TD|LR|…` and `spacing=compact|normal` in a fence's meta string
 * (src/core/diagrams/layout.ts), and what is wrong with any value it does not know.
 */
function fenceLayout(meta: string | null | undefined): { override: LayoutOverride; given: LayoutOption[]; wrong: string[] } {
  const override: LayoutOverride = {};
  const given: LayoutOption[] = [];
  const wrong: string[] = [];
  for (const option of Object.keys(LAYOUT_VALUES) as LayoutOption[]) {
    const written = fenceOption(meta, option);
    if (written === undefined) continue;
    given.push(option);
    const value = layoutValue(option, written);
    if (value === undefined) wrong.push(`${option}=${JSON.stringify(written)} is not one of ${LAYOUT_VALUES[option].join(', ')}`);
    else Object.assign(override, { [option]: value });
  }
  return { override, given, wrong };
}

/** The diagrams of one page, in document order; adds their anchors and plan entries to the page. */
export async function pageDiagrams(p: ParsedPage, index: NameIndex, cacheDir: string | undefined, problems: ProblemList, unresolvedNodes: string[]): Promise<GraphDiagram[]> {
  const diagrams: GraphDiagram[] = [];
  const ids = new Set<string>();
  for (const [i, node] of p.facts.fences.entries()) {
    const { heading } = node;
    const primary = p.page.kind === 'tree' && i === 0;
    const autolink = fenceAutolink(node.meta);
    const title = fenceTitle(node.meta) ?? (primary ? p.page.title : heading) ?? `Diagram ${i + 1}`;
    const wanted = fenceTitle(node.meta) ? anchorFor(fenceTitle(node.meta)!) : heading ? `${anchorFor(heading)}-diagram` : `diagram-${i + 1}`;
    let id = wanted;
    for (let n = 2; ids.has(id) || p.anchors.has(id); n++) id = `${wanted}-${n}`;
    ids.add(id);
    p.anchors.add(id);
    const line = node.line + p.src.bodyStartLine; // fence line + 1
    const layoutAsked = fenceLayout(node.meta);
    for (const w of layoutAsked.wrong) problems.warn(p.src.file, line - 1, `diagram fence option ${w}; the diagram's layout is chosen automatically instead`, 'e.g. ```mermaid layout=elk direction=LR spacing=compact');
    const diagram: GraphDiagram = {
      key: `${p.page.kind}:${p.page.slug}#${id}`,
      page: { kind: p.page.kind, slug: p.page.slug },
      id,
      index: i,
      title,
      file: p.src.file,
      line,
      source: node.value,
      hash: sourceHash(node.value),
      type: 'unknown',
      primary,
      nodes: [],
      edges: [],
      sources: [],
    };
    let model: DiagramModel | undefined;
    try {
      model = await parseCached(node.value, diagram.hash, cacheDir);
    } catch (err) {
      if (/^Edge limit exceeded/.test((err as Error).message)) problems.error(p.src.file, line, `diagram has more than ${MAX_DIAGRAM_EDGES} edges; Arbor draws at most ${MAX_DIAGRAM_EDGES} edges per diagram`, 'split it into smaller diagrams, e.g. one per branch');
      else if (err instanceof DiagramSyntaxError) problems.error(p.src.file, line + err.line - 1, `invalid Mermaid: ${err.message}`, 'quote labels with parentheses or $ like A["f(x)"]; see mermaid.js.org/syntax/flowchart');
      else problems.error(p.src.file, line, `invalid Mermaid: ${(err as Error).message}`);
    }
    if (model && model.nodes.length > MAX_DIAGRAM_NODES) {
      problems.error(p.src.file, line, `diagram has ${model.nodes.length.toLocaleString('en')} nodes; Arbor draws at most ${MAX_DIAGRAM_NODES} nodes per diagram`, 'split it into smaller diagrams, e.g. one per branch');
      model = undefined;
    } else if (model && node.value.length > MAX_DIAGRAM_CHARS) {
      problems.error(p.src.file, line, `diagram source is ${node.value.length.toLocaleString('en')} characters; mermaid draws at most ${MAX_DIAGRAM_CHARS.toLocaleString('en')}`, 'split it into smaller diagrams or shorten its labels');
      model = undefined;
    }
    if (model) {
      for (const w of model.warnings) problems.warn(p.src.file, line, `Mermaid: ${w}`);
      diagram.type = model.type;
      // What is drawn: the source with its layout written in (layout.ts); its hash keys the drawing and the page.
      const layout = chooseLayout(model, authoredLayout(node.value), layoutAsked.override);
      const drawn = layout ? applyLayout(node.value, layout) : node.value;
      if (drawn !== node.value && drawn.length <= MAX_DIAGRAM_CHARS) {
        diagram.drawn = drawn;
        diagram.hash = sourceHash(drawn);
      }
      if (!layout && layoutAsked.given.length) problems.warn(p.src.file, line - 1, `diagram fence option ${layoutAsked.given.join(', ')} applies to flowcharts only; this ${model.type} diagram is drawn as written`);
      diagram.sources = model.sources.map((text) => {
        const s: DiagramSource = { text, ...splitSource(text) };
        const r = index.resolve(s.title, ['note']);
        if (r.status === 'ok') s.paper = r.target;
        return s;
      });
      const sourceIndex = new Map(model.sources.map((s, n) => [s, n]));
      diagram.edges = model.edges.map((e) => ({ id: e.id, from: e.from, to: e.to, label: e.label, source: e.source !== undefined ? sourceIndex.get(e.source) : undefined }));
      diagram.nodes = model.nodes.map((n) => {
        const anchor = primary ? `node-${n.id}` : `${id}-node-${n.id}`;
        p.anchors.add(anchor);
        const info: GraphDiagram['nodes'][number] = { id: n.id, label: n.label, shape: n.shape, anchor };
        if (n.link && /^[a-z][a-z0-9+.-]*:/i.test(n.link)) info.external = n.link;
        const found = nodeTarget(n, p.page, index, autolink, !!info.external);
        if (found.target) info.target = found.target;
        if (!info.target && !info.external && autolink && !found.ownPage && looksLikeName(plainLabel(n.label))) unresolvedNodes.push(`${p.src.file}: ${diagram.id}: ${n.id} "${plainLabel(n.label)}"`);
        return info;
      });
    }
    p.diagrams.push(diagram);
    p.page.diagrams.push(diagram.key);
    p.plan.diagrams.push({ offset: node.offset, key: diagram.key });
    diagrams.push(diagram);
  }
  return diagrams;
}

// --- What a node links to, and which unlinked nodes the build reports --------------------------

type NodeKinds = ReadonlyArray<'term' | 'note' | 'tree'>;

/**
 * A node's target: its `click` line's name; else (unless the fence is `autolink=false`) a
 * glossary term by its id or by a name of its label (labelNames), else a note or tree by a name
 * of its label, as written or (for a label that looksLikeName) as looseName spells it, so that a
 * node naming a paper links to the paper's note. A name never links a node to the page it is drawn on (a tree's root named like
 * the tree, a paper's chart naming the paper): `ownPage` says one would have.
 */
function nodeTarget(n: DiagramModel['nodes'][number], page: { kind: string; slug: string }, index: NameIndex, autolink: boolean, external: boolean): { target?: LinkTarget; ownPage: boolean } {
  if (n.link && !external) {
    const r = index.resolve(n.link, ['term', 'note', 'tree'], 'term');
    if (r.status === 'ok') return { target: r.target, ownPage: false };
  }
  if (!autolink) return { ownPage: false };
  const names = labelNames(plainLabel(n.label));
  let ownPage = false;
  const tryName = (name: string, kinds: NodeKinds): LinkTarget | undefined => {
    const r = index.resolve(name, kinds, 'term');
    if (r.status !== 'ok') return undefined;
    if (r.target.kind !== page.kind || r.target.slug !== page.slug) return r.target;
    ownPage = true;
    return undefined;
  };
  const target =
    tryName(n.id, ['term']) ??
    firstOf(names, (name) => tryName(name, ['term'])) ??
    firstOf(names, (name) => tryName(name, ['note', 'tree'])) ??
    // The index knows names only as written: its close names (by edit distance, a scan of every
    // name, so only for a label the build would otherwise report) are the candidates for one
    // spelled with other punctuation, spaces or emoji.
    firstOf(names, (name) => (looseName(name) && looksLikeName(name) ? firstOf(index.suggest(name, 8).filter((c) => looseName(c) === looseName(name)), (c) => tryName(c, ['note', 'tree'])) : undefined));
  return { target, ownPage };
}

function firstOf<T, R>(items: readonly T[], f: (item: T) => R | undefined): R | undefined {
  for (const item of items) {
    const r = f(item);
    if (r !== undefined) return r;
  }
  return undefined;
}

/**
 * A name without case, emoji, punctuation and spaces, as a node's label and a note's title or alias
 * are compared: `LAION-5B` and `LAION5B`, `DiffDis — Empowering …` and `DiffDis: Empowering …`.
 */
export function looseName(name: string): string {
  return plainLabel(name).normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * The names a node label is looked up by: the label, and, when it is `Long Form (LF)` or
 * `LF (Long Form)` with one part abbreviating the other, each part (long form first).
 */
export function labelNames(label: string): string[] {
  if (!label) return [];
  const parts = abbreviationParts(label);
  return parts ? [label, parts.long, parts.short] : [label];
}

/** `Multi-Head Latent Attention (MLA)` or `MLA (Multi-Head Latent Attention)` → long and short form. */
export function abbreviationParts(label: string): { long: string; short: string } | undefined {
  const m = /^([^()]+)\(([^()]+)\)$/u.exec(label.trim());
  if (!m) return undefined;
  const outer = m[1]!.trim();
  const inner = m[2]!.trim();
  if (abbreviates(inner, outer)) return { long: outer, short: inner };
  if (abbreviates(outer, inner)) return { long: inner, short: outer };
  return undefined;
}

/**
 * Whether `short` abbreviates `long`, by Schwartz and Hearst's test ("A simple algorithm for
 * identifying abbreviation definitions in biomedical text", PSB 2003), hand-written as no
 * maintained package offers it: one word of 2–10 characters with a letter; a long form of at
 * most min(|short| + 5, 2·|short|) words that begins with the short form's first character and
 * holds its other letters and digits in order (matched from the end): `MoE` ← Mixture of
 * Experts, `EUVL` ← EUV Lithography; not `GPI-2` ← DeepSpark & Caffe HPC.
 */
function abbreviates(short: string, long: string): boolean {
  if (/\s/u.test(short) || short.length < 2 || short.length > 10 || !/^[\p{L}\p{N}]/u.test(short) || !/\p{L}/u.test(short)) return false;
  if (long.length <= short.length || long.split(/\s+/u).length > Math.min(short.length + 5, short.length * 2)) return false;
  const chars = [...short.toLowerCase()].filter((c) => /[\p{L}\p{N}]/u.test(c));
  const text = long.toLowerCase();
  if (!text.startsWith(chars[0]!)) return false;
  let at = text.length;
  for (let i = chars.length - 1; i > 0; i--) {
    at = text.lastIndexOf(chars[i]!, at - 1);
    if (at < 1) return false;
  }
  return true;
}

/** Words that make a label a phrase or a statement ("Struggles with Abstraction", "AI Progress is Unstoppable"). */
const JOINING_WORDS = new Set(['with', 'without', 'to', 'from', 'for', 'is', 'are', 'was', 'in', 'into', 'on', 'at', 'by', 'per', 'than', 'via', 'vs', 'over', 'under']);
/** A number or an amount: `1`, `128`, `2021:`, `10K`, `~30%`, `$5-$20` (not `3D`). */
const VALUE = /^[~≈$€£]?\p{N}[\p{N}.,:%$€£-]*[KMB]?$/u;

/**
 * Whether a reader would expect a node to link, so that the build reports it when it does not: its
 * label, or an item of it ("Nvidia, AMD, Intel", "Reasoning Models (R1, O1)"), begins with a word
 * written as a name (nameShaped), and the label holds no number or amount ("Expert 1", "AIs
 * Score ~30%") and no joining word. Title-case phrases of common words ("Input Data", "Fake
 * News") read as descriptions, as do phrases that only mention a name ("Large-Scale AI Training").
 */
export function looksLikeName(label: string): boolean {
  const words = label.split(/\s+/u).map((w) => w.replace(/^\(+|[,;)]+$/gu, ''));
  if (words.some((w) => VALUE.test(w) || JOINING_WORDS.has(w))) return false;
  return label
    .split(/[,;/&()]/u)
    .map((item) => item.trim().split(/\s+/u)[0]!.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .some(nameShaped);
}

/**
 * A word written as a name: letters with digits (`O3`, `GPT-4`, `K8s`), or a part of three or more
 * letters that is an initialism or has inner capitals (`TSMC`, `MoE`, `DeepSeek`, `UCX-Py`). Not a
 * two-letter initialism (`AI`, `ML`, `US`: words, or too short to tell) and not a plural one
 * (`GPUs`, `APIs`: things counted, not named).
 */
function nameShaped(word: string): boolean {
  if (/^\p{L}[\p{L}-]*\p{N}/u.test(word)) return true;
  return word.split('-').some((part) => part.length >= 3 && /^\p{L}/u.test(part) && /\p{Lu}/u.test(part.slice(1)) && !/^\p{Lu}+s$/u.test(part));
}
