/**
 * sitemap.xml and rss.xml, written only when the site config has a `url`: both need absolute URLs
 * (the build says what it skipped otherwise, src/astro/integration.ts). The data comes from
 * src/core/publish.ts.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import rss from '@astrojs/rss';
import { site } from 'virtual:arbor/site';
import { allPages, allTerms } from '../astro/listing.ts';
import { readHtml } from '../astro/html-store.ts';
import { FEED_FILE, SITEMAP_FILE, absoluteUrl, feedItems, sitemapHrefs, sitemapXml } from '../core/publish.ts';

const stem = (file: string) => file.replace(/\.xml$/, '');

export const getStaticPaths = (() => (site.url ? [SITEMAP_FILE, FEED_FILE].map((f) => ({ params: { publish: stem(f) } })) : [])) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const siteUrl = site.url!;
  if (params.publish === stem(SITEMAP_FILE)) {
    const body = sitemapXml(siteUrl, sitemapHrefs(site.base, await allPages(), await allTerms()));
    return new Response(body, { headers: { 'Content-Type': 'application/xml; charset=utf-8' } });
  }
  const entries = [...(await getCollection('notes')), ...(await getCollection('trees'))];
  return rss({
    title: site.title,
    description: site.description || site.title,
    site: absoluteUrl(siteUrl, site.base),
    // An item's description is its summary, else the first paragraph of its HTML: read only then.
    items: feedItems(
      siteUrl,
      await Promise.all(entries.map(async ({ data: { view, html }, collection, filePath, id }) => ({ view, ...(view.summary || view.description ? {} : { html: await readHtml(html, `${collection} ${filePath ?? id}`) }) }))),
    ),
  });
};
