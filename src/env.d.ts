/// <reference types="astro/client" />

declare module 'virtual:arbor/graph' {
  export const graph: import('./core/graph/types.ts').KnowledgeGraph;
  export const site: import('./site.config.ts').SiteConfig;
  /** Keys of diagrams that could not be drawn at build and are drawn in the browser. */
  export const clientDiagrams: string[];
}
