/**
 * The Arbor integration: Astro's settings for an Arbor site, the site config as the small
 * `virtual:arbor/site` module, and, after the pages are written, the Pagefind index (and mermaid,
 * only for a site whose diagrams are left to the reader's browser). The content itself is read,
 * analysed, drawn and rendered by the content loaders (session.ts).
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import type { SiteConfig } from '../site.config.ts';
import { runPagefind } from './pagefind.ts';
import { SKIPPED_WITHOUT_URL } from '../core/publish.ts';

export const ARBOR_VERSION = '0.1.0';
const VIRTUAL_ID = 'virtual:arbor/site';

export default function arbor(site: SiteConfig): AstroIntegration {
  /** Where the last search index is kept, per content folder (runPagefind). */
  let searchCache: string | undefined;
  return {
    name: 'arbor',
    hooks: {
      'astro:config:setup': ({ updateConfig }) => {
        updateConfig({
          base: site.base,
          // The public origin, for Astro.site; sitemap, feed and canonical links use site.url.
          ...(site.url ? { site: site.url } : {}),
          trailingSlash: 'ignore',
          vite: {
            plugins: [
              {
                name: 'arbor-site',
                resolveId: (id: string) => (id === VIRTUAL_ID ? `\0${VIRTUAL_ID}` : undefined),
                load: (id: string) => (id === `\0${VIRTUAL_ID}` ? `export const site = ${JSON.stringify(site)};` : undefined),
              },
            ],
          },
        });
      },
      'astro:config:done': ({ config }) => {
        const root = fileURLToPath(config.root);
        searchCache = join(process.env.ARBOR_CACHE_DIR ? resolve(root, process.env.ARBOR_CACHE_DIR) : join(root, 'node_modules', '.cache', 'arbor'), 'pagefind', createHash('sha256').update(resolve(root, site.contentDir)).digest('hex').slice(0, 12));
      },
      'astro:build:done': async ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        if (!site.url) logger.info(SKIPPED_WITHOUT_URL);
        const { clientDiagrams } = await runPagefind(out, logger, site.base, searchCache);
        // Only a site with diagrams left to the browser ships mermaid, as one static file.
        if (clientDiagrams) {
          mkdirSync(join(out, '_arbor'), { recursive: true });
          copyFileSync(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js'), join(out, '_arbor', 'mermaid.min.js'));
        }
      },
    },
  };
}
