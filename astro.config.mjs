// @ts-check
import { defineConfig } from 'astro/config';
import arbor from './src/integration/index.ts';
import { resolveSiteConfig } from './src/site.config.ts';

// Site settings (title, base, content folder) live in src/site.config.ts.
const site = resolveSiteConfig();

export default defineConfig({
  base: site.base,
  trailingSlash: 'always',
  // scripts/build.ts builds into a temporary folder and swaps it in only on success.
  outDir: process.env.ARBOR_OUT_DIR ?? 'dist',
  build: { format: 'directory' },
  devToolbar: { enabled: false },
  integrations: [arbor(site)],
});
