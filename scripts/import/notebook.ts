/** The whole import: seeds to pages, with diagram node links decided (async: mermaid parses each diagram). */
import { build, type Page } from './build.ts';
import { linkDiagramNodes } from './nodes.ts';
import { loadSeeds, type Seeds } from './seeds.ts';

export async function importNotebook(seeds: Seeds = loadSeeds()): Promise<Page[]> {
  const pages = build(seeds);
  await linkDiagramNodes(pages);
  return pages;
}
