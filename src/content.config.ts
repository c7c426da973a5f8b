import { defineCollection } from 'astro:content';
import { z } from 'zod';
import { arborLoaders } from './astro/loader.ts';
import type { PageView, TermView } from './core/graph/views.ts';
import { resolveSiteConfig } from './site.config.ts';

const loaders = arborLoaders(resolveSiteConfig());
// Each entry is the view its page shows (src/core/graph/views.ts) and the path of its rendered
// HTML in Arbor's cache (read by the page: src/astro/html-store.ts); the frontmatter was checked
// against src/core/content/schemas.ts when the file was read.
const page = z.object({ view: z.custom<PageView>(), html: z.string() });
export const collections = {
  notes: defineCollection({ loader: loaders.note, schema: page }),
  trees: defineCollection({ loader: loaders.tree, schema: page }),
  glossary: defineCollection({ loader: loaders.term, schema: z.object({ view: z.custom<TermView>(), html: z.string() }) }),
  // The link-preview images of the build (src/core/diagrams/preview.ts): each PNG's path in the cache.
  previews: defineCollection({ loader: loaders.preview, schema: z.object({ file: z.string() }) }),
  // The atlas's data (src/core/atlas.ts) as JSON: one entry, served only by /atlas/data.json.
  atlas: defineCollection({ loader: loaders.atlas, schema: z.object({ json: z.string() }) }),
};
