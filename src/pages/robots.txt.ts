/** robots.txt: everything allowed, naming the sitemap when the site has a `url` (src/core/publish.ts). */
import type { APIRoute } from 'astro';
import { site } from 'virtual:arbor/site';
import { robotsTxt } from '../core/publish.ts';

export const GET: APIRoute = () => new Response(robotsTxt(site.url, site.base), { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
