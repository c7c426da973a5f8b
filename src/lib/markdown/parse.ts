/**
 * The Markdown syntax Arbor reads, in one place: CommonMark + GFM + `$` math + `\(..\)`
 * math + wikilinks. The graph builder parses with exactly the extensions the site renders
 * with, so positions, headings and links agree between the two.
 */
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { mathFromMarkdown } from 'mdast-util-math';
import { gfm } from 'micromark-extension-gfm';
import { math } from 'micromark-extension-math';
import type { Root } from 'mdast';
import { bracketMathFromMarkdown, bracketMathSyntax } from './bracket-math.ts';
import { wikiLinkFromMarkdown, wikiLinkSyntax } from './wikilink.ts';

export function parseMarkdown(body: string): Root {
  return fromMarkdown(body, {
    extensions: [gfm(), math(), bracketMathSyntax(), wikiLinkSyntax()],
    mdastExtensions: [gfmFromMarkdown(), mathFromMarkdown(), bracketMathFromMarkdown(), wikiLinkFromMarkdown()],
  });
}
