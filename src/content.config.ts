import { defineCollection } from 'astro:content';
import { z } from 'zod';
import { arborLoaders } from './astro/loader.ts';
import { noteSchema, termSchema, treeSchema } from './core/content/schemas.ts';
import type { PageView, TermView } from './core/graph/views.ts';
import { resolveSiteConfig } from './site.config.ts';

const loaders = arborLoaders(resolveSiteConfig());
// Each entry is its frontmatter plus the view its page shows (src/core/graph/views.ts).
export const collections = {
  notes: defineCollection({ loader: loaders.note, schema: noteSchema.extend({ view: z.custom<PageView>() }) }),
  trees: defineCollection({ loader: loaders.tree, schema: treeSchema.extend({ view: z.custom<PageView>() }) }),
  glossary: defineCollection({ loader: loaders.term, schema: termSchema.extend({ view: z.custom<TermView>() }) }),
};
