/**
 * Element ids of drawn diagrams, shared by the build-time decoration (`svg.ts`) and the drawing
 * in the reader's browser (`src/client/diagrams.ts`), so both give a node the same id and link.
 * No dependencies: this module is bundled into the page script.
 */

/** A string usable as an HTML id and, unescaped, in a CSS `#id` selector. */
export function cssIdent(text: string): string {
  const safe = text.replace(/[^A-Za-z0-9_-]/g, '-');
  return /^[A-Za-z_]/.test(safe) ? safe : `d-${safe}`;
}

/** The id of a diagram's drawn `<svg>` on its page (mermaid prefixes every inner id with it). */
export function diagramSvgId(diagramId: string): string {
  return `${cssIdent(diagramId)}-svg`;
}

/** mermaid 12 names a flowchart node's element `<svgId>-flowchart-<node id>-<counter>`. */
export function flowchartNodeId(elementId: string, svgId: string): string | undefined {
  const prefix = `${svgId}-flowchart-`;
  if (!elementId.startsWith(prefix)) return undefined;
  const rest = elementId.slice(prefix.length);
  const dash = rest.lastIndexOf('-');
  return dash > 0 && /^\d+$/.test(rest.slice(dash + 1)) ? rest.slice(0, dash) : undefined;
}
