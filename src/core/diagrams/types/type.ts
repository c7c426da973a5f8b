/**
 * What Arbor knows about one mermaid diagram type: how to read nodes and edges from mermaid's
 * parsed db (in Node, `parse.ts`), and how to find a node's element in the drawn SVG (`svg.ts`).
 * Types without an entry are still validated and drawn; they just have no node model.
 *
 * No run-time imports (the parse helpers come in `ModelContext`), so a type file stays cheap to
 * import anywhere, including a browser bundle that only needs `nodeId`.
 */
import type { DiagramEdge, DiagramNode } from '../model.ts';

/** The slice of mermaid's API a type may use to instrument its parser. */
export interface MermaidParserApi {
  mermaidAPI: { getDiagramFromText(text: string): Promise<{ type: string; db: unknown; parser: unknown }> };
}

/** What `parse.ts` gives a type to build its model with. */
export interface ModelContext {
  /** A label as plain text (`labelType` as mermaid records it: `markdown`, `string`, ...). */
  label(text: string | undefined, labelType?: string): string;
  /**
   * The text of the nearest `%%` comment before the line where mermaid's parser stood (a 1-based
   * line of the text mermaid parsed, as `jisonLine` gives it), or undefined.
   */
  sourceBefore(parserLine: number | undefined): string | undefined;
  /** The snippet as written (CRLF already normalised), e.g. to point a warning at a line. */
  lines: readonly string[];
}

export interface DiagramType {
  /** mermaid's names for it: `Diagram.type` in Node, and the drawn `<svg>`'s `aria-roledescription`. */
  names: readonly string[];
  /** Called once after mermaid is loaded in Node, to note what its parser keeps no record of. */
  instrument?(mermaid: MermaidParserApi): Promise<void>;
  /** Nodes, edges and warnings from mermaid's db; undefined when the db is not shaped as expected. */
  model(db: unknown, ctx: ModelContext): { nodes: DiagramNode[]; edges: DiagramEdge[]; warnings: string[] } | undefined;
  /**
   * The model id of the node a drawn `g.node` element shows, from its element id (`svgId` is the
   * drawing's id, which mermaid prefixes to every inner id), or undefined if it shows none.
   * `nodeIds` are the model's node ids in model order, for types whose drawing numbers its nodes.
   */
  nodeId(elementId: string, svgId: string, nodeIds: readonly string[]): string | undefined;
}

/** Where jison keeps its lexer during a parse: on the per-parse copy of `yy` it calls actions on. */
interface JisonYy {
  lexer?: { yylloc?: { first_line?: number } };
}

/**
 * The line jison's lexer is on, from the `this` of a db method jison called: `yylloc.first_line`
 * of the lookahead token that made it reduce the statement, i.e. the line where the statement's
 * last token ends. 1-based, in the text mermaid parsed; undefined if mermaid's internals changed.
 */
export function jisonLine(self: unknown): number | undefined {
  const line = (self as JisonYy | undefined)?.lexer?.yylloc?.first_line;
  return typeof line === 'number' && line > 0 ? line : undefined;
}

/**
 * Mark an error a db method threw (mermaid's own checks, e.g. a mindmap's second root, carry no
 * position) with the parser line it happened on; `parse.ts` reports it at that line of the snippet.
 */
export function errorAt(err: unknown, parserLine: number | undefined): unknown {
  if (err instanceof Error && parserLine !== undefined) Object.assign(err, { parserLine });
  return err;
}

/**
 * Call `watch` with every db mermaid hands to the jison parser of `probe`'s diagram type, before
 * the parse. mermaid assigns `parser.yy = db` once per parse, so that property becomes an
 * accessor; `watch` may wrap the db's methods (jison calls them on its per-parse copy of `yy`,
 * which carries the lexer: see `jisonLine`). Returns false if the parser is not shaped that way
 * (nothing is watched; the unit tests will say so).
 */
export async function watchJisonDb(mermaid: MermaidParserApi, probe: string, watch: (db: unknown) => void): Promise<boolean> {
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(probe);
  const jison = (diagram.parser as { parser?: Record<string, unknown> } | undefined)?.parser;
  const desc = jison && Object.getOwnPropertyDescriptor(jison, 'yy');
  if (!jison || !desc || !('value' in desc)) return false;
  let current: unknown = desc.value;
  Object.defineProperty(jison, 'yy', {
    configurable: true,
    enumerable: desc.enumerable ?? true,
    get: () => current,
    set: (db: unknown) => {
      current = db;
      watch(db);
    },
  });
  return true;
}
