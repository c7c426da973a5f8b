/** Read-only questions pages ask of the graph. Pure functions, unit-tested. */
import type { GraphDiagram, GraphLink, GraphPage, GraphTerm, KnowledgeGraph } from './types.ts';

export type PageRef = { kind: 'note' | 'tree'; slug: string };
type TargetRef = { kind: 'note' | 'tree' | 'term'; slug: string };

const key = (ref: TargetRef) => `${ref.kind}:${ref.slug}`;

interface Indexes {
  pages: Map<string, GraphPage>;
  linksTo: Map<string, GraphLink[]>;
  diagramsWith: Map<string, GraphDiagram[]>;
  diagrams: Map<string, GraphDiagram>;
  terms: Map<string, GraphTerm>;
}

/** Every page asks about itself; lookups by key keep page generation linear in the site size. */
const indexes = new WeakMap<KnowledgeGraph, Indexes>();
function indexOf(graph: KnowledgeGraph): Indexes {
  let ix = indexes.get(graph);
  if (!ix) {
    ix = {
      pages: new Map(graph.pages.map((p) => [key(p), p])),
      linksTo: new Map(),
      diagramsWith: new Map(),
      diagrams: new Map(graph.diagrams.map((d) => [d.key, d])),
      terms: new Map(graph.terms.map((t) => [t.slug, t])),
    };
    for (const link of graph.links) ix.linksTo.set(key(link.to), [...(ix.linksTo.get(key(link.to)) ?? []), link]);
    for (const d of graph.diagrams) {
      for (const k of new Set(d.nodes.flatMap((n) => (n.target ? [key(n.target)] : [])))) ix.diagramsWith.set(k, [...(ix.diagramsWith.get(k) ?? []), d]);
    }
    indexes.set(graph, ix);
  }
  return ix;
}

export function findPage(graph: KnowledgeGraph, ref: PageRef): GraphPage | undefined {
  return indexOf(graph).pages.get(key(ref));
}

export function findTerm(graph: KnowledgeGraph, slug: string): GraphTerm | undefined {
  return indexOf(graph).terms.get(slug);
}

/** The tree of a tree page (its first diagram), if any. */
export function primaryDiagram(graph: KnowledgeGraph, page: GraphPage): GraphDiagram | undefined {
  const first = page.diagrams[0];
  const d = first ? indexOf(graph).diagrams.get(first) : undefined;
  return d?.primary ? d : undefined;
}

export interface Backlink {
  page: GraphPage;
  /** Sentences around the links from that page, without repeats. */
  contexts: string[];
}

/** Pages linking to a page or a term, one entry per linking page, each with its sentences. */
export function backlinks(graph: KnowledgeGraph, to: TargetRef): Backlink[] {
  const byPage = new Map<string, Backlink>();
  for (const link of indexOf(graph).linksTo.get(key(to)) ?? []) {
    if (link.from.kind === to.kind && link.from.slug === to.slug) continue;
    const from = key(link.from);
    const page = findPage(graph, link.from);
    if (!page) continue;
    const entry = byPage.get(from) ?? { page, contexts: [] };
    if (link.context && !entry.contexts.includes(link.context)) entry.contexts.push(link.context);
    byPage.set(from, entry);
  }
  return [...byPage.values()].sort((a, b) => a.page.title.localeCompare(b.page.title));
}

export interface NodeAppearance {
  diagram: GraphDiagram;
  page: GraphPage;
  nodes: { id: string; label: string; href: string }[];
}

/** Diagrams where a node resolves to this target, with a deep link to each such node. */
export function appearsInDiagrams(graph: KnowledgeGraph, to: TargetRef): NodeAppearance[] {
  const out: NodeAppearance[] = [];
  for (const d of indexOf(graph).diagramsWith.get(key(to)) ?? []) {
    const nodes = d.nodes.filter((n) => n.target?.kind === to.kind && n.target.slug === to.slug);
    const page = findPage(graph, d.page);
    if (!nodes.length || !page) continue;
    out.push({ diagram: d, page, nodes: nodes.map((n) => ({ id: n.id, label: n.label, href: `${page.href}#${n.anchor}` })) });
  }
  return out;
}

export function mentionsOf(graph: KnowledgeGraph, term: GraphTerm): GraphPage[] {
  return (graph.mentions[term.slug] ?? []).map((ref) => findPage(graph, ref)).filter((p): p is GraphPage => !!p);
}

export function pagesTagged(graph: KnowledgeGraph, tag: string): GraphPage[] {
  return (graph.tags[tag] ?? []).map((ref) => findPage(graph, ref)).filter((p): p is GraphPage => !!p).sort((a, b) => a.title.localeCompare(b.title));
}

export function tagCounts(graph: KnowledgeGraph): { tag: string; count: number }[] {
  return Object.entries(graph.tags)
    .map(([tag, pages]) => ({ tag, count: pages.length }))
    .sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
}

/** Terms A–Z by name, ignoring case and leading emoji. */
export function sortedTerms(graph: KnowledgeGraph): GraphTerm[] {
  return [...graph.terms].sort((a, b) => a.term.localeCompare(b.term, 'en', { sensitivity: 'base' }));
}

/**
 * The graph as pages read it (the `virtual:arbor/graph` module, bundled into every page):
 * without diagram sources and link positions, which only the build's checks need.
 */
export function pageGraph(graph: KnowledgeGraph): KnowledgeGraph {
  return {
    ...graph,
    diagrams: graph.diagrams.map((d) => ({ ...d, source: d.primary ? d.source : '' })),
    links: graph.links.map((l) => ({ ...l, file: '', line: 0 })),
  };
}

