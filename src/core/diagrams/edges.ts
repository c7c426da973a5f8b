/** What a drawn edge carries beyond its line: its anchor, its paper and its relationship's definition. */
import { edgeAnchors, type DecorateEdge } from './svg.ts';
import { plainLabel } from '../graph/diagrams.ts';
import { normaliseName } from '../graph/resolve.ts';
import type { GraphDiagram, GraphTerm } from '../graph/types.ts';

/** The relationship term an edge label names (`Boosts Vision 🚀` → `Boosts Vision`), by its name or an alias. */
export function relationshipLookup(terms: readonly GraphTerm[]): (label: string) => GraphTerm | undefined {
  const byName = new Map<string, GraphTerm>();
  for (const t of terms.filter((x) => x.kind === 'relationship')) {
    for (const name of [t.term, ...t.aliases]) if (!byName.has(normaliseName(name))) byName.set(normaliseName(name), t);
  }
  return (label) => byName.get(normaliseName(plainLabel(label)));
}

/**
 * What a drawn edge says beyond its label: its element id (`edge-VI-DI`, prefixed like the
 * diagram's node anchors), its paper (`%% P7: …`, with the paper's note) and the glossary's
 * definition of its label, when a relationship term has that name (`Boosts Vision 🚀` is the
 * relationship `Boosts Vision`). Labels go plain, without emoji, into the edge's title.
 */
export function edgesOf(d: GraphDiagram, relationship: (label: string) => GraphTerm | undefined): DecorateEdge[] {
  const anchors = edgeAnchors(d.edges, (from, to) => (d.primary ? `edge-${from}-${to}` : `${d.id}-edge-${from}-${to}`), d.nodes.map((n) => n.anchor));
  return d.edges.map((e, i) => {
    const source = e.source === undefined ? undefined : d.sources[e.source];
    const term = e.label ? relationship(e.label) : undefined;
    const definition = term?.short || term?.definition;
    return {
      ...(e.id ? { id: e.id } : {}),
      from: e.from,
      to: e.to,
      label: plainLabel(e.label),
      anchor: anchors[i],
      ...(source ? { citation: { text: source.label ? `${source.label}: ${source.title}` : source.title, ...(source.paper ? { href: source.paper.href } : {}) } } : {}),
      ...(definition ? { definition } : {}),
    };
  });
}
