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

/** Bump when anything in the drawing code changes how an SVG comes out; it invalidates every cached drawing. */
export const RENDERER_VERSION = '2';
