/**
 * Versions that shape a drawing or a parse, for cache keys. Only `node:` imports, so the graph
 * can key its cached models without loading the browser side of diagram drawing.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** mermaid's package.json; its folder holds the browser bundle the drawing page loads. */
export const MERMAID_PACKAGE_JSON = require.resolve('mermaid/package.json');
export const MERMAID_VERSION: string = JSON.parse(readFileSync(MERMAID_PACKAGE_JSON, 'utf8')).version;

/**
 * @mermaid-js/layout-elk's package.json; its `dist/` is the ELK layout the drawing page registers
 * in place of the copy inside mermaid's bundle, because only the package's layout takes ELK's own
 * options (spacing: see drawing-page.ts).
 */
export const LAYOUT_ELK_PACKAGE_JSON = require.resolve('@mermaid-js/layout-elk/package.json');
export const LAYOUT_ELK_VERSION: string = JSON.parse(readFileSync(LAYOUT_ELK_PACKAGE_JSON, 'utf8')).version;

/**
 * Bump when anything in the drawing code changes how an SVG comes out; it invalidates every cached
 * drawing. The ELK layout's version is part of it: another ELK places nodes differently.
 */
export const RENDERER_VERSION = `3+layout-elk@${LAYOUT_ELK_VERSION}`;
