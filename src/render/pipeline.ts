/**
 * Arbor's Markdown pipeline, in order: syntax (math, `\(..\)`, wikilinks), then one plugin per
 * job, each given the graph context; then the author's HTML is sanitized (sanitize.ts) before
 * diagrams and formulas are added. The integration hands this to Astro; tests render with
 * exactly the same list.
 */
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import type { RehypePlugins, RemarkPlugins } from '@astrojs/markdown-remark';
import remarkBracketMath from '../core/syntax/bracket-math.ts';
import remarkWikiLinkSyntax from '../core/syntax/wikilink.ts';
import type { ArborContext } from './context.ts';
import remarkDiagrams, { rehypeDiagrams } from './remark-diagrams.ts';
import { rehypeAuthorHtml, rehypeUrlGuard, type RawHtmlPolicy } from './sanitize.ts';
import remarkHeadingIds from './remark-heading-ids.ts';
import remarkLinks from './remark-links.ts';
import remarkTermLinks from './remark-term-links.ts';

export function markdownPlugins(ctx: ArborContext, rawHtml: RawHtmlPolicy = 'sanitize'): { remarkPlugins: RemarkPlugins; rehypePlugins: RehypePlugins } {
  return {
    remarkPlugins: [remarkMath, remarkBracketMath, remarkWikiLinkSyntax, remarkHeadingIds, [remarkLinks, ctx], [remarkDiagrams, ctx], [remarkTermLinks, ctx]],
    // The author's HTML is sanitized first, then Arbor adds what it draws, then one last check of every URL.
    rehypePlugins: [[rehypeAuthorHtml, rawHtml], [rehypeDiagrams, ctx], [rehypeKatex, { throwOnError: false, strict: 'ignore' }], [rehypeUrlGuard, rawHtml]],
  };
}

/** Astro's Markdown options that go with the pipeline. */
export const markdownOptions = {
  syntaxHighlight: { type: 'shiki' as const, excludeLangs: ['math', 'mermaid'] },
  shikiConfig: { themes: { light: 'github-light' as const, dark: 'github-dark' as const }, defaultColor: false as const },
  smartypants: false,
};
