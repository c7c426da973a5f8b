/**
 * The atlas: every knowledge tree merged into one map of concepts. A node whose target is a
 * glossary term is that term (Vision is one concept in every tree), a node linking to a page is that
 * page, any other node stays local to its tree. Edges merge across trees by (from, to, paper), keep
 * their relationship kind, every label they carry and where they come from; notes hang off the
 * terms they discuss. Positions are computed here, once per build and deterministically, so the
 * browser only draws. Pure: no Astro, no file system.
 */
import { createHash } from 'node:crypto';
import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, type SimulationLinkDatum, type SimulationNodeDatum } from 'd3-force';
import { edgesOf, relationshipLookup } from './diagrams/edges.ts';
import { plainLabel } from './graph/diagrams.ts';
import { normaliseName } from './graph/resolve.ts';
import { termPageHref } from './publish.ts';
import type { GraphDiagram, GraphPage, KnowledgeGraph } from './graph/types.ts';

/** Notes listed per concept; the rest are counted (the JSON stays bounded). */
export const ATLAS_NOTES_PER_CONCEPT = 8;
/** Ticks of the force layout: fixed, so the same graph always gives the same positions. */
export const ATLAS_LAYOUT_TICKS = 300;

export interface AtlasTree {
  /** The tree page's slug. */
  id: string;
  title: string;
  href: string;
}

export interface AtlasPaper {
  /** The paper note's slug, or `title:<normalised title>` when the comment names no note. */
  id: string;
  title: string;
  /** `P7`, as the first tree citing it labels it. */
  label?: string;
  href?: string;
}

export interface AtlasNote {
  title: string;
  href: string;
}

export interface AtlasConcept {
  /** The term's slug; `note:<slug>` / `tree:<slug>` for a page; `local:<tree>:<node id>` otherwise. */
  id: string;
  kind: 'term' | 'note' | 'tree' | 'local';
  label: string;
  emoji?: string;
  /** The glossary anchor, the page, or (local) the node in its tree. */
  href: string;
  /** The term's short definition, for the details panel. */
  short?: string;
  /** The term's own page (every note that uses it). */
  page?: string;
  /** Where it is drawn: tree index and node anchor (`node-VI`), deep link `trees[tree].href#anchor`. */
  trees: { tree: number; anchor: string }[];
  /** Indexes into `notes` of the first few notes discussing it (A–Z) and how many there are. */
  notes: number[];
  noteCount: number;
  x: number;
  y: number;
}

export interface AtlasEdge {
  from: string;
  to: string;
  /** The relationship term's slug when a label names one, else the plain label. */
  kind: string;
  /** Index into `papers`, when the edge is cited. */
  paper?: number;
  /** The plain label in each tree, with the edge's anchor there (`edge-VI-DI`). */
  labels: { tree: number; label: string; anchor: string }[];
}

export interface AtlasKind {
  id: string;
  label: string;
  /** The relationship's glossary entry, when the kind is a relationship term. */
  href?: string;
  short?: string;
}

export interface AtlasData {
  trees: AtlasTree[];
  papers: AtlasPaper[];
  kinds: AtlasKind[];
  notes: AtlasNote[];
  concepts: AtlasConcept[];
  edges: AtlasEdge[];
  /** Extent of the positions, for the initial view. */
  bounds: { minX: number; minY: number; maxX: number; maxY: number };
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Positions already computed, by a hash of the concepts and edges they were computed for (`layout`):
 * `astro dev` keeps one across edits and a build keeps one on disk (src/astro/kept.ts), so an edit or
 * rebuild that changes no tree's concepts or edges does not run the force layout again (about
 * 0.4 s at 1,000 notes, 3.6 s at 5,000).
 */
export type AtlasLayouts = Map<string, AtlasLayout>;
export interface AtlasLayout {
  /** One [x, y] per concept, in the concepts' order. */
  positions: [number, number][];
  bounds: AtlasData['bounds'];
}

/** The atlas of a knowledge graph: the diagrams of its tree pages merged. Same graph, same value. */
export function buildAtlas(graph: KnowledgeGraph, layouts?: AtlasLayouts): AtlasData {
  const pages = new Map(graph.pages.map((p) => [`${p.kind}:${p.slug}`, p]));
  const terms = new Map(graph.terms.map((t) => [t.slug, t]));
  const relationship = relationshipLookup(graph.terms);
  const treePages = graph.pages.filter((p) => p.kind === 'tree').sort((a, b) => byText(a.slug, b.slug));
  const diagramsByKey = new Map(graph.diagrams.map((d) => [d.key, d]));

  const trees: AtlasTree[] = [];
  const papers: AtlasPaper[] = [];
  const paperIndex = new Map<string, number>();
  const kinds = new Map<string, AtlasKind>();
  const concepts = new Map<string, AtlasConcept>();
  const edges = new Map<string, AtlasEdge>();

  const concept = (d: GraphDiagram, page: GraphPage, tree: number, nodeId: string): AtlasConcept => {
    const node = d.nodes.find((n) => n.id === nodeId);
    const target = node?.target;
    let c: AtlasConcept;
    const term = target?.kind === 'term' ? terms.get(target.slug) : undefined;
    const anchor = node?.anchor ?? (d.primary ? `node-${nodeId}` : `${d.id}-node-${nodeId}`);
    if (term) {
      c = concepts.get(term.slug) ?? { id: term.slug, kind: 'term', label: term.term, ...(term.emoji ? { emoji: term.emoji } : {}), href: term.href, ...(term.short ? { short: term.short } : {}), page: termPageHref(graph.base, term.slug), trees: [], notes: [], noteCount: 0, x: 0, y: 0 };
    } else if (target && target.kind !== 'term') {
      const id = `${target.kind}:${target.slug}`;
      c = concepts.get(id) ?? { id, kind: target.kind, label: pages.get(id)?.title ?? target.title, href: pages.get(id)?.href ?? target.href, trees: [], notes: [], noteCount: 0, x: 0, y: 0 };
    } else {
      const id = `local:${page.slug}:${nodeId}`;
      c = concepts.get(id) ?? { id, kind: 'local', label: plainLabel(node?.label ?? nodeId) || nodeId, href: `${page.href}#${anchor}`, trees: [], notes: [], noteCount: 0, x: 0, y: 0 };
    }
    concepts.set(c.id, c);
    if (!c.trees.some((t) => t.tree === tree && t.anchor === anchor)) c.trees.push({ tree, anchor });
    return c;
  };

  for (const page of treePages) {
    const diagrams = page.diagrams.map((k) => diagramsByKey.get(k)).filter((d): d is GraphDiagram => !!d && d.nodes.length > 0);
    if (!diagrams.length) continue;
    const tree = trees.push({ id: page.slug, title: page.title, href: page.href }) - 1;
    for (const d of diagrams) {
      for (const n of d.nodes) concept(d, page, tree, n.id);
      const drawn = edgesOf(d, relationship);
      d.edges.forEach((e, i) => {
        const from = concept(d, page, tree, e.from);
        const to = concept(d, page, tree, e.to);
        const source = e.source === undefined ? undefined : d.sources[e.source];
        let paper: number | undefined;
        if (source) {
          const pid = source.paper ? source.paper.slug : `title:${normaliseName(source.title)}`;
          paper = paperIndex.get(pid);
          if (paper === undefined) {
            paper = papers.push({ id: pid, title: source.paper?.title ?? source.title, ...(source.label ? { label: source.label } : {}), ...(source.paper ? { href: source.paper.href } : {}) }) - 1;
            paperIndex.set(pid, paper);
          }
        }
        const label = plainLabel(e.label);
        const key = JSON.stringify([from.id, to.id, paper ?? null]);
        const rel = e.label ? relationship(e.label) : undefined;
        let edge = edges.get(key);
        if (!edge) {
          edge = { from: from.id, to: to.id, kind: '', ...(paper !== undefined ? { paper } : {}), labels: [] };
          edges.set(key, edge);
        }
        edge.labels.push({ tree, label, anchor: drawn[i]?.anchor ?? '' });
        // The kind: the first relationship term a label names, else the first label.
        if (rel && (!edge.kind || edge.kind === 'link' || edge.kind.startsWith('label:'))) {
          edge.kind = rel.slug;
          kinds.set(rel.slug, { id: rel.slug, label: rel.term, href: rel.href, ...(rel.short ? { short: rel.short } : {}) });
        } else if (!edge.kind) edge.kind = label ? `label:${normaliseName(label)}` : 'link';
      });
    }
  }
  // Kinds from labels that name no relationship, once no edge uses them as a relationship.
  for (const e of edges.values()) {
    if (kinds.has(e.kind)) continue;
    const first = e.labels.find((l) => l.label)?.label;
    kinds.set(e.kind, { id: e.kind, label: e.kind === 'link' ? '(no label)' : (first ?? e.kind) });
  }

  // Notes discussing each term: the notes mentioning it and those linking to it, A–Z, capped.
  const notes: AtlasNote[] = [];
  const noteIndex = new Map<string, number>();
  const discussing = new Map<string, Set<string>>();
  const add = (term: string, slug: string) => {
    if (!concepts.has(term) || !pages.has(`note:${slug}`)) return;
    let set = discussing.get(term);
    if (!set) discussing.set(term, (set = new Set()));
    set.add(slug);
  };
  for (const m of graph.mentions) for (const p of m.pages) if (p.kind === 'note') add(m.term, p.slug);
  for (const l of graph.links) if (l.to.kind === 'term' && l.from.kind === 'note') add(l.to.slug, l.from.slug);
  for (const c of concepts.values()) {
    const set = discussing.get(c.id);
    if (!set || c.kind !== 'term') continue;
    const list = [...set].map((s) => pages.get(`note:${s}`)!).sort((a, b) => a.title.localeCompare(b.title, 'en') || byText(a.slug, b.slug));
    c.noteCount = list.length;
    c.notes = list.slice(0, ATLAS_NOTES_PER_CONCEPT).map((p) => {
      let i = noteIndex.get(p.slug);
      if (i === undefined) noteIndex.set(p.slug, (i = notes.push({ title: p.title, href: p.href }) - 1));
      return i;
    });
  }

  const conceptList = [...concepts.values()].sort((a, b) => byText(a.id, b.id));
  const edgeList = [...edges.values()].sort((a, b) => byText(a.from, b.from) || byText(a.to, b.to) || (a.paper ?? -1) - (b.paper ?? -1));
  const bounds = layout(conceptList, edgeList, layouts);
  return { trees, papers, kinds: [...kinds.values()].sort((a, b) => byText(a.id, b.id)), notes, concepts: conceptList, edges: edgeList, bounds };
}

/**
 * Positions for the concepts: d3-force run for a fixed number of ticks from d3's deterministic
 * start (a phyllotaxis spiral in list order, its own seeded random source), rounded, so the same
 * concepts and edges always land in the same places.
 */
function layout(concepts: AtlasConcept[], edges: AtlasEdge[], layouts?: AtlasLayouts): AtlasData['bounds'] {
  type N = SimulationNodeDatum & { id: string };
  const nodes: N[] = concepts.map((c) => ({ id: c.id }));
  const pairs = new Map<string, SimulationLinkDatum<N>>();
  for (const e of edges) if (e.from !== e.to) pairs.set(`${e.from}\u0000${e.to}`, { source: e.from, target: e.to });
  // What the simulation sees: the concepts in order and the distinct pairs they are linked by.
  const key = layouts && createHash('sha256').update(JSON.stringify([nodes.map((n) => n.id), [...pairs.keys()]])).digest('hex');
  const known = key ? layouts!.get(key) : undefined;
  if (known && known.positions.length === concepts.length) {
    concepts.forEach((c, i) => ([c.x, c.y] = known.positions[i]!));
    return { ...known.bounds };
  }
  const sim = forceSimulation(nodes)
    .force('link', forceLink<N, SimulationLinkDatum<N>>([...pairs.values()]).id((n) => n.id).distance(170).strength(0.4))
    .force('charge', forceManyBody().strength(-900).distanceMax(1200))
    .force('collide', forceCollide(60))
    .force('x', forceX(0).strength(0.07))
    .force('y', forceY(0).strength(0.07))
    .stop();
  sim.tick(ATLAS_LAYOUT_TICKS);
  let minX = 0;
  let minY = 0;
  let maxX = 0;
  let maxY = 0;
  nodes.forEach((n, i) => {
    const c = concepts[i]!;
    c.x = Math.round(n.x ?? 0);
    c.y = Math.round(n.y ?? 0);
    if (i === 0 || c.x < minX) minX = c.x;
    if (i === 0 || c.y < minY) minY = c.y;
    if (i === 0 || c.x > maxX) maxX = c.x;
    if (i === 0 || c.y > maxY) maxY = c.y;
  });
  if (key) {
    layouts!.clear(); // only the latest layout is worth keeping
    layouts!.set(key, { positions: concepts.map((c) => [c.x, c.y]), bounds: { minX, minY, maxX, maxY } });
  }
  return { minX, minY, maxX, maxY };
}

/** The text version shows up to this many concepts and edges; the JSON holds everything. */
export const ATLAS_TEXT_CONCEPTS = 300;
export const ATLAS_TEXT_EDGES = 1500;

interface TextLink {
  title: string;
  href?: string;
}

export interface AtlasTextEdge {
  kind: TextLink;
  to: TextLink;
  paper?: TextLink;
  /** The trees it is drawn in, each linking to the edge there. */
  trees: TextLink[];
}

export interface AtlasTextConcept {
  id: string;
  label: string;
  emoji?: string;
  href: string;
  trees: TextLink[];
  /** The edges that start at this concept (each edge is listed once, under its source). */
  edges: AtlasTextEdge[];
}

export interface AtlasText {
  concepts: AtlasTextConcept[];
  /** Totals, to say what was left out. */
  conceptCount: number;
  edgeCount: number;
  edgesShown: number;
}

/** The map as lists, A–Z (what a reader without JavaScript and Pagefind see), bounded by `maxConcepts` and `maxEdges`. */
export function atlasText(data: AtlasData, maxConcepts = ATLAS_TEXT_CONCEPTS, maxEdges = ATLAS_TEXT_EDGES): AtlasText {
  const byId = new Map(data.concepts.map((c) => [c.id, c]));
  const kinds = new Map(data.kinds.map((k) => [k.id, k]));
  const from = new Map<string, AtlasEdge[]>();
  for (const e of data.edges) {
    const list = from.get(e.from);
    if (list) list.push(e);
    else from.set(e.from, [e]);
  }
  const sorted = [...data.concepts].sort((a, b) => a.label.localeCompare(b.label, 'en') || byText(a.id, b.id));
  let edgesShown = 0;
  const concepts: AtlasTextConcept[] = [];
  for (const c of sorted.slice(0, maxConcepts)) {
    const edges = (from.get(c.id) ?? []).slice(0, Math.max(0, maxEdges - edgesShown));
    edgesShown += edges.length;
    concepts.push({
      id: c.id,
      label: c.label,
      ...(c.emoji ? { emoji: c.emoji } : {}),
      href: c.href,
      trees: c.trees.map((t) => ({ title: data.trees[t.tree]!.title, href: `${data.trees[t.tree]!.href}#${t.anchor}` })),
      edges: edges.map((e) => {
        const kind = kinds.get(e.kind);
        const to = byId.get(e.to)!;
        const paper = e.paper === undefined ? undefined : data.papers[e.paper]!;
        return {
          kind: { title: kind?.label ?? e.kind, ...(kind?.href ? { href: kind.href } : {}) },
          to: { title: to.label, href: to.href },
          ...(paper ? { paper: { title: paper.label ? `${paper.label}: ${paper.title}` : paper.title, ...(paper.href ? { href: paper.href } : {}) } } : {}),
          // To the edge's start node: node anchors exist in every tree page, also where the reader's browser draws the diagram (edge anchors come with a drawing).
          trees: e.labels.map((l) => ({ title: data.trees[l.tree]!.title, href: `${data.trees[l.tree]!.href}#${c.trees.find((t) => t.tree === l.tree)?.anchor ?? l.anchor}` })),
        };
      }),
    });
  }
  return { concepts, conceptCount: data.concepts.length, edgeCount: data.edges.length, edgesShown };
}
