import { defineCollection } from 'astro:content';
import { arborLoader } from './astro/loader.ts';
import { noteSchema, termSchema, treeSchema } from './core/content/schemas.ts';

export const collections = {
  notes: defineCollection({ loader: arborLoader('note'), schema: noteSchema }),
  trees: defineCollection({ loader: arborLoader('tree'), schema: treeSchema }),
  glossary: defineCollection({ loader: arborLoader('term'), schema: termSchema }),
};
