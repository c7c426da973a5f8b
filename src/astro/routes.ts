/** The routes of topic and tree pages: one per entry, plus one redirect per alias URL. */
import { getCollection, type CollectionEntry } from 'astro:content';
import { graph } from 'virtual:arbor/graph';
import type { GraphRedirect } from '../core/graph/types.ts';

export type PageRouteProps =
  | { entry: CollectionEntry<'notes'> | CollectionEntry<'trees'>; redirect?: undefined }
  | { entry?: undefined; redirect: GraphRedirect };

export async function pageRoutes(kind: 'note' | 'tree') {
  const entries = await getCollection(kind === 'note' ? 'notes' : 'trees');
  return [
    ...entries.map((entry) => ({ params: { slug: entry.id }, props: { entry } as PageRouteProps })),
    ...graph.redirects.filter((r) => r.kind === kind).map((redirect) => ({ params: { slug: redirect.slug }, props: { redirect } as PageRouteProps })),
  ];
}
