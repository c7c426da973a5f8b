/** The atlas: every tree merged into one map of concepts, on small hand-made graphs. */
import { describe, expect, it } from 'vitest';
import { ATLAS_NOTES_PER_CONCEPT, atlasText, buildAtlas, type AtlasData, type AtlasLayouts } from '../../src/core/atlas.ts';
import { READABLE_SCALE, startBox, wholeBox, type Box } from '../../src/core/atlas-view.ts';
import type { GraphDiagram, GraphPage, GraphTerm, KnowledgeGraph, LinkTarget } from '../../src/core/graph/types.ts';
import type { Href } from '../../src/core/paths.ts';

const href = (s: string) => s as Href;

function page(kind: 'note' | 'tree', slug: string, title: string, diagrams: string[] = []): GraphPage {
  return { kind, slug, file: `${kind}s/${slug}.md`, title, aliases: [], tags: [], isPaper: false, autolink: true, href: href(`/${kind === 'tree' ? 'trees' : 'topics'}/${slug}/`), headings: [], diagrams, words: 10 };
}

function term(slug: string, name: string, kind: GraphTerm['kind'] = 'concept', extra: Partial<GraphTerm> = {}): GraphTerm {
  return { slug, term: name, aliases: [], kind, related: [], tags: [], file: `glossary/${slug}.md`, href: href(`/glossary/#${slug}`), definition: `${name} defined.`, ...extra };
}

const termTarget = (t: GraphTerm): LinkTarget => ({ kind: 'term', slug: t.slug, anchor: t.slug, title: t.term, href: t.href });
const paperTarget = (p: GraphPage): LinkTarget => ({ kind: 'note', slug: p.slug, title: p.title, href: p.href });

interface Spec {
  nodes: [id: string, label: string, target?: LinkTarget][];
  edges: [from: string, to: string, label: string, source?: number][];
  sources?: { text: string; label?: string; title: string; paper?: LinkTarget }[];
}

function diagram(tree: string, s: Spec): GraphDiagram {
  return {
    key: `tree:${tree}#d0`,
    page: { kind: 'tree', slug: tree },
    id: 'd0',
    index: 0,
    title: tree,
    file: `trees/${tree}.md`,
    line: 1,
    source: '',
    hash: tree,
    type: 'flowchart-v2',
    primary: true,
    nodes: s.nodes.map(([id, label, target]) => ({ id, label, shape: 'rect', anchor: `node-${id}`, ...(target ? { target } : {}) })),
    edges: s.edges.map(([from, to, label, source]) => ({ from, to, label, ...(source !== undefined ? { source } : {}) })),
    sources: s.sources ?? [],
  };
}

const vision = term('vision', 'Vision', 'concept', { emoji: '👁️', short: 'Seeing machines.' });
const language = term('language', 'Language');
const boosts = term('boosts-vision', 'Boosts Vision', 'relationship');
const p1 = page('note', 'papers/p1', 'Paper One');
const p2 = page('note', 'papers/p2', 'Paper Two');
const src1 = { text: 'P1: Paper One', label: 'P1', title: 'Paper One', paper: paperTarget(p1) };
const src2 = { text: 'P2: Paper Two', label: 'P2', title: 'Paper Two', paper: paperTarget(p2) };

/** Two trees that both draw Vision (`VI`) and Language (`LA`): one labels edges by relationship, one by paper. */
function twoMaps(): KnowledgeGraph {
  const concept = diagram('concept-map', {
    nodes: [['VI', '👁️ Vision', termTarget(vision)], ['LA', '📝 Language', termTarget(language)], ['X', 'Local thing']],
    edges: [['VI', 'LA', 'Boosts Vision 🚀', 0], ['VI', 'LA', 'Boosts Vision', 1], ['LA', 'X', 'Feeds']],
    sources: [src1, src2],
  });
  const paperMap = diagram('paper-map', {
    nodes: [['V', 'Vision', termTarget(vision)], ['L', 'Language', termTarget(language)], ['X', 'Local thing']],
    edges: [['V', 'L', 'Paper One', 0]],
    sources: [src1],
  });
  return {
    base: '/',
    redirects: [],
    pages: [page('tree', 'concept-map', 'Concept map', [concept.key]), page('tree', 'paper-map', 'Paper map', [paperMap.key]), p1, p2],
    terms: [vision, language, boosts],
    diagrams: [concept, paperMap],
    links: [],
    tags: [],
    mentions: [],
  };
}

describe('buildAtlas', () => {
  it('makes a term drawn in two trees one concept that lists both trees', () => {
    const atlas = buildAtlas(twoMaps());
    const visions = atlas.concepts.filter((c) => c.label === 'Vision');
    expect(visions).toHaveLength(1);
    const v = visions[0]!;
    expect(v).toMatchObject({ id: 'vision', kind: 'term', emoji: '👁️', href: '/glossary/#vision', short: 'Seeing machines.' });
    expect(v.trees.map((t) => `${atlas.trees[t.tree]!.id}#${t.anchor}`).sort()).toEqual(['concept-map#node-VI', 'paper-map#node-V']);
    // A node that names nothing stays in its own tree: two trees, two "Local thing"s.
    expect(atlas.concepts.filter((c) => c.label === 'Local thing').map((c) => c.id).sort()).toEqual(['local:concept-map:X', 'local:paper-map:X']);
  });

  it('merges the edges of both trees on the same pair and paper, and keeps other papers apart', () => {
    const atlas = buildAtlas(twoMaps());
    const between = atlas.edges.filter((e) => e.from === 'vision' && e.to === 'language');
    expect(between).toHaveLength(2);
    const byPaper = new Map(between.map((e) => [atlas.papers[e.paper!]!.id, e]));
    const one = byPaper.get('papers/p1')!;
    expect(one.kind).toBe('boosts-vision');
    expect(one.labels.map((l) => [atlas.trees[l.tree]!.id, l.label, l.anchor])).toEqual([
      ['concept-map', 'Boosts Vision', 'edge-VI-LA'],
      ['paper-map', 'Paper One', 'edge-V-L'],
    ]);
    const two = byPaper.get('papers/p2')!;
    expect(two.labels.map((l) => atlas.trees[l.tree]!.id)).toEqual(['concept-map']);
    // The second VI → LA edge of the same tree gets the tree's second anchor.
    expect(two.labels[0]!.anchor).toBe('edge-VI-LA-2');
    expect(atlas.papers.find((p) => p.id === 'papers/p1')).toEqual({ id: 'papers/p1', title: 'Paper One', label: 'P1', href: '/topics/papers/p1/' });
    // A label naming no relationship is its own kind; relationship kinds link to their glossary entry.
    const feeds = atlas.edges.find((e) => e.from === 'language')!;
    expect(feeds.paper).toBeUndefined();
    expect(atlas.kinds.find((k) => k.id === feeds.kind)).toEqual({ id: feeds.kind, label: 'Feeds' });
    expect(atlas.kinds.find((k) => k.id === 'boosts-vision')).toMatchObject({ label: 'Boosts Vision', href: '/glossary/#boosts-vision' });
  });

  it('hangs the notes that mention or link to a term off its concept, capped with a count', () => {
    const graph = twoMaps();
    const extra = ATLAS_NOTES_PER_CONCEPT + 3;
    const notes = Array.from({ length: extra }, (_, i) => page('note', `n${String(i).padStart(2, '0')}`, `Note ${String(i).padStart(2, '0')}`));
    graph.pages.push(...notes);
    graph.mentions.push({ term: 'vision', pages: notes.slice(1).map((n) => ({ kind: 'note' as const, slug: n.slug })) });
    graph.mentions.push({ term: 'vision', pages: [{ kind: 'tree', slug: 'concept-map' }] });
    graph.links.push({ from: { kind: 'note', slug: 'n00' }, to: termTarget(vision), text: 'Vision', context: '', file: 'notes/n00.md', line: 1, via: 'wikilink' });
    graph.links.push({ from: { kind: 'note', slug: 'n01' }, to: termTarget(language), text: 'Language', context: '', file: 'notes/n01.md', line: 1, via: 'wikilink' });
    const atlas = buildAtlas(graph);
    const v = atlas.concepts.find((c) => c.id === 'vision')!;
    expect(v.noteCount).toBe(extra);
    expect(v.notes.map((i) => atlas.notes[i]!.title)).toEqual(notes.slice(0, ATLAS_NOTES_PER_CONCEPT).map((n) => n.title));
    const l = atlas.concepts.find((c) => c.id === 'language')!;
    expect(l.notes.map((i) => atlas.notes[i]!.href)).toEqual(['/topics/n01/']);
    expect(l.noteCount).toBe(1);
    // Each note is listed once in the atlas however many concepts it hangs off.
    expect(new Set(atlas.notes.map((n) => n.href)).size).toBe(atlas.notes.length);
  });

  it('reuses a kept layout while the concepts and edges are the same, and lays out again when they change', () => {
    const layouts: AtlasLayouts = new Map();
    const first = buildAtlas(twoMaps(), layouts);
    expect(JSON.stringify(first)).toBe(JSON.stringify(buildAtlas(twoMaps())));
    expect(layouts.size).toBe(1);
    // A kept layout is what the next build uses: marked positions come back.
    const [kept] = [...layouts.values()];
    kept!.positions = kept!.positions.map(([x, y]) => [x + 1000, y]);
    expect(buildAtlas(twoMaps(), layouts).concepts.map((c) => c.x)).toEqual(first.concepts.map((c) => c.x + 1000));
    // A note's text changing (same concepts and edges) keeps it; a new edge does not.
    const graph = twoMaps();
    graph.diagrams[1]!.edges.push({ id: 'L_X_L_0', from: 'X', to: 'L', label: 'Reads', source: undefined });
    const changed = buildAtlas(graph, layouts);
    expect(changed.edges.length).toBe(first.edges.length + 1);
    expect(changed.concepts.map((c) => c.x)).not.toEqual(first.concepts.map((c) => c.x + 1000));
    expect(JSON.stringify(changed)).toBe(JSON.stringify(buildAtlas(graph)));
    expect(layouts.size).toBe(1);
    // As the next build reads it from disk (JSON): the same atlas as computing it again.
    const fromDisk: AtlasLayouts = new Map(JSON.parse(JSON.stringify([...layouts])));
    expect(JSON.stringify(buildAtlas(graph, fromDisk))).toBe(JSON.stringify(buildAtlas(graph)));
    // A kept layout that does not fit (a damaged file) is computed again, not half applied.
    const [key] = [...layouts.keys()];
    const short: AtlasLayouts = new Map([[key!, { positions: [[5, 5]], bounds: { minX: 5, minY: 5, maxX: 5, maxY: 5 } }]]);
    expect(JSON.stringify(buildAtlas(graph, short))).toBe(JSON.stringify(buildAtlas(graph)));
  });

  it('is deterministic, positions included, and spreads the concepts out', () => {
    const a = JSON.stringify(buildAtlas(twoMaps()));
    const b = JSON.stringify(buildAtlas(twoMaps()));
    expect(a).toBe(b);
    const atlas = buildAtlas(twoMaps());
    const points = new Set(atlas.concepts.map((c) => `${c.x},${c.y}`));
    expect(points.size).toBe(atlas.concepts.length);
    expect(atlas.concepts.every((c) => Number.isInteger(c.x) && Number.isInteger(c.y))).toBe(true);
    expect(atlas.bounds.maxX).toBe(Math.max(...atlas.concepts.map((c) => c.x)));
    expect(atlas.bounds.minY).toBe(Math.min(...atlas.concepts.map((c) => c.y)));
  });
});

describe('atlasText', () => {
  it('lists every concept A–Z with the edges that start there, and stops at its bounds', () => {
    const atlas = buildAtlas(twoMaps());
    const text = atlasText(atlas);
    const labels = text.concepts.map((c) => c.label);
    expect(labels).toEqual(['Language', 'Local thing', 'Local thing', 'Vision']);
    expect(text.concepts).toHaveLength(atlas.concepts.length);
    const v = text.concepts.find((c) => c.id === 'vision')!;
    expect(v.edges).toHaveLength(2);
    const boostsEdge = v.edges.find((e) => e.paper?.title === 'P1: Paper One')!;
    expect(boostsEdge).toEqual({
      kind: { title: 'Boosts Vision', href: '/glossary/#boosts-vision' },
      to: { title: 'Language', href: '/glossary/#language' },
      paper: { title: 'P1: Paper One', href: '/topics/papers/p1/' },
      trees: [{ title: 'Concept map', href: '/trees/concept-map/#node-VI' }, { title: 'Paper map', href: '/trees/paper-map/#node-V' }],
    });
    expect(text.edgesShown).toBe(atlas.edges.length);
    const capped = atlasText(atlas, 2, 1);
    expect(capped.concepts).toHaveLength(2);
    expect(capped.edgesShown).toBe(1);
    expect(capped.conceptCount).toBe(atlas.concepts.length);
  });
});

describe('the first view', () => {
  // A hand-made map: a dense group of `big` concepts on a row, 100 units apart, and a pair far off.
  function map(big: number): AtlasData {
    const concepts = [
      ...Array.from({ length: big }, (_, i) => ({ id: `g${i}`, x: i * 100, y: 0 })),
      { id: 'p0', x: 20_000, y: 0 },
      { id: 'p1', x: 20_100, y: 0 },
    ].map((c) => ({ ...c, kind: 'term' as const, label: c.id, href: `/glossary/#${c.id}`, trees: [], notes: [], noteCount: 0 }));
    // Every group member links to g1, the hub; the pair links once.
    const edges = [...concepts.slice(0, big).filter((c) => c.id !== 'g1').map((c) => ({ from: c.id, to: 'g1' })), { from: 'p0', to: 'p1' }].map((e) => ({ ...e, kind: 'k', labels: [] }));
    const xs = concepts.map((c) => c.x);
    return { trees: [], papers: [], kinds: [], notes: [], concepts, edges, bounds: { minX: Math.min(...xs), minY: 0, maxX: Math.max(...xs), maxY: 0 } };
  }
  const scale = (b: Box, w: number, h: number) => Math.max(b.w / w, b.h / h);

  it('is the whole map when its labels read at 10 px or more', () => {
    const small = map(3);
    small.concepts = small.concepts.slice(0, 3);
    small.edges = small.edges.slice(0, 2);
    small.bounds = { minX: 0, minY: 0, maxX: 200, maxY: 0 };
    expect(startBox(small, 800, 600)).toBeUndefined();
    expect(scale(wholeBox(small), 800, 600)).toBeLessThanOrEqual(READABLE_SCALE);
  });

  it('is the largest group when the whole map would be unreadable, centred and readable', () => {
    const data = map(6);
    expect(scale(wholeBox(data), 800, 600)).toBeGreaterThan(READABLE_SCALE);
    const box = startBox(data, 800, 600)!;
    expect(scale(box, 800, 600)).toBeLessThanOrEqual(READABLE_SCALE);
    for (const c of data.concepts.slice(0, 6)) expect(c.x > box.x && c.x < box.x + box.w).toBe(true);
    expect(box.x + box.w).toBeLessThan(20_000);
    expect(box.x + box.w / 2).toBeCloseTo(250, 5);
  });

  it('is the largest group’s most connected concept at full size when the group is too big as well', () => {
    const data = map(40);
    const box = startBox(data, 800, 600)!;
    expect(box).toEqual({ x: 100 - 400, y: -300, w: 800, h: 600 });
  });
});
