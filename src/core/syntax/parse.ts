/**
 * The Markdown syntax Arbor reads, in one place: CommonMark + GFM + `$` math + `\(..\)`
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
import { bracketMathFromMarkdown, bracketMathSyntax } from './bracket-math.ts';
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

const syntax = () => [gfm(), math(), bracketMathSyntax(), wikiLinkSyntax()];

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

/** Parses Arbor's Markdown; throws NestingError, before anything recursive has run, when it nests too deep. */
export function parseMarkdown(body: string): Root {
  if (mayNestDeeper(body)) {
    const { depth, line } = nestingOfText(body);
    if (line !== undefined) throw new NestingError(depth, line);
  }
  return fromMarkdown(body, {
    extensions: syntax(),
    mdastExtensions: [nestingGuard(), gfmFromMarkdown(), mathFromMarkdown(), bracketMathFromMarkdown(), wikiLinkFromMarkdown()],
  });
}
