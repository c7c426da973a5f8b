/** The diagram types registry: which types have a node model, and finding their nodes in real drawings. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import { afterAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../../../src/core/diagrams/browser.ts';
import { diagramKey } from '../../../src/core/diagrams/cache.ts';
import { renderDiagrams } from '../../../src/core/diagrams/draw.ts';
import { parseDiagram } from '../../../src/core/diagrams/parse.ts';
import { decorateSvg } from '../../../src/core/diagrams/svg.ts';
import { DIAGRAM_TYPES, diagramType } from '../../../src/core/diagrams/types/index.ts';

const elements = (tree: Root, test: (el: Element) => boolean): Element[] => {
  const out: Element[] = [];
  visit(tree, 'element', (el) => {
    if (test(el)) out.push(el);
  });
  return out;
};
const parse = (svg: string): Root => fromHtml(svg, { fragment: true, space: 'svg' });

describe('the registry', () => {
  it('knows flowcharts (every name mermaid gives them) and mindmaps, and no other type', () => {
    for (const name of ['flowchart-v2', 'flowchart', 'flowchart-elk', 'swimlane']) expect(diagramType(name)?.names).toContain(name);
    expect(diagramType('mindmap')?.names).toEqual(['mindmap']);
    for (const name of ['sequence', 'classDiagram', 'stateDiagram', 'pie', undefined]) expect(diagramType(name)).toBeUndefined();
    const names = DIAGRAM_TYPES.flatMap((t) => t.names);
    expect(new Set(names).size).toBe(names.length); // no name claimed twice
  });

  it('maps element ids to model ids: flowcharts by the id in it, mindmaps by mermaid’s node number', () => {
    const flow = diagramType('flowchart-v2')!;
    expect(flow.nodeId('x-svg-flowchart-My-Node-12', 'x-svg', [])).toBe('My-Node');
    expect(flow.nodeId('x-svg-flowchart-A', 'x-svg', [])).toBeUndefined();
    expect(flow.nodeId('other-svg-flowchart-A-0', 'x-svg', [])).toBeUndefined();
    const mind = diagramType('mindmap')!;
    expect(mind.nodeId('x-svg-node_1', 'x-svg', ['root', 'Vision'])).toBe('Vision');
    expect(mind.nodeId('x-svg-node_2', 'x-svg', ['root', 'Vision'])).toBeUndefined();
    expect(mind.nodeId('y-svg-node_0', 'x-svg', ['root'])).toBeUndefined();
    expect(mind.nodeId('x-svg-node_0x', 'x-svg', ['root'])).toBeUndefined();
  });
});

const browser = (() => {
  try {
    return findBrowser();
  } catch {
    return null;
  }
})();

describe.skipIf(!browser)('drawn in Chromium and decorated', () => {
  const dir = mkdtempSync(join(tmpdir(), 'arbor-dgt-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const MINDMAP = [
    'mindmap',
    '  root((Machine learning))',
    '    Supervised',
    '      Regression',
    '      Classification',
    '    %% P1: a paper',
    '    Unsupervised[Unsupervised learning]',
    '      Clustering',
    '      Regression',
    '    id1))Reinforcement((',
  ].join('\n');
  const SEQUENCE = 'sequenceDiagram\n  Alice->>Bob: Hello\n  Bob-->>Alice: Hi';
  const draw = async (source: string) => {
    const r = await renderDiagrams([{ key: diagramKey(source), source }], { cacheDir: dir });
    expect(r.failed).toEqual([]);
    return r.svgs.get(diagramKey(source))!;
  };

  it('gives every mindmap node its anchor id and link, and every edge its data-edge', async () => {
    const [svg, model] = await Promise.all([draw(MINDMAP), parseDiagram(MINDMAP)]);
    expect(model.nodes.map((n) => n.id)).toEqual(['root', 'Supervised', 'Regression', 'Classification', 'Unsupervised', 'Clustering', 'Regression-2', 'id1']);
    const tree = parse(
      decorateSvg(svg, {
        diagramId: 'ml',
        title: 'ML',
        nodeAnchor: (id) => `ml-node-${id}`,
        nodeHref: (id) => (id === 'Clustering' ? '/glossary/#clustering' : undefined),
        nodes: model.nodes,
        edges: model.edges,
      }),
    );
    const drawn = elements(tree, (el) => el.properties.dataNode !== undefined);
    expect(drawn.map((el) => el.properties.dataNode)).toEqual(model.nodes.map((n) => n.id));
    for (const el of drawn) {
      expect(el.tagName).toBe('g');
      expect(el.properties.id).toBe(`ml-node-${String(el.properties.dataNode)}`);
      // the element shows that node: its drawn text is the node's label
      const node = model.nodes.find((n) => n.id === el.properties.dataNode)!;
      expect(toString(el).replace(/\s+/g, ' ').trim()).toBe(node.label);
    }
    const clustering = drawn.find((el) => el.properties.dataNode === 'Clustering')!;
    expect(clustering.children).toEqual([expect.objectContaining({ tagName: 'a', properties: expect.objectContaining({ href: '/glossary/#clustering' }) })]);
    const edgePaths = elements(tree, (el) => el.tagName === 'path' && el.properties.dataEdge !== undefined);
    expect(edgePaths.map((el) => el.properties.dataEdge).sort()).toEqual(model.edges.map((e) => `${e.from}->${e.to}`).sort());
  });

  it('without the model’s nodes, leaves mindmap nodes as drawn (it cannot tell which is which)', async () => {
    const svg = await draw(MINDMAP);
    const tree = parse(decorateSvg(svg, { diagramId: 'ml', title: 'ML', nodeAnchor: (id) => `n-${id}`, nodeHref: () => '/x/' }));
    expect(elements(tree, (el) => el.properties.dataNode !== undefined)).toEqual([]);
    expect(elements(tree, (el) => el.tagName === 'a')).toEqual([]);
  });

  it('draws a type without a node model as before: decorated root, no nodes', async () => {
    const [svg, model] = await Promise.all([draw(SEQUENCE), parseDiagram(SEQUENCE)]);
    expect(model.nodes).toEqual([]);
    const tree = parse(decorateSvg(svg, { diagramId: 'seq', title: 'Greeting', nodeAnchor: (id) => `n-${id}`, nodeHref: () => '/x/' }));
    const root = elements(tree, (el) => el.tagName === 'svg')[0]!;
    expect(root.properties.dataDiagram).toBe('seq');
    expect(toString(elements(tree, (el) => el.tagName === 'title')[0]!)).toBe('Greeting');
    expect(elements(tree, (el) => el.properties.dataNode !== undefined)).toEqual([]);
    expect(toString(root)).toContain('Hello');
  });
});
