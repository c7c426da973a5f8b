/** Read-only questions pages ask of the graph. Pure functions, unit-tested. */
import type { GraphDiagram, GraphLink, GraphPage, GraphTerm, KnowledgeGraph, PageRef } from './types.ts';

export type { PageRef } from './types.ts';
type TargetRef = { kind: 'note' | 'tree' | 'term'; slug: string };

const key = (ref: TargetRef) => `${ref.kind}:${ref.slug}`;

/** Lookups by content text (slugs, term names) are Maps: no name can reach Object.prototype. */
interface Indexes {
  pages: Map<string, GraphPage>;
  linksTo: Map<string, GraphLink[]>;
  diagramsWith: Map<string, GraphDiagram[]>;
  diagrams: Map<string, GraphDiagram>;
  terms: Map<string, GraphTerm>;
  mentions: Map<string, PageRef[]>;
}

/** Appends to the list under `k`, creating it: one list per key, no copies. */
function push<T>(map: Map<string, T[]>, k: string, value: T): void {
  const list = map.get(k);
  if (list) list.push(value);
  else map.set(k, [value]);
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
      mentions: new Map(graph.mentions.map((m) => [m.term, m.pages])),
    };
    for (const link of graph.links) push(ix.linksTo, key(link.to), link);
    for (const d of graph.diagrams) {
      for (const k of new Set(d.nodes.flatMap((n) => (n.target ? [key(n.target)] : [])))) push(ix.diagramsWith, k, d);
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
  /** Where the links come from: a page, or a glossary term whose definition links here. */
  kind: 'note' | 'tree' | 'term';
  slug: string;
  /** What a backlink list shows: the page title, or `Glossary › <term>`. */
  title: string;
  href: string;
  /** The linking page, when a page links. */
  page?: GraphPage;
  /** The linking term, when a glossary definition links. */
  term?: GraphTerm;
  /** Sentences around the links from that page or term, without repeats. */
  contexts: string[];
}

/** Pages and glossary terms linking to a page or a term, one entry per source, each with its sentences. */
export function backlinks(graph: KnowledgeGraph, to: TargetRef): Backlink[] {
  const bySource = new Map<string, Backlink>();
  for (const link of indexOf(graph).linksTo.get(key(to)) ?? []) {
    if (link.from.kind === to.kind && link.from.slug === to.slug) continue;
    const from = key(link.from);
    let entry = bySource.get(from);
    if (!entry) {
      if (link.from.kind === 'term') {
        const term = findTerm(graph, link.from.slug);
        if (!term) continue;
        entry = { kind: 'term', slug: term.slug, title: `Glossary › ${term.term}`, href: term.href, term, contexts: [] };
      } else {
        const page = findPage(graph, { kind: link.from.kind, slug: link.from.slug });
        if (!page) continue;
        entry = { kind: page.kind, slug: page.slug, title: page.title, href: page.href, page, contexts: [] };
      }
      bySource.set(from, entry);
    }
    if (link.context && !entry.contexts.includes(link.context)) entry.contexts.push(link.context);
  }
  // Pages first, then glossary terms, each A–Z.
  return [...bySource.values()].sort((a, b) => Number(a.kind === 'term') - Number(b.kind === 'term') || a.title.localeCompare(b.title));
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
  return (indexOf(graph).mentions.get(term.slug) ?? []).map((ref) => findPage(graph, ref)).filter((p): p is GraphPage => !!p);
}
