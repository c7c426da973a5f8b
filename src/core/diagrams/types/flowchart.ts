/**
 * Flowcharts (`flowchart`, `graph`, and `swimlane-beta`, which mermaid parses and draws as one):
 * nodes with shapes and `click` links, labelled edges, and the `%%` comment each edge follows
 * (docs/DESIGN.md "Knowledge tree").
 */
import type { DiagramEdge, DiagramNode } from '../model.ts';
import { flowchartNodeId } from '../ids.ts';
import { jisonLine, watchJisonDb, type DiagramType } from './type.ts';

interface FlowVertexLike {
  id: string;
  text?: string;
  labelType?: string;
  type?: string;
  link?: string;
}
interface FlowEdgeLike {
  start: string;
  end: string;
  text?: string;
  labelType?: string;
  id?: string;
}
interface FlowDbLike {
  getVertices(): Map<string, FlowVertexLike>;
  getEdges(): FlowEdgeLike[];
  getData?(): { nodes: { id: string; shape?: string; isGroup?: boolean }[] };
  addLink(...args: unknown[]): unknown;
}

function isFlowDb(db: unknown): db is FlowDbLike {
  const d = db as Partial<FlowDbLike> | null;
  return !!d && typeof d.getVertices === 'function' && typeof d.getEdges === 'function' && typeof d.addLink === 'function';
}

/** The parser line where each edge of a flowchart db ended (see `instrument`). */
const edgeLines = new WeakMap<object, (number | undefined)[]>();

export const flowchart: DiagramType = {
  names: ['flowchart-v2', 'flowchart', 'flowchart-elk', 'swimlane'],

  /**
   * Note the line of every edge. mermaid keeps no source positions for flowcharts, and a
   * marker-statement rewrite breaks on real notes (a `%%` comment in the middle of an edge split
   * over two lines, `A\n %% src\n --> B`), so each db's `addLink` records where the lexer is.
   */
  async instrument(mermaid) {
    await watchJisonDb(mermaid, 'flowchart TD\nA --> B', (db) => {
      if (!isFlowDb(db)) return;
      const lines: (number | undefined)[] = [];
      edgeLines.set(db, lines);
      const addLink = db.addLink;
      db.addLink = function (this: unknown, ...args: unknown[]) {
        const before = db.getEdges().length;
        const result = addLink.apply(db, args);
        const line = jisonLine(this);
        for (let i = before; i < db.getEdges().length; i++) lines[i] = line;
        return result;
      };
    });
  },

  model(db, ctx) {
    if (!isFlowDb(db)) return undefined;
    const nodes: DiagramNode[] = [];
    const edges: DiagramEdge[] = [];
    const warnings: string[] = [];
    const shapes = new Map<string, string>();
    const groups = new Set<string>();
    try {
      for (const n of db.getData?.().nodes ?? []) {
        if (n.isGroup) groups.add(n.id);
        else if (n.shape) shapes.set(n.id, n.shape);
      }
    } catch {
      // getData() needs render config; without it shapes fall back to the parsed vertex type.
    }
    for (const v of db.getVertices().values()) {
      if (groups.has(v.id)) continue;
      const node: DiagramNode = { id: v.id, label: ctx.label(v.text ?? v.id, v.labelType), shape: shapes.get(v.id) ?? v.type ?? 'squareRect' };
      if (v.link && v.link !== 'about:blank') node.link = v.link;
      nodes.push(node);
      if (v.id.includes(',')) {
        const at = ctx.lines.findIndex((l) => l.trim().startsWith(`style ${v.id}`));
        warnings.push(
          `${at >= 0 ? `line ${at + 1}: ` : ''}"style ${v.id}" styles one node named "${v.id}" ` +
            `(mermaid's style takes a single id), so mermaid draws an extra node and styles none of ` +
            `${v.id.split(',').join(', ')}; use "classDef name ..." and "class ${v.id} name" instead`,
        );
      }
    }
    const lines = edgeLines.get(db) ?? [];
    db.getEdges().forEach((e, i) => {
      const edge: DiagramEdge = { from: e.start, to: e.end, label: ctx.label(e.text, e.labelType) };
      const source = ctx.sourceBefore(lines[i]);
      if (source !== undefined) edge.source = source;
      if (e.id) edge.id = e.id;
      edges.push(edge);
    });
    return { nodes, edges, warnings };
  },

  nodeId: (elementId, svgId) => flowchartNodeId(elementId, svgId),
};
