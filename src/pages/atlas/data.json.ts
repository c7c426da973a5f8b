/**
 * The atlas's data (src/core/atlas.ts): every tree merged into one map of concepts, with positions.
 * Built once per build by the session; fetched only by the atlas page.
 */
import type { APIRoute } from 'astro';
import { getEntry } from 'astro:content';

export const GET: APIRoute = async () => {
  const entry = await getEntry('atlas', 'atlas');
  return new Response(entry?.data.json ?? 'null', { headers: { 'content-type': 'application/json' } });
};
