/**
 * The first pass of the analysis: what one body holds, read from its Markdown tree in one walk,
 * without knowing any other file. Plain data (worker threads extract in parallel and send it
 * back); the tree itself is dropped, so an analysis never holds every tree at once. The second
 * pass (build.ts) resolves the names against the whole knowledge base.
 *
 * Lines are lines of the body (1-based) and offsets are where a node starts in the body: the
 * render plan names nodes by these offsets.
 */
import type { Nodes, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visitParents } from 'unist-util-visit-parents';
import { eachHeading } from '../syntax/headings.ts';
import { NestingError, parseMarkdown } from '../syntax/parse.ts';
import type { WikiLink } from '../syntax/wikilink.ts';
import type { HeadingPart } from './types.ts';

export interface HeadingFact {
  depth: number;
  text: string;
  /** Set when the heading holds inline math: its text and TeX in order, for a table of contents that renders the math. */
  parts?: HeadingPart[];
  anchor: string;
  line: number;
  offset: number;
}

export interface FenceFact {
  offset: number;
  /** Line of the fence itself. */
  line: number;
  value: string;
  meta?: string;
  /** The text of the last heading before the fence. */
  heading?: string;
}

export type ItemFact =
  | { type: 'wikiLink'; offset: number; line: number; value: string; target: string; heading?: string; alias?: string; embed: boolean; context: string }
  | { type: 'link'; offset: number; line: number; url: string; text: string; context: string }
  | { type: 'definition'; line: number; url: string }
  /** Text where a glossary term may be mentioned (not in headings, table cells, links, code or math). */
  | { type: 'text'; offset: number; value: string };

export interface BodyFacts {
  /** Set when the body nests too deep to be parsed; everything else is then empty. */
  nesting?: { message: string; line: number };
  /** The text of the body's top-level `# ` heading, if any. */
  h1?: string;
  /** The plain text of its first top-level paragraph. */
  firstParagraph?: string;
  words: number;
  headings: HeadingFact[];
  /** Its ```mermaid fences, in document order. */
  fences: FenceFact[];
  /** Links and mentionable text, in document order. */
  items: ItemFact[];
}

/** Nothing inside these is a link or a mention. */
const SKIP_INSIDE = new Set(['link', 'linkReference', 'wikiLink', 'code', 'inlineCode', 'inlineMath', 'math', 'html', 'definition']);
/**
 * Links in headings and table cells count; mentions of terms there do not: a heading stays the
 * anchor text it is, and a tooltip does not fit in a cell. One list for what is linked and what is
 * listed as "mentioned in".
 */
const NO_MENTIONS_INSIDE = new Set(['heading', 'tableCell']);
const CONTEXT_PARENTS = new Set(['paragraph', 'listItem', 'tableCell', 'heading', 'blockquote']);

/** The text a wikilink shows as written (`[[slug|Label]]` reads "Label"), for sentences around links. */
export function wikiLinkText(w: Pick<WikiLink, 'value' | 'target' | 'heading' | 'alias'>): string {
  return w.alias ?? (w.target ? (w.heading ? `${w.target} › ${w.heading}` : w.target) : (w.heading ?? w.value));
}

/** A node's plain text as a reader sees it: like mdast-util-to-string, but a wikilink reads as its text. */
function plainText(node: Nodes): string {
  if (node.type === 'wikiLink') return wikiLinkText(node as WikiLink);
  if ('children' in node) return node.children.map((c) => plainText(c as Nodes)).join('');
  return 'value' in node ? String(node.value) : '';
}

function contextOf(ancestors: Nodes[]): string {
  const holder = [...ancestors].reverse().find((n) => CONTEXT_PARENTS.has(n.type));
  const text = holder ? plainText(holder).replace(/\s+/g, ' ').trim() : '';
  return text.length > 240 ? `${text.slice(0, 237)}…` : text;
}

/** A heading's text and math in order (a wikilink reads as its text), or undefined when it holds no math. */
function headingParts(heading: Nodes): HeadingPart[] | undefined {
  const parts: HeadingPart[] = [];
  let math = false;
  const walk = (node: Nodes) => {
    if (node.type === 'inlineMath') {
      math = true;
      parts.push({ math: node.value });
    } else if (node.type === 'wikiLink' || !('children' in node)) {
      const text = plainText(node);
      const last = parts.at(-1);
      if (last && 'text' in last) last.text += text;
      else if (text) parts.push({ text });
    } else node.children.forEach((c) => walk(c as Nodes));
  };
  walk(heading);
  return math ? parts : undefined;
}

const offsetOf = (node: Nodes) => node.position?.start.offset ?? -1;
const lineOf = (node: Nodes) => node.position?.start.line ?? 1;

export function extractFacts(body: string): BodyFacts {
  let tree: Root;
  try {
    tree = parseMarkdown(body);
  } catch (err) {
    if (!(err instanceof NestingError)) throw err;
    return { nesting: { message: err.message, line: err.line }, words: 0, headings: [], fences: [], items: [] };
  }
  const facts: BodyFacts = { words: toString(tree).split(/\s+/).filter(Boolean).length, headings: [], fences: [], items: [] };
  const h1 = tree.children.find((n) => n.type === 'heading' && n.depth === 1);
  if (h1) facts.h1 = toString(h1).trim();
  const para = tree.children.find((n) => n.type === 'paragraph');
  if (para) facts.firstParagraph = toString(para).replace(/\s+/g, ' ').trim();
  eachHeading(tree, (node, text, anchor) => {
    const parts = headingParts(node);
    facts.headings.push({ depth: node.depth, text, ...(parts ? { parts } : {}), anchor, line: lineOf(node), offset: offsetOf(node) });
  });

  let lastHeading: string | undefined;
  visitParents(tree, (node, ancestors) => {
    if (node.type === 'heading') lastHeading = toString(node).trim();
    if (node.type === 'code' && node.lang === 'mermaid') {
      facts.fences.push({ offset: offsetOf(node), line: lineOf(node), value: node.value, ...(node.meta ? { meta: node.meta } : {}), ...(lastHeading ? { heading: lastHeading } : {}) });
    }
    if (ancestors.some((a) => SKIP_INSIDE.has(a.type))) return;
    if (node.type === 'text') {
      if (!ancestors.some((a) => NO_MENTIONS_INSIDE.has(a.type))) facts.items.push({ type: 'text', offset: offsetOf(node), value: node.value });
    } else if (node.type === 'wikiLink') {
      const w = node as WikiLink;
      facts.items.push({
        type: 'wikiLink',
        offset: offsetOf(node),
        line: lineOf(node),
        value: w.value,
        target: w.target,
        ...(w.heading !== undefined ? { heading: w.heading } : {}),
        ...(w.alias !== undefined ? { alias: w.alias } : {}),
        embed: w.embed,
        context: contextOf(ancestors),
      });
    } else if (node.type === 'definition') {
      facts.items.push({ type: 'definition', line: lineOf(node), url: node.url });
    } else if (node.type === 'link') {
      facts.items.push({ type: 'link', offset: offsetOf(node), line: lineOf(node), url: node.url, text: toString(node), context: contextOf(ancestors) });
    }
  });
  return facts;
}
