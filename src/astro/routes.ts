/** The routes of topic and tree pages: one per entry, plus one redirect per alias URL. */
import { getCollection, type CollectionEntry } from 'astro:content';

export type PageRouteProps =
  | { entry: CollectionEntry<'notes'> | CollectionEntry<'trees'>; redirect?: undefined }
  | { entry?: undefined; redirect: { to: string; title: string } };

export async function pageRoutes(kind: 'note' | 'tree') {
  const entries = await getCollection(kind === 'note' ? 'notes' : 'trees');
  return [
    ...entries.map((entry) => ({ params: { slug: entry.id }, props: { entry } as PageRouteProps })),
    ...entries.flatMap(({ data: { view } }) => view.redirects.map((slug) => ({ params: { slug }, props: { redirect: { to: view.href, title: view.title } } as PageRouteProps }))),
  ];
}
