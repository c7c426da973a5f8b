/**
 * Dev-loop latency: how long after an author saves a note `astro dev` serves the new text.
 *
 *   npx tsx bench/dev-latency.ts                    # the test fixture (tests/fixtures/site/content)
 *   npx tsx bench/dev-latency.ts --notes 1000       # a generated corpus (bench/generate.ts)
 *   npx tsx bench/dev-latency.ts --content content  # a copy of any content folder (the notebook)
 *   npx tsx bench/dev-latency.ts --edits 10 --timeout 30 --seed 2 --keep --echo
 *
 * The content folder is a fresh copy under os.tmpdir(), outside the project, as an author's
 * notebook usually is. Each edit replaces a marker sentence at the end of one note's body; the
 * time runs from the file write until an HTTP GET of the note's page (polled every ~25 ms)
 * contains the new marker and not the previous one. Prints each latency, the median and the max
 * against the 1 s budget; exits 1 if an edit was never served within --timeout seconds.
 * Arbor's caches go to node_modules/.cache/arbor-dev-latency (ARBOR_CACHE_DIR): under node_modules,
 * like the default cache, where Vite's watcher does not look (in bench/out it saw every write).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateCorpus } from './generate.ts';
import { copyContent, get, pollUntil, projectRoot, removeContent, sleep, startDevServer, type DevServer } from '../tests/helpers/dev-server.ts';
import { slugFromPath } from '../src/core/paths.ts';

const BUDGET_MS = 1_000;
const { values: opts } = parseArgs({
  options: {
    notes: { type: 'string' },
    content: { type: 'string' },
    seed: { type: 'string', default: '1' },
    edits: { type: 'string', default: '5' },
    timeout: { type: 'string', default: '20' },
    keep: { type: 'boolean', default: false },
    echo: { type: 'boolean', default: false },
  },
});
const edits = Number(opts.edits);
const timeoutMs = Number(opts.timeout) * 1000;
if (!Number.isInteger(edits) || edits < 1) throw new Error('--edits must be an integer >= 1');
if (!(timeoutMs > 0)) throw new Error('--timeout must be a number of seconds');

let contentDir: string;
let label: string;
if (opts.notes !== undefined) {
  const notes = Number(opts.notes);
  if (!Number.isInteger(notes) || notes < 10) throw new Error('--notes must be an integer >= 10');
  contentDir = join(mkdtempSync(join(tmpdir(), 'arbor-dev-')), 'content');
  const stats = generateCorpus({ seed: Number(opts.seed), notes, outDir: contentDir });
  label = `generated corpus (seed ${stats.seed}: ${stats.pages} pages, ${stats.terms} terms, ${stats.diagrams} diagrams)`;
} else if (opts.content !== undefined) {
  const from = resolve(opts.content);
  if (!existsSync(join(from, 'notes'))) throw new Error(`--content ${opts.content}: no notes/ folder in ${from}`);
  contentDir = copyContent(from);
  label = `copy of ${relative(projectRoot, from) || from}`;
} else {
  contentDir = copyContent();
  label = 'test fixture';
}

// The note to edit: the first Markdown file under notes/ in path order (deterministic per corpus).
const noteFiles = readdirSync(join(contentDir, 'notes'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.md'))
  .sort();
if (!noteFiles.length) throw new Error(`no notes in ${contentDir}/notes`);
const noteFile = join(contentDir, 'notes', noteFiles[0]!);
const original = readFileSync(noteFile, 'utf8').replace(/\s*$/, '\n');
const pagePath = `topics/${slugFromPath(noteFiles[0]!)}/`;

console.log(`content: ${label} in ${contentDir}`);
let dev: DevServer | undefined;
const latencies: (number | undefined)[] = [];
try {
  dev = await startDevServer({ contentDir, base: '/', echo: opts.echo, env: { ARBOR_CACHE_DIR: join(projectRoot, 'node_modules', '.cache', 'arbor-dev-latency') } });
  console.log(`astro dev (pid ${dev.pid}) served ${dev.url} after ${(dev.startMs / 1000).toFixed(1)} s`);
  const first = await get(dev.url + pagePath);
  if (first.status !== 200) throw new Error(`${dev.url + pagePath} answered ${first.status}, not 200`);
  console.log(`editing ${relative(contentDir, noteFile)} → ${dev.url + pagePath}, ${edits} time(s)`);

  let previous: string | undefined;
  for (let i = 1; i <= edits; i++) {
    const marker = `Dev latency probe ${i} ${Math.random().toString(36).slice(2, 10)}.`;
    const since = dev.lines.length;
    const t0 = performance.now();
    writeFileSync(noteFile, `${original}\n${marker}\n`);
    const ms = await pollUntil(
      async () => {
        const { text } = await get(dev!.url + pagePath);
        return text.includes(marker) && (previous === undefined || !text.includes(previous));
      },
      { timeoutMs, intervalMs: 25, from: t0 },
    );
    latencies.push(ms);
    console.log(`  edit ${i}: ${ms === undefined ? `not served within ${timeoutMs / 1000} s` : `${ms} ms`}`);
    // What the server said it did for this edit (its content and diagram summaries, with their times).
    for (const l of dev.lines.slice(since)) if (/\] (content|diagrams): |ERROR/.test(l.text)) console.log(`    +${Math.round(l.t - t0)} ms ${l.text}`);
    previous = marker;
    // Let the watcher settle, so that the next write is a separate change rather than a burst.
    await sleep(300);
  }
  const restarts = dev.lines.filter((l) => /Restarting\.\.\.|server restarted/.test(l.text));
  if (restarts.length) console.log(`the server restarted ${restarts.length} time(s):\n  ${restarts.map((l) => l.text).join('\n  ')}`);
} finally {
  await dev?.stop();
  if (!opts.keep) removeContent(contentDir);
  else console.log(`kept ${contentDir}`);
}

const seen = latencies.filter((x): x is number => x !== undefined).sort((a, b) => a - b);
const missed = latencies.length - seen.length;
if (seen.length) {
  const mid = seen.length >> 1;
  const median = seen.length % 2 ? seen[mid]! : Math.round((seen[mid - 1]! + seen[mid]!) / 2);
  const max = seen[seen.length - 1]!;
  console.log(`median ${median} ms, max ${max} ms over ${seen.length} edit(s) (budget ${BUDGET_MS} ms: ${max <= BUDGET_MS ? 'every edit within' : median <= BUDGET_MS ? 'median within, max over' : 'over'})`);
}
if (missed) {
  console.log(`${missed} of ${latencies.length} edit(s) never served`);
  process.exitCode = 1;
}
