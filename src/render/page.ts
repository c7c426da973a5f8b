/**
 * Renders one Markdown body to HTML by its plan: parse (the same syntax the analysis parsed, so
 * every planned offset names the same node), apply the plan, then to HTML: the author's HTML
 * sanitized, a marker per diagram, KaTeX, Shiki, one last URL check. Pure and synchronous in what
 * it decides; it runs in worker threads (worker.ts) as well as in the main thread.
 */
import type { Element, Root as HastRoot } from 'hast';
import { toHtml } from 'hast-util-to-html';
import rehypeKatex from 'rehype-katex';
import remarkRehype from 'remark-rehype';
import { unified, type PluggableList } from 'unified';
import { SKIP, visit } from 'unist-util-visit';
import { rehypeShiki } from '@astrojs/markdown-remark';
import { parseMarkdown } from '../core/syntax/parse.ts';
import type { RenderPlan } from '../core/graph/types.ts';
import { applyPlan } from './apply-plan.ts';
import { rehypeAuthorHtml, rehypeUrlGuard, type RawHtmlPolicy } from './sanitize.ts';
import { diagramMarker } from './markers.ts';

export interface RenderOptions {
  rawHtml: RawHtmlPolicy;
}

/** Shiki as Astro configures it: light and dark themes through CSS variables; diagrams and math are not code. */
export const shikiConfig = { themes: { light: 'github-light' as const, dark: 'github-dark' as const }, defaultColor: false as const };
const SHIKI_EXCLUDE = ['math', 'mermaid'];


/** Each diagram placeholder (and the `<pre>` around it) becomes a marker the figure replaces. */
function rehypeDiagramMarkers() {
  return (tree: HastRoot) => {
    visit(tree, 'element', (node: Element, index, parent) => {
      if (!parent || index === undefined) return undefined;
      const inner = node.tagName === 'pre' && node.children.length === 1 && node.children[0]!.type === 'element' ? node.children[0] : undefined;
      const placeholder = inner?.tagName === 'arbor-diagram' ? inner : node.tagName === 'arbor-diagram' ? node : undefined;
      if (!placeholder) return undefined;
      parent.children.splice(index, 1, { type: 'raw', value: diagramMarker(String(placeholder.properties.dataDiagramKey ?? '')) });
      return SKIP;
    });
  };
}

const processors = new Map<RawHtmlPolicy, ReturnType<typeof createProcessor>>();
function createProcessor(rawHtml: RawHtmlPolicy) {
  // In order: the author's HTML is sanitized before Arbor adds diagrams, formulas and highlighting, then one last check of every URL.
  const steps: PluggableList = [
    [rehypeAuthorHtml, rawHtml],
    rehypeDiagramMarkers,
    [rehypeKatex, { throwOnError: false, strict: 'ignore' }],
    [rehypeShiki, shikiConfig, SHIKI_EXCLUDE],
    [rehypeUrlGuard, rawHtml],
  ];
  return unified().use(remarkRehype, { allowDangerousHtml: true }).use(steps);
}

/** The body's HTML, with `diagramMarker(key)` where each diagram goes. */
export async function renderBody(body: string, plan: RenderPlan, options: RenderOptions): Promise<string> {
  const tree = parseMarkdown(body);
  applyPlan(tree, plan);
  let processor = processors.get(options.rawHtml);
  if (!processor) processors.set(options.rawHtml, (processor = createProcessor(options.rawHtml)));
  const hast = (await processor.run(tree)) as HastRoot;
  return toHtml(hast, { allowDangerousHtml: true });
}
