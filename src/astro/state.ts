/**
 * What one build computed before Astro renders anything. The integration creates it; the
 * content loader reads it. They run in different module graphs (the config is loaded by
 * Node, content.config.ts by Vite's module runner), so the hand-off goes through a
 * process-wide symbol instead of a module-level variable.
 */
import type { LoadedContent } from '../core/content/load.ts';
import type { KnowledgeGraph } from '../core/graph/types.ts';

export interface BuildState {
  content: LoadedContent;
  graph: KnowledgeGraph;
  /** Changes whenever anything that one page's rendering may depend on changes. */
  fingerprint: string;
  /** Keys of diagrams no browser could draw at build; the reader's browser draws them. */
  clientDiagrams: string[];
}

const KEY = Symbol.for('arbor.build-state');

export function setBuildState(state: BuildState): void {
  (globalThis as Record<symbol, unknown>)[KEY] = state;
}

export function getBuildState(): BuildState {
  const state = (globalThis as Record<symbol, unknown>)[KEY] as BuildState | undefined;
  if (!state) throw new Error('Arbor: content was loaded before the Arbor integration ran; is arbor() in astro.config.mjs integrations?');
  return state;
}
