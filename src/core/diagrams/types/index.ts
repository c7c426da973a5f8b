/**
 * The diagram types Arbor models (nodes, edges, node anchors in the drawing). Supporting another
 * mermaid type is one file like `mindmap.ts` and one entry here; unlisted types are drawn as they
 * are, without a node model.
 */
import { flowchart } from './flowchart.ts';
import { mindmap } from './mindmap.ts';
import type { DiagramType } from './type.ts';

export type { DiagramType, MermaidParserApi, ModelContext } from './type.ts';

export const DIAGRAM_TYPES: readonly DiagramType[] = [flowchart, mindmap];

const byName = new Map(DIAGRAM_TYPES.flatMap((t) => t.names.map((name) => [name, t] as const)));

/** The entry for mermaid's type name (`DiagramModel.type`, or a drawing's `aria-roledescription`). */
export function diagramType(name: string | undefined): DiagramType | undefined {
  return name === undefined ? undefined : byName.get(name);
}
