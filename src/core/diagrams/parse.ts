/**
 * The diagram as data: a Mermaid snippet parsed by mermaid's own parser, in Node.
 *
 * mermaid is imported once, lazily, with a jsdom window installed only for the import (its bundled
 * DOMPurify binds to `window` at import time and keeps that reference; parsing needs no further
 * globals, so they are removed again and the rest of the process never sees a fake browser).
 *
 * Flowcharts yield nodes and edges; every other diagram type is validated the same way and yields
 * empty node/edge lists. `%%` comment lines name the source of the edges that follow them (see
 * DESIGN.md "Knowledge tree"); mermaid discards comments, so we note where each comment is and where
 * the parser completes each edge (see `instrumentFlowchartParser`), and match the two by line.
 */
import { fromHtml } from 'hast-util-from-html';
import { toString as hastToString } from 'hast-util-to-string';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { visit } from 'unist-util-visit';
import type { Root as HastRoot } from 'hast';

export interface DiagramNode {
  id: string;
  /** Plain text as drawn: emoji kept, markdown/HTML markup stripped, `<br>` becomes a space. */
  label: string;
  /** mermaid's shape name as it draws it, e.g. `squareRect`, `roundedRect`, `diamond`, `stadium`. */
  shape: string;
  /** From a `click ID "url"` / `click ID href "url"` line (as mermaid sanitised it). */
  link?: string;
}

export interface DiagramEdge {
  from: string;
  to: string;
  label: string;
  /** Text of the nearest `%%` comment line before the line where the edge ends, without `%%`. */
  source?: string;
  /** mermaid's edge id (e.g. `L_MM_VI_0`); the drawn SVG carries it as `data-id` on path and label. */
  id?: string;
}

export interface DiagramModel {
  /** mermaid's diagram type: `flowchart-v2`, `sequence`, `classDiagram`, `pie`, ... */
  type: string;
  /** Flowchart nodes (subgraphs excluded), in order of first appearance. Empty for other types. */
  nodes: DiagramNode[];
  /** Flowchart edges in source order. Empty for other types. */
  edges: DiagramEdge[];
  /** Every non-empty `%%` comment text, in order, each once (directives `%%{...}%%` excluded). */
  sources: string[];
  /** Content that mermaid accepts but almost surely does not do what the author meant. */
  warnings: string[];
}

/** A snippet mermaid rejects; `line` (1-based) and `column` refer to the snippet as written. */
export class DiagramSyntaxError extends Error {
  readonly line: number;
  readonly column?: number;
  constructor(message: string, line: number, column?: number) {
    super(message);
    this.name = 'DiagramSyntaxError';
    this.line = line;
    if (column !== undefined) this.column = column;
  }
}

// ---------------------------------------------------------------------------------------------
// mermaid, loaded once

/** The slice of mermaid's API used here (its `Diagram.db` is typed loosely per diagram type). */
interface MermaidLike {
  initialize(config: Record<string, unknown>): void;
  mermaidAPI: { getDiagramFromText(text: string): Promise<DiagramLike> };
}
interface DiagramLike {
  type: string;
  db: unknown;
  parser: unknown;
}
interface FlowVertexLike {
  id: string;
  text?: string;
  labelType?: string;
  type?: string;
  link?: string;
}
interface FlowEdgeLike {
  start: string;
  end: string;
  text?: string;
  labelType?: string;
  id?: string;
}
interface FlowDbLike {
  getVertices(): Map<string, FlowVertexLike>;
  getEdges(): FlowEdgeLike[];
  getData?(): { nodes: { id: string; shape?: string; isGroup?: boolean }[] };
  addLink(...args: unknown[]): unknown;
}
/** Where jison keeps its lexer during a parse: on the per-parse copy of `yy` it calls actions on. */
interface JisonYy {
  lexer?: { yylloc?: { first_line?: number } };
}

let mermaidReady: Promise<MermaidLike> | undefined;

/** The line (1-based, in the text handed to mermaid) where each edge of a flowchart db ended. */
const edgeLines = new WeakMap<object, number[]>();

function loadMermaid(): Promise<MermaidLike> {
  mermaidReady ??= (async () => {
    const { JSDOM } = await import('jsdom');
    const dom = new JSDOM('<!doctype html><html><body></body></html>');
    // jsdom's selector engine adds listeners to the window for every document created, and mermaid's
    // DOMPurify creates one per label containing `<` (e.g. `<br>`); they are never removed, so each
    // parse got slower (10 parses of a 26-node tree: 0.5 s, then 6 s). Nothing listens on this
    // private window, so listeners are dropped.
    dom.window.addEventListener = () => {};
    const g = globalThis as Record<string, unknown>;
    const saved = { window: g.window, document: g.document };
    g.window = dom.window;
    g.document = dom.window.document;
    let mermaid: MermaidLike;
    try {
      mermaid = (await import('mermaid')).default as unknown as MermaidLike;
      mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', logLevel: 'fatal' });
      await instrumentFlowchartParser(mermaid);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete g[k];
        else g[k] = v;
      }
    }
    return mermaid;
  })();
  return mermaidReady;
}

/**
 * Teach mermaid's flowchart parser to note the line of every edge. mermaid keeps no source positions
 * for flowcharts, and a marker-statement rewrite breaks on real notes (a `%%` comment in the middle
 * of an edge split over two lines, `A\n %% src\n --> B`). mermaid hands each new FlowDB to the jison
 * parser by assigning `parser.yy`; we wrap that db's `addLink` there, and jison calls it on its
 * per-parse `yy` copy, which carries the lexer: `yylloc.first_line` is the line where the edge's last
 * token ends (the lookahead that made jison reduce the edge statement). If mermaid's internals ever
 * change shape, nothing is wrapped and edges simply get no `source` (the unit tests will say so).
 */
async function instrumentFlowchartParser(mermaid: MermaidLike): Promise<void> {
  const probe = await mermaid.mermaidAPI.getDiagramFromText('flowchart TD\nA --> B');
  const jison = (probe.parser as { parser?: Record<string, unknown> } | undefined)?.parser;
  const desc = jison && Object.getOwnPropertyDescriptor(jison, 'yy');
  if (!jison || !desc || !('value' in desc)) return;
  let current: unknown = desc.value;
  Object.defineProperty(jison, 'yy', {
    configurable: true,
    enumerable: desc.enumerable ?? true,
    get: () => current,
    set: (db: unknown) => {
      current = db;
      if (!isFlowDb(db)) return;
      const lines: number[] = [];
      edgeLines.set(db, lines);
      const addLink = db.addLink;
      db.addLink = function (this: JisonYy, ...args: unknown[]) {
        const before = db.getEdges().length;
        const result = addLink.apply(db, args);
        const line = this?.lexer?.yylloc?.first_line ?? 0;
        for (let i = before; i < db.getEdges().length; i++) lines[i] = line;
        return result;
      };
    },
  });
}

function isFlowDb(db: unknown): db is FlowDbLike {
  const d = db as Partial<FlowDbLike> | null;
  return (
    !!d &&
    typeof d.getVertices === 'function' &&
    typeof d.getEdges === 'function' &&
    typeof d.addLink === 'function'
  );
}

// ---------------------------------------------------------------------------------------------
// the snippet, prepared so that lines can be mapped back

interface Prepared {
  /** What mermaid parses: the snippet without blank, comment, directive and front-matter lines. */
  text: string;
  /** Original 1-based line of each line of `text`. */
  lineOf: number[];
  /** The `%%` comments, with their original 1-based lines. */
  comments: { line: number; text: string }[];
  lineCount: number;
}

/**
 * Drop the lines mermaid would drop or blank itself, remembering where every kept line came from.
 * mermaid removes comment lines, directives and front matter, trims leading blank lines, and its
 * flowchart parser squeezes blank lines after a `}`, so its line numbers drift from the snippet's;
 * handing it only significant lines makes its numbering a plain index into `lineOf`.
 * (Directives and front matter only configure drawing, so the model does not need them.)
 */
function prepare(source: string): Prepared {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  const lineOf: number[] = [];
  const comments: Prepared['comments'] = [];
  let i = 0;
  // Front matter, as mermaid reads it: `---` on the very first line, up to the next `---` line.
  if (/^---\s*$/.test(lines[0] ?? '')) {
    const close = lines.findIndex((l, n) => n > 0 && /^---\s*$/.test(l));
    if (close > 0) i = close + 1;
  }
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    const t = line.trim();
    if (t === '') continue;
    if (t.startsWith('%%{')) {
      // A directive `%%{init: ...}%%` may span lines; skip to its closing `}%%`.
      while (i < lines.length && !lines[i]!.includes('}%%')) i++;
      continue;
    }
    if (t.startsWith('%%')) {
      const text = t.slice(2).trim();
      if (text) comments.push({ line: i + 1, text });
      continue;
    }
    kept.push(line);
    lineOf.push(i + 1);
  }
  return { text: kept.join('\n'), lineOf, comments, lineCount: lines.length };
}

// ---------------------------------------------------------------------------------------------
// labels

/**
 * Undo mermaid's entity escaping: it turns `#quot;` / `#35;` into private marker characters before
 * parsing and back into `&quot;` / `&#35;` only when drawing (its `decodeEntities` is not exported).
 */
function decodeMermaidEntities(text: string): string {
  return text.replaceAll('ﬂ°°', '&#').replaceAll('ﬂ°', '&').replaceAll('¶ß', ';');
}

/** A label as plain text: what a reader sees, without markup. */
export function plainLabel(text: string | undefined, labelType?: string): string {
  if (!text) return '';
  const raw = decodeMermaidEntities(text);
  let out: string;
  if (labelType === 'markdown') {
    const parts: string[] = [];
    visit(fromMarkdown(raw), (node) => {
      if (node.type === 'text' || node.type === 'inlineCode') parts.push(node.value);
      else if (node.type === 'break') parts.push(' ');
      else if (node.type === 'paragraph' && parts.length) parts.push(' ');
    });
    out = parts.join('');
  } else {
    const tree: HastRoot = fromHtml(raw, { fragment: true });
    visit(tree, 'element', (el, index, parent) => {
      if (el.tagName === 'br' && parent && index !== undefined) parent.children[index] = { type: 'text', value: ' ' };
    });
    out = hastToString(tree);
  }
  return out.replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// errors

function toSyntaxError(err: unknown, prep: Prepared): DiagramSyntaxError {
  const e = err as { message?: unknown; hash?: { loc?: { last_line?: number; last_column?: number } } };
  const message = typeof e?.message === 'string' ? e.message : String(err);
  // mermaid's parsers say "Parse error on line N:" (jison) or "... on line N, column C:" (langium).
  const m = /\bon line (\d+)(?:, column (\d+))?/.exec(message);
  let line = prep.lineOf[0] ?? 1; // no position known: the diagram's first line
  let column: number | undefined;
  if (m) {
    const parsedLine = Math.min(Math.max(Number(m[1]), 1), Math.max(prep.lineOf.length, 1));
    line = prep.lineOf[parsedLine - 1] ?? line;
    if (m[2]) column = Number(m[2]);
    else if (e.hash?.loc?.last_line === parsedLine && typeof e.hash.loc.last_column === 'number') {
      column = e.hash.loc.last_column + 1; // jison: the offending token starts where the last one ended
    }
  }
  const text = m ? message.replace(m[0], m[0].replace(m[1]!, String(line))) : message;
  return new DiagramSyntaxError(text, line, column);
}

// ---------------------------------------------------------------------------------------------
// the model

/** Parse a Mermaid snippet (the inside of a ```mermaid fence) with mermaid's own parser. */
export async function parseDiagram(source: string): Promise<DiagramModel> {
  const mermaid = await loadMermaid();
  // Let the event loop turn once: jsdom's NodeIterators hold WeakRefs, which V8 keeps alive until
  // the current job ends, so a caller awaiting parses in a tight loop would otherwise keep every
  // document DOMPurify made (about 2.5 MB per `<br>`-heavy tree) until the loop finished.
  await new Promise<void>((resolve) => setImmediate(resolve));
  const prep = prepare(source);
  let diagram: DiagramLike;
  try {
    diagram = await mermaid.mermaidAPI.getDiagramFromText(prep.text);
  } catch (err) {
    throw toSyntaxError(err, prep);
  }
  const sources = [...new Set(prep.comments.map((c) => c.text))];
  const model: DiagramModel = { type: diagram.type, nodes: [], edges: [], sources, warnings: [] };
  const db = diagram.db;
  if (!isFlowDb(db)) return model;

  const shapes = new Map<string, string>();
  const groups = new Set<string>();
  try {
    for (const n of db.getData?.().nodes ?? []) {
      if (n.isGroup) groups.add(n.id);
      else if (n.shape) shapes.set(n.id, n.shape);
    }
  } catch {
    // getData() needs render config; without it shapes fall back to the parsed vertex type.
  }
  for (const v of db.getVertices().values()) {
    if (groups.has(v.id)) continue;
    const node: DiagramNode = {
      id: v.id,
      label: plainLabel(v.text ?? v.id, v.labelType),
      shape: shapes.get(v.id) ?? v.type ?? 'squareRect',
    };
    if (v.link && v.link !== 'about:blank') node.link = v.link;
    model.nodes.push(node);
    if (v.id.includes(',')) {
      const at = source.replace(/\r\n?/g, '\n').split('\n').findIndex((l) => l.trim().startsWith(`style ${v.id}`));
      model.warnings.push(
        `${at >= 0 ? `line ${at + 1}: ` : ''}"style ${v.id}" styles one node named "${v.id}" ` +
          `(mermaid's style takes a single id), so mermaid draws an extra node and styles none of ` +
          `${v.id.split(',').join(', ')}; use "classDef name ..." and "class ${v.id} name" instead`,
      );
    }
  }

  const lines = edgeLines.get(db) ?? [];
  db.getEdges().forEach((e, i) => {
    const edge: DiagramEdge = { from: e.start, to: e.end, label: plainLabel(e.text, e.labelType) };
    const endLine = prep.lineOf[(lines[i] ?? 0) - 1];
    if (endLine !== undefined) {
      const comment = prep.comments.findLast((c) => c.line < endLine);
      if (comment) edge.source = comment.text;
    }
    if (e.id) edge.id = e.id;
    model.edges.push(edge);
  });
  return model;
}
