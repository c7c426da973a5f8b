/**
 * Builds the Pagefind index as the last step of `astro build`, so nobody has to remember a
 * second command. Pages are indexed from the built HTML (their `data-pagefind-body`); each
 * glossary term is added as a record of its own that opens at its anchor.
 */
import type { AstroIntegrationLogger } from 'astro';
import * as pagefind from 'pagefind';
import type { KnowledgeGraph } from '../lib/graph/types.ts';

/** Pagefind URLs are site-relative; the search UI adds the base back. */
function stripBase(href: string, base: string): string {
  return base !== '/' && href.startsWith(base) ? `/${href.slice(base.length)}` : href;
}

export function termRecords(graph: KnowledgeGraph) {
  return graph.terms.map((t) => ({
    url: stripBase(t.href, graph.base),
    content: [t.term, ...t.aliases, t.short ?? '', t.definition].filter(Boolean).join('. '),
    language: 'en',
    meta: { title: `${t.emoji ? `${t.emoji} ` : ''}${t.term}`, kind: 'term', aliases: t.aliases.join(', ') },
    filters: { kind: ['term'], ...(t.tags.length ? { tag: t.tags } : {}) },
  }));
}

export async function runPagefind(outDir: string, logger: AstroIntegrationLogger, graph: KnowledgeGraph): Promise<void> {
  const started = performance.now();
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  try {
    const pages = await index.addDirectory({ path: outDir });
    if (pages.errors.length) throw new Error(`Pagefind: ${pages.errors.join('; ')}`);
    for (const record of termRecords(graph)) {
      const added = await index.addCustomRecord(record);
      if (added.errors.length) throw new Error(`Pagefind: ${added.errors.join('; ')}`);
    }
    const written = await index.writeFiles({ outputPath: `${outDir}/pagefind` });
    if (written.errors.length) throw new Error(`Pagefind: ${written.errors.join('; ')}`);
    logger.info(`search index: ${pages.page_count} pages + ${graph.terms.length} terms (${Math.round(performance.now() - started)} ms)`);
  } finally {
    await pagefind.close();
  }
}
