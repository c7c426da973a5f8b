/**
 * Arbor's Markdown pipeline, in order: syntax (math, `\(..\)`, wikilinks), then one plugin per
 * job, each given the graph context. The integration hands this to Astro; tests render with
 * exactly the same list.
 */
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import type { RehypePlugins, RemarkPlugins } from '@astrojs/markdown-remark';
import remarkBracketMath from '../markdown/bracket-math.ts';
import remarkWikiLinkSyntax from '../markdown/wikilink.ts';
import type { ArborContext } from './context.ts';
import remarkDiagrams from './remark-diagrams.ts';
import remarkHeadingIds from './remark-heading-ids.ts';
import remarkLinks from './remark-links.ts';
import remarkTermLinks from './remark-term-links.ts';

export function markdownPlugins(ctx: ArborContext): { remarkPlugins: RemarkPlugins; rehypePlugins: RehypePlugins } {
  return {
    remarkPlugins: [remarkMath, remarkBracketMath, remarkWikiLinkSyntax, remarkHeadingIds, [remarkLinks, ctx], [remarkDiagrams, ctx], [remarkTermLinks, ctx]],
    rehypePlugins: [[rehypeKatex, { throwOnError: false, strict: 'ignore' }]],
  };
}

/** Astro's Markdown options that go with the pipeline. */
export const markdownOptions = {
  syntaxHighlight: { type: 'shiki' as const, excludeLangs: ['math', 'mermaid'] },
  shikiConfig: { themes: { light: 'github-light' as const, dark: 'github-dark' as const }, defaultColor: false as const },
  smartypants: false,
};
