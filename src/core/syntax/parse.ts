/**
 * The Markdown syntax Arbor reads, in one place: CommonMark + GFM + `$` math (Pandoc's rule) + `\(..\)`
 * math + wikilinks. The graph builder parses with exactly the extensions the site renders
 * with, so positions, headings and links agree between the two.
 */
import { fromMarkdown, type Extension as FromMarkdownExtension } from 'mdast-util-from-markdown';
import { parse, postprocess, preprocess } from 'micromark';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { mathFromMarkdown } from 'mdast-util-math';
import { gfm } from 'micromark-extension-gfm';
import { math } from 'micromark-extension-math';
import type { Nodes, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { bracketMathFromMarkdown, bracketMathSyntax } from './bracket-math.ts';
import { dollarMathSyntax } from './dollar-math.ts';
import { wikiLinkFromMarkdown, wikiLinkSyntax } from './wikilink.ts';

/**
 * The deepest nesting Arbor accepts: block quotes, list items, footnotes and inline containers
 * (emphasis, strong, strikethrough, links) inside one another. Every later stage walks the tree
 * recursively (GFM's autolink transform, mdast-util-to-string, unist visitors, mdast→hast,
 * rehype-raw's parse5 round trip, hast→HTML, the link checker's HTML parse). Measured on Node 24's
 * default stack, the first of them overflows at about 1,030 levels of nested list items (hast→HTML),
 * 1,500 of quotes in lists or of emphasis, 2,250 of block quotes. 200 keeps a 5× margin for the
 * deeper stacks of Astro's renderer; no real note comes near it (the notebook's deepest is 4).
 */
export const MAX_NESTING = 200;

const NESTING = new Set(['blockquote', 'listItem', 'footnoteDefinition', 'emphasis', 'strong', 'delete', 'link', 'linkReference']);
/** The same containers as micromark tokens (one list token per list item level). */
const NESTING_TOKENS = new Set(['blockQuote', 'listOrdered', 'listUnordered', 'gfmFootnoteDefinition', 'emphasis', 'strong', 'strikethrough', 'link']);
const PREFIX = /^[ \t>*+\-.)0-9]*/;
const INLINE = /[*_~[]/g;

/** Single-dollar math is dollar-math.ts's (Pandoc's rule, so prices stay text); `$$` is micromark's. */
const syntax = () => [gfm(), math({ singleDollarTextMath: false }), dollarMathSyntax(), bracketMathSyntax(), wikiLinkSyntax()];

/** Thrown by parseMarkdown when the text nests deeper than MAX_NESTING; `line` is in the parsed text. */
export class NestingError extends Error {
  readonly depth: number;
  readonly line: number;

  constructor(depth: number, line: number) {
    super(`nested ${depth.toLocaleString('en')} levels deep; Arbor allows at most ${MAX_NESTING}`);
    this.name = 'NestingError';
    this.depth = depth;
    this.line = line;
  }
}

/**
 * Depth of the deepest nesting, and the line of the first node deeper than `limit`. Iterative on
 * purpose: it runs before anything recursive may touch the tree.
 */
export function nestingOf(tree: Root, limit = MAX_NESTING): { depth: number; line?: number } {
  let deepest = 0;
  let line: number | undefined;
  const stack: [Nodes, number][] = [[tree, 0]];
  while (stack.length) {
    const [node, above] = stack.pop()!;
    const depth = above + (NESTING.has(node.type) ? 1 : 0);
    if (depth > deepest) deepest = depth;
    if (depth > limit && line === undefined) line = node.position?.start.line ?? 1;
    if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push([node.children[i]!, depth]);
  }
  return { depth: deepest, line };
}

/**
 * Whether the text could nest deeper than `limit`: a linear scan with a bound that is never too
 * low. Each container level on a line takes at least one column of the line's leading run of
 * markers and indentation; each inline level takes at least one of `*_~[` in its paragraph.
 */
export function mayNestDeeper(body: string, limit = MAX_NESTING): boolean {
  let inline = 0;
  let prefix = 0;
  for (const line of body.split('\n')) {
    if (!line.trim()) {
      inline = prefix = 0;
      continue;
    }
    const run = PREFIX.exec(line)![0];
    prefix = Math.max(prefix, run.length + 3 * (run.split('\t').length - 1));
    inline += line.match(INLINE)?.length ?? 0;
    if (prefix + inline > limit) return true;
  }
  return false;
}

/**
 * The exact depth from micromark's tokens, before any tree is built: building one is quadratic
 * in the depth of nested lists (10,000 levels take over a minute), walking it recursive.
 */
export function nestingOfText(body: string, limit = MAX_NESTING): { depth: number; line?: number } {
  const events = postprocess(parse({ extensions: syntax() }).document().write(preprocess()(body, undefined, true)));
  let depth = 0;
  let deepest = 0;
  let line: number | undefined;
  for (const [kind, token] of events) {
    if (!NESTING_TOKENS.has(token.type)) continue;
    if (kind === 'exit') {
      depth--;
      continue;
    }
    depth++;
    if (depth > deepest) deepest = depth;
    if (depth > limit && line === undefined) line = token.start.line;
  }
  return { depth: deepest, line };
}

/** Runs first among the tree transforms (GFM's autolink transform after it is recursive): a backstop for the scan. */
function nestingGuard(): FromMarkdownExtension {
  return {
    transforms: [
      (tree) => {
        const { depth, line } = nestingOf(tree);
        if (line !== undefined) throw new NestingError(depth, line);
      },
    ],
  };
}

function parseOnce(body: string): Root {
  return fromMarkdown(body, {
    extensions: syntax(),
    mdastExtensions: [nestingGuard(), gfmFromMarkdown(), mathFromMarkdown(), bracketMathFromMarkdown(), wikiLinkFromMarkdown()],
  });
}

/**
 * Where a wikilink's `|` sits in a table row, unescaped: GFM splits rows into cells before any
 * inline syntax is read, so `[[slug|Label]]` would become two cells. Obsidian asks authors to write
 * `[[slug\|Label]]` there; Arbor accepts both by escaping, in the rows of the tables found by a
 * first parse, each `|` between `[[` and `]]` (the characters the wikilink construct accepts: no
 * bracket, no line break). Inside a code span the escape is undone by mdast-util-gfm-table, as GFM
 * does for any `\|` in a cell. Returns the offsets of the pipes to escape, in order.
 */
export function tablePipesInWikiLinks(body: string, tree: Root): number[] {
  const pipes: number[] = [];
  visit(tree, 'tableRow', (row) => {
    const from = row.position?.start.offset;
    const to = row.position?.end.offset;
    if (from === undefined || to === undefined) return;
    // A scan for `[[…]]` within one row: the wikilink construct's own rule, not a Markdown parse.
    for (let open = body.indexOf('[[', from); open !== -1 && open < to; open = body.indexOf('[[', open + 2)) {
      let i = open + 2;
      const inner: number[] = [];
      while (i < to && body[i] !== '[' && body[i] !== ']' && body[i] !== '\n') {
        if (body[i] === '|' && body[i - 1] !== '\\') inner.push(i);
        i++;
      }
      if (body.startsWith(']]', i) && i < to) pipes.push(...inner);
    }
  });
  return pipes;
}

/**
 * Parses Arbor's Markdown; throws NestingError, before anything recursive has run, when it nests
 * too deep. Positions are those of the body with wikilink pipes in table rows escaped (see
 * tablePipesInWikiLinks): the same lines, and the same offsets in every pass that parses it.
 */
export function parseMarkdown(body: string): Root {
  if (mayNestDeeper(body)) {
    const { depth, line } = nestingOfText(body);
    if (line !== undefined) throw new NestingError(depth, line);
  }
  const tree = parseOnce(body);
  if (!body.includes('[[') || !body.includes('|')) return tree;
  const pipes = tablePipesInWikiLinks(body, tree);
  if (!pipes.length) return tree;
  let escaped = '';
  let at = 0;
  for (const p of pipes) (escaped += `${body.slice(at, p)}\\`), (at = p);
  return parseOnce(escaped + body.slice(at));
}
