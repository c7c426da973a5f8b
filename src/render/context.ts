/** What the remark plugins get from the graph, through their options. */
import type { NameIndex } from '../core/graph/resolve.ts';
import type { TermMatcher } from '../core/graph/terms.ts';
import type { GraphDiagram, GraphPage, GraphTerm, KnowledgeGraph } from '../core/graph/types.ts';

export interface ArborContext {
  graph: KnowledgeGraph;
  index: NameIndex;
  matcher: TermMatcher;
  /** The page a Markdown file belongs to (by absolute path), if it is a note or tree. */
  pageOf(filePath: string | undefined): GraphPage | undefined;
  diagramsOf(page: GraphPage): GraphDiagram[];
  /** A diagram by its key (`note:slug#id`). */
  diagram(key: string): GraphDiagram | undefined;
  term(slug: string): GraphTerm | undefined;
  /** The glossary term a Markdown file defines (by absolute path), if it is one. */
  termAt(filePath: string | undefined): GraphTerm | undefined;
  /** The decorated SVG for a diagram, or undefined when it could not be drawn at build. */
  svgFor(diagram: GraphDiagram): string | undefined;
  /** How the context appears in Astro's config digest. */
  toJSON(): string;
}

export function createContext(
  graph: KnowledgeGraph,
  index: NameIndex,
  matcher: TermMatcher,
  absPathOf: (file: string) => string,
  svgFor: ArborContext['svgFor'],
  fingerprint = '',
): ArborContext {
  const pages = new Map(graph.pages.map((p) => [absPathOf(p.file), p]));
  const diagrams = new Map(graph.diagrams.map((d) => [d.key, d]));
  const terms = new Map(graph.terms.map((t) => [t.slug, t]));
  const termFiles = new Map(graph.terms.map((t) => [absPathOf(t.file), t]));
  return {
    graph,
    index,
    matcher,
    pageOf: (path) => (path ? pages.get(path) : undefined),
    diagramsOf: (page) => page.diagrams.map((k) => diagrams.get(k)!),
    diagram: (key) => diagrams.get(key),
    term: (slug) => terms.get(slug),
    termAt: (path) => (path ? termFiles.get(path) : undefined),
    svgFor,
    toJSON: () => `arbor-graph:${fingerprint}`,
  };
}
