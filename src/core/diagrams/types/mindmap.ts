/**
 * Mindmaps: every node, and an edge from each node to each of its children. A node's id is the
 * id the author gave it (`id[label]`, `id((label))`, ...) or, for a bare `label`, the label's
 * plain text; whitespace becomes `-` (it ends up in an HTML id), and a repeated id gets `-2`,
 * `-3`, ... in order (mindmaps often repeat a leaf's text under different branches).
 *
 * mermaid draws node number N (its count, in source order) as `<svgId>-node_N` and the edge from
 * P to C with `data-id="edge_P_C"`, so the drawing is mapped back through the model's node order.
 */
import type { DiagramEdge, DiagramNode } from '../model.ts';
import { errorAt, jisonLine, watchJisonDb, type DiagramType } from './type.ts';

interface MindmapNodeLike {
  /** mermaid's count: 0, 1, 2, ... in source order. */
  id: number;
  /** The author's id, or the text of a node written without one. */
  nodeId: string;
  descr: string;
  type: number;
  children: MindmapNodeLike[];
}
interface MindmapDbLike {
  getMindmap(): MindmapNodeLike | null;
  addNode(...args: unknown[]): unknown;
  getData?(): { nodes: { id: string; shape?: string }[] };
  type2Str?(type: number): string;
}

function isMindmapDb(db: unknown): db is MindmapDbLike {
  const d = db as Partial<MindmapDbLike> | null;
  return !!d && typeof d.getMindmap === 'function' && typeof d.addNode === 'function';
}

/** The parser line of each node of a mindmap db, by mermaid's count (see `instrument`). */
const nodeLines = new WeakMap<object, (number | undefined)[]>();

export const mindmap: DiagramType = {
  names: ['mindmap'],

  /** Note the line of every node, so an edge to it can take the `%%` comment before it as its source. */
  async instrument(mermaid) {
    await watchJisonDb(mermaid, 'mindmap\n  a', (db) => {
      if (!isMindmapDb(db)) return;
      const lines: (number | undefined)[] = [];
      nodeLines.set(db, lines);
      const addNode = db.addNode;
      // mermaid's count is private; addNode adds exactly one node (or throws), so counting calls tracks it.
      db.addNode = function (this: unknown, ...args: unknown[]) {
        const line = jisonLine(this);
        try {
          addNode.apply(db, args);
        } catch (err) {
          throw errorAt(err, line);
        }
        lines.push(line);
      };
    });
  },

  model(db, ctx) {
    if (!isMindmapDb(db)) return undefined;
    const root = db.getMindmap();
    if (!root) return { nodes: [], edges: [], warnings: [] };
    const all: MindmapNodeLike[] = [];
    const parentOf = new Map<MindmapNodeLike, MindmapNodeLike>();
    const walk = (n: MindmapNodeLike) => {
      all.push(n);
      for (const c of n.children) {
        parentOf.set(c, n);
        walk(c);
      }
    };
    walk(root);
    all.sort((a, b) => a.id - b.id);
    const shapes = new Map<string, string>();
    try {
      for (const n of db.getData?.().nodes ?? []) if (n.shape) shapes.set(n.id, n.shape);
    } catch {
      // getData() needs mermaid's config; without it shapes fall back to the parsed type's name.
    }
    const used = new Set<string>();
    const idOf = new Map<number, string>();
    const nodes: DiagramNode[] = all.map((n) => {
      const label = ctx.label(n.descr, 'markdown'); // mermaid draws every mindmap label as markdown
      const base = (n.nodeId !== n.descr ? n.nodeId : label).trim().replace(/\s+/g, '-') || `node-${n.id + 1}`;
      let id = base;
      for (let k = 2; used.has(id); k++) id = `${base}-${k}`;
      used.add(id);
      idOf.set(n.id, id);
      return { id, label, shape: shapes.get(String(n.id)) ?? db.type2Str?.(n.type) ?? 'defaultMindmapNode' };
    });
    const lines = nodeLines.get(db) ?? [];
    // One edge per node but the root, in source order (the child's), as a flowchart's edges are.
    const edges: DiagramEdge[] = [];
    for (const child of all) {
      const parent = parentOf.get(child);
      if (!parent) continue;
      const edge: DiagramEdge = { from: idOf.get(parent.id)!, to: idOf.get(child.id)!, label: '', id: `edge_${parent.id}_${child.id}` };
      const source = ctx.sourceBefore(lines[child.id]);
      if (source !== undefined) edge.source = source;
      edges.push(edge);
    }
    return { nodes, edges, warnings: [] };
  },

  nodeId(elementId, svgId, nodeIds) {
    const m = /^-node_(\d+)$/.exec(elementId.startsWith(svgId) ? elementId.slice(svgId.length) : '');
    return m ? nodeIds[Number(m[1])] : undefined;
  },
};
