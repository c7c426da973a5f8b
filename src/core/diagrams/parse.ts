/**
 * The diagram as data: a Mermaid snippet parsed by mermaid's own parser, in Node.
 *
 * mermaid is imported once, lazily, with a jsdom window installed only for the import (its bundled
 * DOMPurify binds to `window` at import time and keeps that reference; parsing needs no further
 * globals, so they are removed again and the rest of the process never sees a fake browser), and
 * with its `getConfig` patched for speed while its modules load (config-copy.ts).
 *
 * Every diagram type is validated; the types registered in `types/` (flowchart, mindmap) also
 * yield nodes and edges, the others empty lists. `%%` comment lines name the source of the edges
 * that follow them (see docs/DESIGN.md "Knowledge tree"); mermaid discards comments, so we note where
 * each comment is, a type notes where its parser completes each edge, and the two are matched by line.
 */
import { fromHtml } from 'hast-util-from-html';
import { toString as hastToString } from 'hast-util-to-string';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { visit } from 'unist-util-visit';
import type { Root as HastRoot } from 'hast';
import type { DiagramModel } from './model.ts';
import * as nodeModule from 'node:module';
import { patchGetConfig } from './config-copy.ts';
import { DIAGRAM_TYPES, diagramType, type ModelContext } from './types/index.ts';

export type { DiagramEdge, DiagramModel, DiagramNode } from './model.ts';

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

let mermaidReady: Promise<MermaidLike> | undefined;

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
    // mermaid's modules as they load, with the faster getConfig (only while mermaid is imported; the
    // module that defines it is loaded with mermaid's entry). Node < 22.15 has no such hooks.
    const hooks = nodeModule.registerHooks?.({
      load(url, context, nextLoad) {
        const loaded = nextLoad(url, context);
        if (!/\/mermaid\/dist\/.*\.mjs$/.test(url) || loaded.source == null) return loaded;
        const patched = patchGetConfig(String(loaded.source));
        return patched.patched ? { ...loaded, source: patched.code } : loaded;
      },
    });
    try {
      mermaid = (await import('mermaid')).default as unknown as MermaidLike;
      mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', logLevel: 'fatal' });
      for (const type of DIAGRAM_TYPES) await type.instrument?.(mermaid);
    } finally {
      hooks?.deregister();
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete g[k];
        else g[k] = v;
      }
    }
    return mermaid;
  })();
  return mermaidReady;
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
  const e = err as { message?: unknown; hash?: { loc?: { last_line?: number; last_column?: number } }; parserLine?: unknown };
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
  } else if (typeof e?.parserLine === 'number') {
    // thrown by a db method a type instrumented (see types/type.ts `errorAt`), which knew the line
    line = prep.lineOf[e.parserLine - 1] ?? line;
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
  const ctx: ModelContext = {
    label: plainLabel,
    sourceBefore: (parserLine) => {
      const line = parserLine === undefined ? undefined : prep.lineOf[parserLine - 1];
      return line === undefined ? undefined : prep.comments.findLast((c) => c.line < line)?.text;
    },
    lines: source.replace(/\r\n?/g, '\n').split('\n'),
  };
  const found = diagramType(diagram.type)?.model(diagram.db, ctx);
  return found ? { ...model, ...found } : model;
}
