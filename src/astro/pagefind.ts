/**
 * Builds the Pagefind index as the last step of `astro build`, so nobody has to remember a
 * second command. Pages are indexed from the built HTML (their `data-pagefind-body`); each
 * glossary term is added as a record of its own that opens at its anchor, from the glossary's
 * data file (`glossary/terms.json`, src/pages/glossary/terms.json.ts).
 *
 * Identical content gives an identical bundle: pages and records go in in a sorted order (a
 * page's number in the index is the order it was added, and a directory walk follows the file
 * system's order), and the filter files, which Pagefind writes in a random order, are sorted
 * before they are written (pagefind-stable.ts).
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import type { AstroIntegrationLogger } from 'astro';
import * as pagefind from 'pagefind';
import type { GlossaryRecord } from '../core/graph/views.ts';
import { byString, stabilizePagefindFiles } from './pagefind-stable.ts';

/** Pagefind URLs are site-relative; the search UI adds the base back. */
function stripBase(href: string, base: string): string {
  return base !== '/' && href.startsWith(base) ? `/${href.slice(base.length)}` : href;
}

/** Every HTML file of the built site, sorted, with the URL Pagefind would give it (`a/index.html` → `/a/`). */
export function htmlPages(outDir: string): { file: string; url: string }[] {
  return readdirSync(outDir, { recursive: true, encoding: 'utf8' })
    .map((f) => f.split(sep).join('/'))
    .filter((f) => f.endsWith('.html') && !f.startsWith('pagefind/'))
    .sort(byString)
    .map((file) => ({ file, url: `/${file === 'index.html' ? '' : file.replace(/\/index\.html$/, '/')}` }));
}

export const GLOSSARY_DATA = 'glossary/terms.json';

export function termRecords(terms: GlossaryRecord[], base: string) {
  return terms.map((t) => ({
    url: stripBase(t.href, base),
    // Joined as sentences, without doubling a full stop the text already ends with.
    content: [t.term, ...t.aliases, t.short ?? '', t.definition]
      .map((x) => x.trim())
      .filter(Boolean)
      .reduce((text, x) => (text ? `${text}${/[.!?:;]$/.test(text) ? '' : '.'} ${x}` : x), ''),
    language: 'en',
    meta: { title: `${t.emoji ? `${t.emoji} ` : ''}${t.term}`, kind: 'term', aliases: t.aliases.join(', ') },
    filters: { kind: ['term'], ...(t.tags.length ? { tag: t.tags } : {}) },
  }));
}

/**
 * Hidden elements are not text a reader sees, so not excerpt text either; the filters they carry
 * (Base.astro's `kind`) still count, as Pagefind keeps the filters of excluded elements.
 */
const INDEX_OPTIONS = { forceLanguage: 'en', excludeSelectors: ['[hidden]'] };

// Its package.json is not in its exports: read it beside the module (`lib/index.js`).
const PAGEFIND_VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.resolve('pagefind')), 'utf8')) as { version: string }).version;

/**
 * Indexes the built site; tells whether any page has a diagram for the reader's browser to draw.
 * The index is a function of the pages and terms: a build whose HTML is byte for byte the last
 * one's (a rebuild with nothing changed) copies the bundle kept in `cacheDir` instead.
 */
export async function runPagefind(outDir: string, logger: AstroIntegrationLogger, base: string, cacheDir?: string): Promise<{ clientDiagrams: boolean }> {
  const started = performance.now();
  const pages = htmlPages(outDir).map((p) => ({ ...p, content: readFileSync(join(outDir, p.file), 'utf8') }));
  const clientDiagrams = pages.some((p) => p.content.includes('data-needs-client'));
  let terms: GlossaryRecord[] = [];
  try {
    terms = JSON.parse(readFileSync(join(outDir, GLOSSARY_DATA), 'utf8')) as GlossaryRecord[];
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const digest = createHash('sha256').update(`${PAGEFIND_VERSION}\0${JSON.stringify(INDEX_OPTIONS)}\0${base}\0${JSON.stringify(terms)}`);
  for (const p of pages) digest.update(`\0${p.url}\0${p.content}`);
  const kept = cacheDir && join(cacheDir, digest.digest('hex').slice(0, 24));
  const bundle = join(outDir, 'pagefind');
  if (kept && existsSync(join(kept, 'pagefind-entry.json'))) {
    cpSync(kept, bundle, { recursive: true });
    logger.info(`search index: ${pages.length} pages + ${terms.length} terms, unchanged, from the cache (${Math.round(performance.now() - started)} ms)`);
    return { clientDiagrams };
  }
  const { index, errors } = await pagefind.createIndex(INDEX_OPTIONS);
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  try {
    const failed: string[] = [];
    // One at a time, in order: the order pages are added is their order in the index.
    for (const page of pages) {
      const added = await index.addHTMLFile({ url: page.url, content: page.content });
      failed.push(...added.errors.map((e) => `${page.file}: ${e}`));
    }
    if (failed.length) throw new Error(`Pagefind: ${failed.join('; ')}`);
    for (const record of termRecords(terms, base).sort((a, b) => byString(a.url, b.url))) {
      const added = await index.addCustomRecord(record);
      if (added.errors.length) throw new Error(`Pagefind: ${added.errors.join('; ')}`);
    }
    // In memory, then written here: Pagefind's writeFiles() can answer before its writes reach
    // the disk, and close() then leaves truncated files (Pagefind issue #1271).
    const got = await index.getFiles();
    if (got.errors.length) throw new Error(`Pagefind: ${got.errors.join('; ')}`);
    const files = new Map(got.files.map((f) => [f.path, f.content]));
    for (const problem of stabilizePagefindFiles(files)) logger.warn(`search index left as Pagefind wrote it, so builds may differ in it: ${problem}`);
    for (const [path, content] of [...files].sort(([a], [b]) => byString(a, b))) {
      mkdirSync(dirname(join(bundle, path)), { recursive: true });
      writeFileSync(join(bundle, path), content);
    }
    if (kept && cacheDir) {
      // Copied in whole, then renamed, so a kill leaves no half of one; older bundles go, but not one
      // another build may be copying this minute.
      mkdirSync(cacheDir, { recursive: true });
      cpSync(bundle, `${kept}.${process.pid}`, { recursive: true });
      rmSync(kept, { recursive: true, force: true });
      renameSync(`${kept}.${process.pid}`, kept);
      for (const old of readdirSync(cacheDir)) {
        const path = join(cacheDir, old);
        if (path !== kept && Date.now() - statSync(path).mtimeMs > 60_000) rmSync(path, { recursive: true, force: true });
      }
    }
    logger.info(`search index: ${pages.length} pages + ${terms.length} terms (${Math.round(performance.now() - started)} ms)`);
    return { clientDiagrams };
  } finally {
    await pagefind.close();
  }
}
