/** What a drawn edge carries: its anchor, its paper and its relationship's definition. */
import { describe, expect, it } from 'vitest';
import { edgesOf, relationshipLookup } from '../../../src/core/diagrams/edges.ts';
import type { GraphDiagram, GraphTerm } from '../../../src/core/graph/types.ts';

const term = (t: Partial<GraphTerm> & Pick<GraphTerm, 'term' | 'kind'>): GraphTerm => ({ slug: t.term.toLowerCase().replace(/\W+/g, '-'), aliases: [], related: [], tags: [], file: 'x.md', href: '/glossary/#x' as GraphTerm['href'], definition: '', ...t });
const terms = [
  term({ term: 'Boosts Vision', kind: 'relationship', short: 'Improves visual processing.' }),
  term({ term: 'Vision', kind: 'concept', short: 'Not a relationship.' }),
  term({ term: 'Triggers Diffusion', kind: 'relationship', definition: 'Initiates diffusion.' }),
];

const diagram = (primary: boolean): GraphDiagram => ({
  key: 'tree:map#d', page: { kind: 'tree', slug: 'map' }, id: 'd', index: 0, title: 'Map', file: 'map.md', line: 1, source: '', hash: 'h', type: 'flowchart-v2', primary,
  nodes: [{ id: 'VI', label: 'Vision', shape: 'rect', anchor: primary ? 'node-VI' : 'd-node-VI' }, { id: 'DI', label: 'Diffusion', shape: 'rect', anchor: primary ? 'node-DI' : 'd-node-DI' }],
  edges: [
    { id: 'L_VI_DI_0', from: 'VI', to: 'DI', label: 'Triggers Diffusion 💧', source: 0 },
    { from: 'VI', to: 'DI', label: 'boosts vision', source: 1 },
    { from: 'DI', to: 'VI', label: 'Vision' },
  ],
  sources: [
    { text: 'P7: DiffDis', label: 'P7', title: 'DiffDis', paper: { kind: 'note', slug: 'papers/diffdis', title: 'DiffDis', href: '/topics/papers/diffdis/' } as never },
    { text: 'An unnamed survey', title: 'An unnamed survey' },
  ],
});

describe('relationshipLookup', () => {
  it('finds a relationship term by an edge label, without emoji or case, and never a concept', () => {
    const find = relationshipLookup(terms);
    expect(find('Triggers Diffusion 💧')?.term).toBe('Triggers Diffusion');
    expect(find('BOOSTS VISION')?.term).toBe('Boosts Vision');
    expect(find('Vision')).toBeUndefined();
  });
});

describe('edgesOf', () => {
  it('gives each edge its anchor (repeated pairs numbered), its paper and its definition', () => {
    const edges = edgesOf(diagram(true), relationshipLookup(terms));
    expect(edges.map((e) => e.anchor)).toEqual(['edge-VI-DI', 'edge-VI-DI-2', 'edge-DI-VI']);
    expect(edges[0]).toMatchObject({ id: 'L_VI_DI_0', label: 'Triggers Diffusion', citation: { text: 'P7: DiffDis', href: '/topics/papers/diffdis/' }, definition: 'Initiates diffusion.' });
    expect(edges[1]).toMatchObject({ citation: { text: 'An unnamed survey' }, definition: 'Improves visual processing.' });
    expect(edges[1]!.citation).not.toHaveProperty('href');
    expect(edges[2]).not.toHaveProperty('citation');
    expect(edges[2]).not.toHaveProperty('definition');
  });

  it('prefixes the anchors of a note\'s diagram with its id, like its nodes', () => {
    expect(edgesOf(diagram(false), relationshipLookup(terms))[0]!.anchor).toBe('d-edge-VI-DI');
  });
});
