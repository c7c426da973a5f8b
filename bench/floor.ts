/**
 * `npm run bench -- --floor`: the part of a cold build that no Arbor build can skip, timed step by
 * step on its own: mermaid drawing every diagram of the corpus in Chromium (as the build draws
 * them: the analysis' sources with their layouts, into an empty cache, in the build's tabs), and
 * Pagefind indexing the built site. Neither overlaps anything here, so their sum is a lower bound
 * for a cold build on this machine even if Markdown rendering and page generation cost nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as pagefind from 'pagefind';
import { loadContent } from '../src/core/content/load.ts';
import { buildGraph } from '../src/core/graph/build.ts';
import { diagramKey } from '../src/core/diagrams/cache.ts';
import { defaultConcurrency, renderDiagrams } from '../src/core/diagrams/draw.ts';
import { ProblemList } from '../src/core/problems.ts';

export interface Floor {
  diagrams: number;
  tabs: number;
  drawSeconds: number;
  pages: number;
  pagefindSeconds: number;
}

export async function floorOf(corpusDir: string, dist: string, scratch: string): Promise<Floor> {
  rmSync(scratch, { recursive: true, force: true });
  const problems = new ProblemList();
  const { graph } = await buildGraph(loadContent(resolve(import.meta.dirname, '..'), corpusDir, problems), { base: '/', brokenLinks: 'warn', cacheDir: join(scratch, 'models') }, problems);
  const jobs = [...new Map(graph.diagrams.filter((d) => d.type !== 'unknown').map((d) => [diagramKey(d.drawn ?? d.source), d.drawn ?? d.source])).entries()].map(([key, source]) => ({ key, source }));
  let t = performance.now();
  const drawn = await renderDiagrams(jobs, { cacheDir: join(scratch, 'diagrams') });
  const drawSeconds = (performance.now() - t) / 1000;
  if (drawn.drawn !== jobs.length) throw new Error(`floor: drew ${drawn.drawn} of ${jobs.length} diagrams (${drawn.browserError ?? drawn.failed.map((f) => f.message).join('; ')})`);
  const output = mkdtempSync(join(scratch, 'pagefind-'));
  t = performance.now();
  const { index } = await pagefind.createIndex({});
  if (!index) throw new Error('floor: Pagefind did not start');
  const added = await index.addDirectory({ path: dist, glob: '**/*.html' });
  await index.writeFiles({ outputPath: output });
  await pagefind.close();
  const pagefindSeconds = (performance.now() - t) / 1000;
  rmSync(scratch, { recursive: true, force: true });
  return { diagrams: jobs.length, tabs: defaultConcurrency(jobs.length), drawSeconds, pages: added.page_count, pagefindSeconds };
}
