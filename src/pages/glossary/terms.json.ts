/**
 * The glossary as data: one record per term (name, aliases, short definition, tags). Pagefind
 * indexes each as a search result of its own; browser features can fetch it when they need it.
 */
import type { APIRoute } from 'astro';
import { getCollection } from 'astro:content';
import type { GlossaryRecord } from '../../core/graph/views.ts';

export const GET: APIRoute = async () => {
  const terms = (await getCollection('glossary')).map(({ data: { view: t } }) => ({
    term: t.term,
    aliases: t.aliases,
    ...(t.emoji ? { emoji: t.emoji } : {}),
    ...(t.short ? { short: t.short } : {}),
    definition: t.definition,
    tags: t.tags,
    href: t.href,
  })) satisfies GlossaryRecord[];
  return new Response(JSON.stringify(terms), { headers: { 'content-type': 'application/json' } });
};
