// @ts-check
/**
 * The project's own Astro config with one change for the benchmark: Astro's cache (the content
 * layer's data-store.json) goes to ARBOR_BENCH_CACHE instead of node_modules/.astro, so a cold
 * benchmark build can clear it without touching anyone else's builds (tests build fixture sites
 * from the same checkout at the same time), and a warm build finds exactly what the cold one left.
 * (Arbor's own caches, diagram drawings and models, follow ARBOR_CACHE_DIR, which run.ts sets.)
 */
import config from '../astro.config.mjs';

export default process.env.ARBOR_BENCH_CACHE ? { ...config, cacheDir: process.env.ARBOR_BENCH_CACHE } : config;
