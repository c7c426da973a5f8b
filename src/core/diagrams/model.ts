/**
 * The diagram as data (what `parseDiagram` returns), shared by the parser, the diagram types in
 * `types/` and the graph. Types only: importing this costs nothing at run time.
 */

export interface DiagramNode {
  /** The node's id in the model: a flowchart's node id, a mindmap node's id (see types/mindmap.ts). */
  id: string;
  /** Plain text as drawn: emoji kept, markdown/HTML markup stripped, `<br>` becomes a space. */
  label: string;
  /** mermaid's shape name as it draws it, e.g. `squareRect`, `roundedRect`, `diamond`, `stadium`. */
  shape: string;
  /** From a `click ID "url"` / `click ID href "url"` line (as mermaid sanitised it). */
  link?: string;
}

export interface DiagramEdge {
  from: string;
  to: string;
  label: string;
  /** Text of the nearest `%%` comment line before the line where the edge ends, without `%%`. */
  source?: string;
  /** mermaid's edge id (e.g. `L_MM_VI_0`); the drawn SVG carries it as `data-id` on path and label. */
  id?: string;
}

export interface DiagramModel {
  /** mermaid's diagram type: `flowchart-v2`, `mindmap`, `sequence`, `classDiagram`, `pie`, ... */
  type: string;
  /**
   * Nodes, in order of first appearance, for the types registered in `types/` (flowchart:
   * subgraphs excluded; mindmap: every node). Empty for other types.
   */
  nodes: DiagramNode[];
  /** Edges in source order (a mindmap's: parent to child). Empty for unregistered types. */
  edges: DiagramEdge[];
  /** Every non-empty `%%` comment text, in order, each once (directives `%%{...}%%` excluded). */
  sources: string[];
  /** Content that mermaid accepts but almost surely does not do what the author meant. */
  warnings: string[];
}
