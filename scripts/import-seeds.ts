/**
 * Regenerate content/notes, content/trees and content/glossary from the user's notebook seeds.
 *
 *   npx tsx scripts/import-seeds.ts [seedDir] [contentDir]
 *
 * Defaults: scripts/import/seeds (the seeds, kept in the repository) and ./content. Deterministic: the same seeds
 * give byte-identical files. The seeds are only read.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importNotebook } from './import/notebook.ts';
import { loadSeeds, SEED_DIR } from './import/seeds.ts';
import { writePages } from './import/write.ts';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const seedDir = resolve(process.argv[2] ?? SEED_DIR);
const contentDir = resolve(process.argv[3] ?? resolve(root, 'content'));

const seeds = loadSeeds(seedDir);
const pages = await importNotebook(seeds);
writePages(contentDir, pages);
const count = (c: string, pre = '') => pages.filter((p) => p.collection === c && p.path.startsWith(pre)).length;
console.log(
  `content/: ${count('notes')} notes (${count('notes', 'papers/')} papers), ${count('trees')} trees, ${count('glossary')} glossary terms; ` +
    `000 repaired: ${seeds.repair.linesRepaired} lines, ${seeds.repair.gaps} lost-byte gaps (${seeds.repair.fromReference} from 001's copy)`,
);
