/**
 * Where a diagram's figure goes in a rendered body: page.ts leaves a marker, the session puts the
 * figure there once the drawing is done. Apart from page.ts so that the build's main thread, which
 * only fills markers, does not load the Markdown renderer (unified, KaTeX, Shiki) the workers use.
 */

/** What stands where a diagram's figure goes, until the drawing is done. Author HTML cannot produce it: comments are sanitized away. */
export const diagramMarker = (key: string) => `<!--arbor-diagram:${encodeURIComponent(key)}-->`;
export const DIAGRAM_MARKER = /<!--arbor-diagram:([^>]*?)-->/g;

/** Puts each diagram's figure where page.ts left its marker. */
export function fillDiagrams(html: string, figureOf: (key: string) => string | undefined): string {
  return html.replace(DIAGRAM_MARKER, (_m, key: string) => figureOf(decodeURIComponent(key)) ?? '');
}
