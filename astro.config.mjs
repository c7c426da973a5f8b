// @ts-check
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { defineConfig } from 'astro/config';
import arbor from './src/astro/integration.ts';
import { resolveSiteConfig } from './src/site.config.ts';

// Site settings (title, base, content folder) live in src/site.config.ts.
const site = resolveSiteConfig();
// One Astro cache (content data store, Vite deps) per content folder and base: builds of two
// knowledge bases from one checkout neither clobber nor invalidate each other's cache.
const cacheKey = createHash('sha256').update(`${resolve(site.contentDir)}\n${site.base}`).digest('hex').slice(0, 12);

export default defineConfig({
  base: site.base,
  trailingSlash: 'ignore',
  // scripts/build.ts builds into a temporary folder and swaps it in only on success.
  outDir: process.env.ARBOR_OUT_DIR ?? 'dist',
  cacheDir: `./node_modules/.astro/${cacheKey}`,
  build: { format: 'directory' },
  devToolbar: { enabled: false },
  integrations: [arbor(site)],
});
