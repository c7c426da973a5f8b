/**
 * Rendering one content file as the build does, in one call: its plan from the analysis, the body
 * through page.ts, each diagram marker replaced by its figure. The session renders in batches on
 * worker threads with the same two steps; tests call this.
 */
import type { SourceFile } from '../core/content/load.ts';
import type { BuiltGraph } from '../core/graph/build.ts';
import { findTerm } from '../core/graph/query.ts';
import type { GraphDiagram } from '../core/graph/types.ts';
import { diagramFigure } from './figure.ts';
import { fillDiagrams } from './markers.ts';
import { renderBody } from './page.ts';
import type { RawHtmlPolicy } from './sanitize.ts';

/** The key of a file's plan in `BuiltGraph.plans`, or undefined for a file the analysis left out. */
export function planKey(built: BuiltGraph, src: SourceFile): string | undefined {
  if (src.kind !== 'term') return `${src.kind}:${src.slug}`;
  const term = built.graph.terms.find((t) => t.file === src.file);
  return term && `term:${term.slug}`;
}


export async function renderSource(built: BuiltGraph, src: SourceFile, options: { rawHtml?: RawHtmlPolicy; svgFor?: (d: GraphDiagram) => string | undefined } = {}): Promise<string> {
  const key = planKey(built, src);
  const plan = key && built.plans.get(key);
  if (!plan) throw new Error(`${src.file} has no render plan`);
  const html = await renderBody(src.body, plan, { rawHtml: options.rawHtml ?? 'sanitize' });
  const diagrams = new Map(built.graph.diagrams.map((d) => [d.key, d]));
  return fillDiagrams(html, (k) => {
    const d = diagrams.get(k);
    return d && diagramFigure(d, options.svgFor?.(d), (slug) => findTerm(built.graph, slug), built.graph.base);
  });
}
