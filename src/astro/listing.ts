/** What the index pages list, from the content entries' views (never the whole graph). */
import { getCollection } from 'astro:content';
import type { PageView, TermView } from '../core/graph/views.ts';

const byTitle = (a: { title: string }, b: { title: string }) => a.title.localeCompare(b.title);

export async function allPages(): Promise<PageView[]> {
  const [notes, trees] = await Promise.all([getCollection('notes'), getCollection('trees')]);
  return [...trees, ...notes].map((e) => e.data.view).sort(byTitle);
}

/** Terms A–Z by name, ignoring case. */
export async function allTerms(): Promise<TermView[]> {
  return (await getCollection('glossary')).map((e) => e.data.view).sort((a, b) => a.term.localeCompare(b.term, 'en', { sensitivity: 'base' }));
}

