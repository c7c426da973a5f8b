/**
 * Astro content loader over Arbor's own loaded content. Entries are already validated and the
 * graph is built; this renders each entry through the configured Markdown processor and stores
 * it. The digest includes the graph fingerprint: a note's HTML depends on other notes (link
 * titles, term definitions), so an unchanged file must still re-render when those change.
 */
import { pathToFileURL } from 'node:url';
import type { Loader } from 'astro/loaders';
import { getBuildState } from './state.ts';
import type { SourceFile } from '../core/content/load.ts';

export function arborLoader(kind: 'note' | 'tree' | 'term'): Loader {
  return {
    name: `arbor-${kind}`,
    async load({ store, renderMarkdown, generateDigest, parseData }) {
      const { content, graph, fingerprint } = getBuildState();
      const sources: SourceFile[] = kind === 'note' ? content.notes : kind === 'tree' ? content.trees : content.terms;
      const keep = new Set<string>();
      const termSlugs = new Map(graph.terms.map((t) => [t.file, t.slug]));
      for (const src of sources) {
        const id = kind === 'term' ? termSlugs.get(src.file) : src.slug;
        if (!id) continue;
        keep.add(id);
        const digest = generateDigest(`${fingerprint}\n${src.text}`);
        if (store.get(id)?.digest === digest) continue;
        const data = await parseData({ id, data: { ...src.data }, filePath: src.file });
        const rendered = await renderMarkdown(src.text, { fileURL: pathToFileURL(src.absPath) });
        store.set({ id, data, body: src.body, filePath: src.file, digest, rendered });
      }
      for (const id of store.keys()) if (!keep.has(id)) store.delete(id);
    },
  };
}
