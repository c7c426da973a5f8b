/**
 * `npm run bench -- --notes 1000 [--seed 1] [--repeat 1] [--keep] [--profile] [--no-record] [--no-browser] [--no-quartz] [--publish]`
 *
 * `--publish` builds as a published site (a site URL: sitemap, feed, and a link-preview image per
 * note and tree, whose cost the `previews:` row reports).
 *
 * 1. Fail fast: a small corpus from the same generator must load with zero problems
 *    (`loadContent` + `buildGraph`, errors and warnings), and Quartz must build its adapted copy
 *    (this installs Quartz on first use, untimed).
 * 2. Generates `bench/out/corpus-N` and builds it with the real build (`node --import tsx
 *    scripts/build.ts`, ARBOR_CONTENT/ARBOR_DIST) cold, then warm (nothing changed).
 *    Cold = no Astro content cache, no Arbor cache (diagram drawings and parsed models), no dist;
 *    warm keeps them. The caches live in `bench/out/astro-cache-N` (bench/astro.config.mjs) and
 *    `bench/out/arbor-cache-N` (ARBOR_CACHE_DIR) rather than the shared node_modules/.astro and
 *    node_modules/.cache/arbor, so concurrent test builds neither spoil the warm build nor get
 *    their caches wiped. `--repeat k` keeps the fastest of k cold and k warm builds.
 *    After each Arbor cold build, Quartz 4.5.1 builds the same corpus (`bench/out/quartz-corpus-N`,
 *    a copy adapted as bench/quartz.ts explains) with ../shared/peers/quartz.sh, measured the same
 *    way: A Q A Q …, then the warm Arbor builds. `--no-quartz` skips Quartz.
 * 3. Measures wall time, CPU time (all processes, sampled from /proc), peak RSS of the whole build process tree (node,
 *    astro, Chromium, Pagefind; /proc sampled every 200 ms, summed), phases (from the build log,
 *    timestamped as lines arrive), `dist/` and `dist/pagefind` sizes, and page weights
 *    (bench/weights.ts) of a typical topic page and a tree page and of the heaviest page of each
 *    kind (topic, tree, glossary, home, index pages), cross-checked in Chromium.
 * 4. Checks the budgets, prints one table, and records it in bench/results.json + bench/RESULTS.md.
 *    `--profile` adds a third, CPU-profiled cold build and prints where its time goes.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { generateCorpus, type CorpusStats } from './generate.ts';
import { prepareQuartzCorpus, QUARTZ_MARKS, QUARTZ_VERSION, quartzInstalled, quartzScript, type QuartzCorpusStats } from './quartz.ts';
import { SiteWeights, type PageWeight } from './weights.ts';
import { summarise } from './profile-summary.ts';
import { floorOf, type Floor } from './floor.ts';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'bench', 'out');
const KB = 1024;
const MB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// arguments

interface Args {
  notes: number;
  seed: number;
  keep: boolean;
  profile: boolean;
  record: boolean;
  browser: boolean;
  repeat: number;
  quartz: boolean;
  publish: boolean;
  floor: boolean;
}

function parseArgs(argv: string[]): Args {
  const value = (name: string, fallback: string) => {
    const i = argv.indexOf(`--${name}`);
    const eq = argv.find((a) => a.startsWith(`--${name}=`));
    return eq ? eq.split('=')[1]! : i === -1 ? fallback : argv[i + 1] ?? fallback;
  };
  const notes = Number(value('notes', '1000'));
  const seed = Number(value('seed', '1'));
  if (!Number.isInteger(notes) || notes < 10) throw new Error('--notes must be an integer >= 10');
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  const repeat = Math.max(1, Number(value('repeat', '1')) || 1);
  const record = !argv.includes('--no-record');
  return { repeat, notes, seed, keep: argv.includes('--keep'), profile: argv.includes('--profile'), record, browser: !argv.includes('--no-browser'), quartz: !argv.includes('--no-quartz'), publish: argv.includes('--publish'), floor: argv.includes('--floor') };
}

// ---------------------------------------------------------------------------------------------
// 1. fail fast on the generator

async function checkGenerator(seed: number): Promise<void> {
  const started = performance.now();
  const dir = join(out, 'corpus-check');
  generateCorpus({ seed, notes: 60, outDir: dir });
  const { loadContent } = await import('../src/core/content/load.ts');
  const { buildGraph } = await import('../src/core/graph/build.ts');
  const { ProblemList, formatProblem } = await import('../src/core/problems.ts');
  const problems = new ProblemList();
  const content = loadContent(root, dir, problems);
  const { graph } = await buildGraph(content, { base: '/', brokenLinks: 'error' }, problems);
  const found = problems.sorted();
  if (found.length) {
    for (const p of found.slice(0, 20)) console.error(formatProblem(p));
    throw new Error(`the generated corpus has ${found.length} problem(s); fix bench/generate.ts`);
  }
  if (!graph.diagrams.length || !graph.terms.length) throw new Error('the generated check corpus has no diagrams or terms');
  rmSync(dir, { recursive: true, force: true });
  console.log(`generator check: 60-note corpus loads with 0 problems (${graph.pages.length} pages, ${graph.terms.length} terms, ${graph.diagrams.length} diagrams, ${graph.links.length} links; ${ms(performance.now() - started)})`);
}

/** Quartz builds the adapted 60-note check corpus (and is installed first if it is not yet). */
async function checkQuartz(seed: number): Promise<void> {
  const script = quartzScript(root);
  if (!existsSync(script)) throw new Error(`no ${script} (set ARBOR_QUARTZ_SH, or run with --no-quartz)`);
  const started = performance.now();
  const installing = !quartzInstalled();
  if (installing) console.log('quartz check: installing Quartz first (npm ci, about a minute)…');
  const dir = join(out, 'corpus-check');
  const copy = join(out, 'quartz-corpus-check');
  const dist = join(out, 'quartz-dist-check');
  generateCorpus({ seed, notes: 60, outDir: dir });
  const adapted = prepareQuartzCorpus(dir, copy);
  const run = await quartzBuild('quartz-check', copy, dist);
  for (const d of [dir, copy, dist]) rmSync(d, { recursive: true, force: true });
  console.log(`quartz check: Quartz ${QUARTZ_VERSION} builds the adapted 60-note corpus (${adapted.files} files, ${adapted.rewritten} links rewritten, ${adapted.unresolved} unresolved; ${run.emitted ?? '?'} files emitted; ${ms(performance.now() - started)}${installing ? ' with the install' : ''})`);
}

// ---------------------------------------------------------------------------------------------
// 2./3. one build, measured

interface Phase {
  name: string;
  seconds: number;
  /** Peak summed RSS of the process tree during the phase (bytes). */
  peakRss?: number;
}
/** What is measured of every build, Arbor's or Quartz's. */
interface Measured {
  wall: number;
  user?: number;
  sys?: number;
  /** CPU seconds (user + sys) of every process of the build, Chromium included (sampled). */
  treeCpu: number;
  /** Largest single process (kernel's max RSS, /usr/bin/time). */
  maxProcessRss?: number;
  /** Peak of the summed RSS of the build's process tree (sampled). */
  peakTreeRss: number;
  peakProcesses: number;
  loadBefore: number;
  loadAfter: number;
}
interface RunOutput extends Measured {
  lines: { t: number; text: string }[];
  samples: { t: number; rss: number }[];
  log: string;
}
interface BuildRun extends Measured {
  phases: Phase[];
  diagramsLine?: string;
  /** The preview images line (`--publish` only). */
  previewsLine?: string;
  /** The largest modules of Astro's server build (`.prerender/`, deleted after the build), bytes. */
  serverChunks: { file: string; bytes: number }[];
  log: string;
}

/** Sum of RSS over `pid` and its descendants, from /proc. */
function treeRss(pid: number, cpuTicks?: Map<number, number>): { rss: number; count: number } {
  const procs = new Map<number, { ppid: number; rss: number; ticks: number }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(d), { ppid: Number(rest[1]), rss: Number(rest[21]) * 4096, ticks: Number(rest[11]) + Number(rest[12]) });
    } catch {
      // gone meanwhile
    }
  }
  const children = new Map<number, number[]>();
  for (const [p, { ppid }] of procs) {
    const list = children.get(ppid) ?? [];
    list.push(p);
    children.set(ppid, list);
  }
  let rss = 0;
  let count = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    const info = procs.get(p);
    if (info) {
      rss += info.rss;
      count++;
      // utime + stime so far; the last sample of each process is (almost) its total.
      if (cpuTicks && info.ticks > (cpuTicks.get(p) ?? 0)) cpuTicks.set(p, info.ticks);
    }
    stack.push(...(children.get(p) ?? []));
  }
  return { rss, count };
}

/** Build-log lines that end a phase, in order, with the name of the phase they end. */
const MARKS: [RegExp, string][] = [
  [/\[arbor[\w-]*\] content: /, 'arbor setup: load, graph, draw diagrams'],
  [/\[content\] Synced content/, 'content layer: render Markdown'],
  [/Building static entrypoints/, 'types, build info'],
  [/generating static routes/, 'vite bundle'],
  [/✓ Completed in/, 'page generation'],
  [/\[arbor[\w-]*\] search index: /, 'pagefind'],
  [/\[build\] Complete!/, 'astro wrap-up'],
  [/Site written to/, 'swap into dist'],
];

function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'VITEST', 'NODE_ENV', 'TEST']) delete env[key];
  return env;
}

/**
 * Runs `command` to completion and measures it: wall time, CPU and peak RSS of its whole process
 * tree (sampled from /proc every 200 ms), the largest process (/usr/bin/time), the load average
 * around it, and its output lines timestamped as they arrive (kept in bench/out/build-LABEL.log).
 */
async function runMeasured(label: string, command: string[], env: NodeJS.ProcessEnv): Promise<RunOutput> {
  const timeFile = join(out, `time-${process.pid}.txt`);
  rmSync(timeFile, { force: true });
  const haveTime = existsSync('/usr/bin/time');
  const [cmd, ...args] = haveTime ? ['/usr/bin/time', '-f', '%e %U %S %M', '-o', timeFile, ...command] : command;
  const loadBefore = loadavg()[0]!;
  const started = performance.now();
  const child = spawn(cmd!, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: { t: number; text: string }[] = [];
  let peak = 0;
  let peakProcesses = 0;
  const samples: { t: number; rss: number }[] = [];
  const cpuTicks = new Map<number, number>();
  const sample = () => {
    if (!child.pid) return;
    const { rss, count } = treeRss(child.pid, cpuTicks);
    samples.push({ t: (performance.now() - started) / 1000, rss });
    if (rss > peak) peak = rss;
    if (count > peakProcesses) peakProcesses = count;
  };
  const timer = setInterval(sample, 200);
  for (const stream of [child.stdout, child.stderr]) {
    let buf = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const t = (performance.now() - started) / 1000;
      buf += chunk;
      const parts = buf.split('\n');
      buf = parts.pop()!;
      for (const text of parts) lines.push({ t, text: text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/^[\s\S]*\r(?=.)/, '') });
    });
  }
  const code: number = await new Promise((ok) => child.on('close', (c) => ok(c ?? 1)));
  clearInterval(timer);
  const wall = (performance.now() - started) / 1000;
  const log = lines.map((l) => `${l.t.toFixed(2).padStart(7)} ${l.text}`).join('\n');
  writeFileSync(join(out, `build-${label}.log`), log);
  if (code !== 0) {
    console.error(lines.slice(-40).map((l) => l.text).join('\n'));
    throw new Error(`${label} build failed (exit ${code}); log in bench/out/build-${label}.log`);
  }
  const treeCpu = [...cpuTicks.values()].reduce((a, b) => a + b, 0) / 100; // CLK_TCK = 100 on Linux
  const run: RunOutput = { wall, treeCpu, peakTreeRss: peak, peakProcesses, loadBefore, loadAfter: loadavg()[0]!, lines, samples, log };
  if (haveTime && existsSync(timeFile)) {
    const [, user, sys, maxKb] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    Object.assign(run, { user, sys, maxProcessRss: (maxKb ?? 0) * 1024 });
    rmSync(timeFile, { force: true });
  }
  return run;
}

/** Each mark line ends the phase named with it (the first match after the previous mark); the rest is "exit". */
function phasesOf(run: RunOutput, marks: [RegExp, string][]): Phase[] {
  const notable = run.lines.filter((l) => !/[├└]─/.test(l.text));
  const phases: Phase[] = [];
  let at = 0;
  let prev = 0;
  for (const [re, name] of marks) {
    const i = notable.findIndex((l, k) => k >= at && re.test(l.text));
    if (i === -1) continue;
    phases.push({ name, seconds: notable[i]!.t - prev });
    prev = notable[i]!.t;
    at = i + 1;
  }
  phases.push({ name: 'exit', seconds: run.wall - prev });
  return phases;
}

function addPhasePeaks(phases: Phase[], samples: RunOutput['samples']): void {
  let from = 0;
  for (const p of phases) {
    const to = from + p.seconds;
    p.peakRss = Math.max(0, ...samples.filter((x) => x.t >= from && x.t <= to + 0.2).map((x) => x.rss));
    from = to;
  }
}

const measuredOf = ({ lines: _l, samples: _s, log: _g, ...rest }: RunOutput): Measured => rest;

/** Set from `--publish`: builds with a site URL, so that sitemap, feed and preview images are made. */
let publishEnv: Record<string, string> = {};

async function build(label: string, corpus: string, dist: string, astroCache: string, arborCache: string, extraEnv: Record<string, string> = {}): Promise<BuildRun> {
  const node = [process.execPath, '--import', 'tsx', 'scripts/build.ts', '--config', 'bench/astro.config.mjs'];
  const env = { ...cleanEnv(), ...publishEnv, ARBOR_CONTENT: corpus, ARBOR_DIST: dist, ARBOR_BENCH_CACHE: astroCache, ARBOR_CACHE_DIR: arborCache, FORCE_COLOR: '0', ...extraEnv };
  // Astro's server build lives in the staging folder only while pages are generated: peek at it.
  const chunks = new Map<string, number>();
  const peek = setInterval(() => {
    for (const staging of readdirSync(dirname(dist)).filter((f) => f.startsWith(`.${basename(dist)}-staging-`))) {
      const dir = join(dirname(dist), staging, '.prerender');
      try {
        for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
          if (!e.isFile() || !e.name.endsWith('.mjs')) continue;
          const size = statSync(join(e.parentPath, e.name)).size;
          if (size > (chunks.get(e.name) ?? 0)) chunks.set(e.name, size);
        }
      } catch {
        // not there (yet, or any more)
      }
    }
  }, 1000);
  let output: RunOutput;
  try {
    output = await runMeasured(label, node, env);
  } finally {
    clearInterval(peek);
  }
  const serverChunks = [...chunks].map(([file, bytes]) => ({ file, bytes })).sort((a, b) => b.bytes - a.bytes).slice(0, 4);
  const run: BuildRun = { ...measuredOf(output), phases: phasesOf(output, MARKS), serverChunks, log: output.log };
  // The time before the arbor line is split into startup and the integration's own clock.
  const arborMs = /\[arbor[\w-]*\] content: .*\((\d+) ms/.exec(output.log)?.[1];
  const first = run.phases[0];
  if (arborMs && first?.name.startsWith('arbor setup')) {
    const setup = Number(arborMs) / 1000;
    run.phases.splice(0, 1, { name: 'startup: node, tsx, astro config, mermaid import', seconds: first.seconds - setup }, { name: first.name, seconds: setup });
  }
  addPhasePeaks(run.phases, output.samples);
  run.diagramsLine = /\[arbor[\w-]*\] (diagrams: .*)/.exec(output.log)?.[1];
  run.previewsLine = /\[arbor[\w-]*\] (previews: .*)/.exec(output.log)?.[1];
  return run;
}

interface PeerRun extends Measured {
  phases: Phase[];
  /** Files Quartz says it emitted. */
  emitted?: number;
}

/**
 * One cold Quartz build of `corpus` into `dist` with quartz.sh (which clears Quartz's cache; the
 * old output is removed here, before the clock starts, as for Arbor). Node is the one running
 * the benchmark, first on PATH.
 */
async function quartzBuild(label: string, corpus: string, dist: string): Promise<PeerRun> {
  rmSync(dist, { recursive: true, force: true });
  const env = { ...cleanEnv(), FORCE_COLOR: '0', PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` };
  const output = await runMeasured(label, ['bash', quartzScript(root), corpus, dist], env);
  // Quartz can log an emitter's error and still go on; a build is good only when it says so.
  if (!/Done processing/.test(output.log) || /\bERROR\b/.test(output.log)) {
    console.error(output.lines.slice(-40).map((l) => l.text).join('\n'));
    throw new Error(`${label}: Quartz did not finish cleanly; log in bench/out/build-${label}.log`);
  }
  const run: PeerRun = { ...measuredOf(output), phases: phasesOf(output, QUARTZ_MARKS) };
  addPhasePeaks(run.phases, output.samples);
  const emitted = /Emitted (\d+) files/.exec(output.log)?.[1];
  if (emitted) run.emitted = Number(emitted);
  return run;
}

// ---------------------------------------------------------------------------------------------
// sizes

function dirSize(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  if (!existsSync(dir)) return { bytes, files };
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    bytes += statSync(join(entry.parentPath, entry.name)).size;
    files++;
  }
  return { bytes, files };
}

function pagesUnder(dist: string, section: string): string[] {
  const dir = join(dist, section);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((p) => p.endsWith('index.html') && p !== 'index.html')
    .map((p) => `/${section}/${p.replace(/index\.html$/, '')}`)
    .sort();
}

interface PageKind {
  kind: string;
  /** The URLs that count as this kind. */
  covers: string;
  count: number;
  medianGzip?: number;
  /** The heaviest page of the kind: HTML+CSS+JS gzip before search, and the three parts. */
  heaviest?: { page: string; gzip: number; html: number; css: number; js: number };
}

const hcj = (w: PageWeight) => w.total.html.gzip + w.total.css.gzip + w.total.js.gzip;
const median = <T>(list: T[], by: (x: T) => number) => [...list].sort((a, b) => by(a) - by(b))[Math.floor(list.length / 2)]!;

/** Every kind of page a reader lands on, with its heaviest page (redirect stubs left out). */
function pageKinds(dist: string, measure: (url: string) => PageWeight): { kinds: PageKind[]; heaviest: PageWeight[] } {
  const exists = (url: string) => existsSync(join(dist, url, 'index.html'));
  const kinds: [string, string, string[]][] = [
    ['topic page', '/topics/…/', pagesUnder(dist, 'topics')],
    ['tree page', '/trees/…/', pagesUnder(dist, 'trees')],
    ['glossary page', '/glossary/ and per-term /glossary/…/', ['/glossary/', ...pagesUnder(dist, 'glossary')]],
    ['home page', '/', ['/']],
    ['index page', '/topics/, /trees/, /tags/ and /tags/…/', ['/topics/', '/trees/', '/tags/', ...pagesUnder(dist, 'tags')]],
  ];
  const result: PageKind[] = [];
  const heaviest: PageWeight[] = [];
  for (const [kind, covers, urls] of kinds) {
    const pages = urls.filter(exists).map(measure).filter((w) => !w.redirect);
    const top = [...pages].sort((a, b) => hcj(b) - hcj(a))[0];
    const entry: PageKind = { kind, covers, count: pages.length };
    if (top) {
      entry.medianGzip = hcj(median(pages, hcj));
      entry.heaviest = { page: top.page, gzip: hcj(top), html: top.total.html.gzip, css: top.total.css.gzip, js: top.total.js.gzip };
      heaviest.push(top);
    }
    result.push(entry);
  }
  return { kinds: result, heaviest };
}

/**
 * Astro's content cache: its size, and how much of it is the "astro-config-digest" entry (Astro
 * stores the JSON of the whole Astro config there to notice config changes; Arbor's Markdown
 * plugins get the knowledge graph as options, so the graph ends up in it, three times).
 */
function dataStoreInfo(cacheDir: string): { bytes: number; configDigestBytes: number } | undefined {
  const file = join(cacheDir, 'data-store.json');
  if (!existsSync(file)) return undefined;
  const buf = readFileSync(file);
  const key = Buffer.from('"astro-config-digest",');
  const at = buf.indexOf(key);
  let configDigestBytes = 0;
  if (at !== -1 && buf[at + key.length] === 0x22) {
    const start = at + key.length;
    let i = start + 1;
    while (i < buf.length && buf[i] !== 0x22) i += buf[i] === 0x5c ? 2 : 1;
    configDigestBytes = i + 1 - start;
  }
  return { bytes: buf.length, configDigestBytes };
}

// ---------------------------------------------------------------------------------------------
// the browser's view, to check the static page weights

async function browserCheck(dist: string, pages: string[]): Promise<Map<string, string[]>> {
  const { findBrowser } = await import('../src/core/diagrams/browser.ts');
  const { chromium } = await import('playwright-core');
  const executablePath = findBrowser();
  const result = new Map<string, string[]>();
  if (!executablePath) return result;
  const server = createServer((req, res) => {
    let path = decodeURI((req.url ?? '/').split('?')[0]!);
    if (path.endsWith('/')) path += 'index.html';
    const file = join(dist, path);
    if (!file.startsWith(dist) || !existsSync(file) || !statSync(file).isFile()) return void ((res.statusCode = 404), res.end());
    const type = { '.html': 'text/html', '.css': 'text/css', '.js': 'text/javascript', '.woff2': 'font/woff2', '.svg': 'image/svg+xml', '.json': 'application/json' }[/\.[a-z0-9]+$/.exec(file)?.[0] ?? ''];
    if (type) res.setHeader('content-type', type);
    res.end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    for (const url of pages) {
      const page = await browser.newPage();
      const seen: string[] = [];
      page.on('request', (r) => {
        const u = new URL(r.url());
        if (u.origin === origin) seen.push(decodeURI(u.pathname));
      });
      await page.goto(origin + url, { waitUntil: 'networkidle' });
      await page.evaluate(() => document.fonts.ready);
      await page.waitForTimeout(300);
      result.set(url, [...new Set(seen)].filter((p) => !/favicon/.test(p)).sort());
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// report

interface Budget {
  /** Where the budget comes from ('issue 10', 'earlier'); absent in older results. */
  group?: string;
  name: string;
  limit: string;
  measured: string;
  pass: boolean | null;
}

export interface BenchResult {
  notes: number;
  seed: number;
  date: string;
  machine: string;
  commit: string;
  corpus: Omit<CorpusStats, 'diagramSources'>;
  cold: Omit<BuildRun, 'log'>;
  warm: Omit<BuildRun, 'log'>;
  dist: { bytes: number; files: number };
  dataStore?: { bytes: number; configDigestBytes: number };
  coldWalls: number[];
  warmWalls: number[];
  pagefind: { bytes: number; files: number };
  topic: PageWeight & { chosen: string };
  tree?: PageWeight & { chosen: string };
  topicPages: { count: number; redirects?: number; overBudget: number; heaviest: { page: string; gzip: number }; withMermaid: number; medianGzip: number };
  /** The heaviest page of each kind (absent in older results). */
  pageKinds?: PageKind[];
  /** Quartz on the same corpus in the same run (absent with --no-quartz and in older results). */
  quartz?: {
    version: string;
    adapted: QuartzCorpusStats;
    /** The fastest of its cold builds. */
    cold: PeerRun;
    walls: number[];
    /** Arbor's and Quartz's cold wall times, run after run. */
    pairs: { arbor: number; quartz: number }[];
    dist: { bytes: number; files: number };
    /** Arbor's best cold build over Quartz's: wall, CPU, peak RSS of the process tree. */
    ratio: { wall: number; cpu: number; peakRss: number };
  };
  browser: { checked: boolean; mismatches: string[] };
  budgets: Budget[];
  /** With --floor: the two steps no Arbor build can skip, each timed alone right after the cold builds. */
  floor?: Floor;
}

const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`);
const kb = (b: number) => `${(b / KB).toFixed(1)} KB`;
const mb = (b: number) => (b >= 1024 * MB ? `${(b / 1024 / MB).toFixed(2)} GB` : `${(b / MB).toFixed(1)} MB`);
const s1 = (x: number) => `${x.toFixed(1)} s`;

function pageRows(name: string, w: PageWeight & { chosen: string }): string[] {
  const t = w.total;
  const cell = (k: 'html' | 'css' | 'js' | 'font') => `${kb(t[k].raw)} / ${kb(t[k].gzip)}${k === 'html' ? '' : ` (${t[k].files} file${t[k].files === 1 ? '' : 's'})`}`;
  const hcj = { raw: t.html.raw + t.css.raw + t.js.raw, gzip: t.html.gzip + t.css.gzip + t.js.gzip };
  return [
    `| ${name}: page | \`${w.page}\` (${w.chosen}${w.hasMath ? ', has math' : ''}${w.hasDiagram ? ', has a diagram' : ''}) |`,
    `| ${name}: HTML raw / gzip | ${cell('html')} |`,
    `| ${name}: CSS raw / gzip | ${cell('css')} |`,
    `| ${name}: JS raw / gzip | ${cell('js')} |`,
    `| ${name}: fonts raw / gzip | ${cell('font')} |`,
    `| ${name}: HTML+CSS+JS raw / gzip | ${kb(hcj.raw)} / **${kb(hcj.gzip)}** |`,
    `| ${name}: \`<script>\` tags | ${w.scripts} |`,
  ];
}

function table(r: BenchResult): string {
  const c = r.cold;
  const w = r.warm;
  const cpu = (b: Measured, note = ", it misses Chromium's renderers") =>
    `${b.treeCpu !== undefined ? `, CPU ${s1(b.treeCpu)}` : ''}${b.user !== undefined ? ` (/usr/bin/time: ${s1(b.user + (b.sys ?? 0))}${note})` : ''}`;
  const rows = [
    '| metric | value |',
    '|---|---|',
    `| corpus | ${r.corpus.pages} pages (${r.corpus.notes} notes incl. ${r.corpus.papers} papers, ${r.corpus.trees} trees), ${r.corpus.terms} terms, ${r.corpus.diagrams} diagrams (${r.corpus.diagramNodes} nodes), ${r.corpus.wikilinks} links, ${mb(r.corpus.bytes)} Markdown |`,
    `| build cold | **${s1(c.wall)}**${cpu(c)} (load avg ${c.loadBefore.toFixed(1)} → ${c.loadAfter.toFixed(1)})${r.coldWalls.length > 1 ? `; best of ${r.coldWalls.map(s1).join(', ')}` : ''} |`,
    `| build warm (nothing changed) | **${s1(w.wall)}**${cpu(w)} (load avg ${w.loadBefore.toFixed(1)} → ${w.loadAfter.toFixed(1)})${r.warmWalls.length > 1 ? `; best of ${r.warmWalls.map(s1).join(', ')}` : ''} |`,
    ...(r.quartz
      ? [
          `| Quartz ${r.quartz.version} cold, same corpus, same run | **${s1(r.quartz.cold.wall)}**${cpu(r.quartz.cold, '')}, peak RSS ${mb(r.quartz.cold.peakTreeRss)} (largest process ${r.quartz.cold.maxProcessRss ? mb(r.quartz.cold.maxProcessRss) : '?'}) (load avg ${r.quartz.cold.loadBefore.toFixed(1)} → ${r.quartz.cold.loadAfter.toFixed(1)})${r.quartz.walls.length > 1 ? `; best of ${r.quartz.walls.map(s1).join(', ')}` : ''} |`,
          `| Arbor / Quartz cold | wall **${r.quartz.ratio.wall.toFixed(2)}**, CPU ${r.quartz.ratio.cpu.toFixed(2)}, peak RSS ${r.quartz.ratio.peakRss.toFixed(2)}${r.quartz.pairs.length > 1 ? `; run by run ${r.quartz.pairs.map((p) => (p.arbor / p.quartz).toFixed(2)).join(', ')}` : ''} |`,
          `| Quartz: phases (from its log) | ${r.quartz.cold.phases.map((p) => `${p.name} ${s1(p.seconds)}`).join(', ')} |`,
          `| Quartz: output, corpus copy | ${r.quartz.cold.emitted ?? '?'} files emitted, ${mb(r.quartz.dist.bytes)}; copy: ${r.quartz.adapted.rewritten} wikilinks pointed at file names, ${r.quartz.adapted.unresolved} unresolved, ${r.quartz.adapted.embedsUnlinked} of ${r.quartz.adapted.embeds} embeds cyclic → links${r.quartz.adapted.addedIndex ? ', index.md added' : ''} |`,
        ]
      : []),
    ...(r.floor
      ? [
          `| floor: what no build can skip, each step alone | drawing the ${r.floor.diagrams} diagrams ${s1(r.floor.drawSeconds)} (${r.floor.tabs} tabs, cold cache) + Pagefind on the built ${r.floor.pages} pages ${s1(r.floor.pagefindSeconds)} = **${s1(r.floor.drawSeconds + r.floor.pagefindSeconds)}**${r.quartz ? ` (${((r.floor.drawSeconds + r.floor.pagefindSeconds) / r.quartz.cold.wall).toFixed(2)} × Quartz's cold build)` : ''} |`,
        ]
      : []),
    `| notes/second cold / warm | ${(r.corpus.pages / c.wall).toFixed(1)} / ${(r.corpus.pages / w.wall).toFixed(1)} |`,
    `| peak RSS cold (process tree, summed) | **${mb(c.peakTreeRss)}** (largest process ${c.maxProcessRss ? mb(c.maxProcessRss) : '?'}, up to ${c.peakProcesses} processes) |`,
    `| peak RSS warm | ${mb(w.peakTreeRss)} (largest process ${w.maxProcessRss ? mb(w.maxProcessRss) : '?'}) |`,
    `| \`dist/\` size | ${mb(r.dist.bytes)} in ${r.dist.files} files |`,
    ...(r.dataStore ? [`| Astro content cache (data-store.json) | ${mb(r.dataStore.bytes)}, of which ${mb(r.dataStore.configDigestBytes)} is its "astro-config-digest" entry |`] : []),
    ...(r.cold.serverChunks?.length ? [`| largest modules of Astro's server build (cold) | ${r.cold.serverChunks.map((c) => `${c.file} ${mb(c.bytes)}`).join(', ')} |`] : []),
    `| Pagefind index (\`dist/pagefind\`) | ${mb(r.pagefind.bytes)} in ${r.pagefind.files} files |`,
    ...pageRows('topic page', r.topic),
    ...(r.tree ? pageRows('tree page', r.tree) : []),
    `| all ${r.topicPages.count} topic pages${r.topicPages.redirects ? ` (not counting ${r.topicPages.redirects} alias redirect stubs)` : ''}: HTML+CSS+JS gzip | median ${kb(r.topicPages.medianGzip)}, heaviest ${kb(r.topicPages.heaviest.gzip)} (\`${r.topicPages.heaviest.page}\`), ${r.topicPages.overBudget} over 40 KB |`,
  ];
  return rows.join('\n');
}

function phaseTable(r: BenchResult): string {
  const names = [...new Set([...r.cold.phases, ...r.warm.phases].map((p) => p.name))];
  const get = (b: Omit<BuildRun, 'log'>, n: string) => b.phases.find((p) => p.name === n);
  return [
    '| phase (from the build log) | cold | peak RSS | warm | peak RSS |',
    '|---|---|---|---|---|',
    ...names.map((n) => {
      const cell = (b: Omit<BuildRun, 'log'>) => {
        const p = get(b, n);
        return p ? `${s1(p.seconds)} | ${p.peakRss ? mb(p.peakRss) : '—'}` : '— | —';
      };
      return `| ${n} | ${cell(r.cold)} | ${cell(r.warm)} |`;
    }),
    `| diagrams | ${r.cold.diagramsLine ?? '—'} | | ${r.warm.diagramsLine ?? '—'} | |`,
    ...(r.cold.previewsLine ? [`| previews | ${r.cold.previewsLine} | | ${r.warm.previewsLine ?? '—'} | |`] : []),
  ].join('\n');
}

function budgetTable(r: BenchResult): string {
  return [
    '| budget | from | limit | measured | result |',
    '|---|---|---|---|---|',
    ...r.budgets.map((b) => `| ${b.name} | ${b.group ?? ''} | ${b.limit} | ${b.measured} | ${b.pass === null ? 'n/a' : b.pass ? 'PASS' : '**MISS**'} |`),
  ].join('\n');
}

function kindTable(r: BenchResult): string {
  if (!r.pageKinds?.length) return '';
  return [
    '| page kind (HTML+CSS+JS gzip before search) | pages | median | heaviest | heaviest page | its HTML / CSS / JS |',
    '|---|---|---|---|---|---|',
    ...r.pageKinds.map((k) =>
      k.heaviest
        ? `| ${k.kind}: ${k.covers} | ${k.count} | ${kb(k.medianGzip ?? 0)} | **${kb(k.heaviest.gzip)}** | \`${k.heaviest.page}\` | ${kb(k.heaviest.html)} / ${kb(k.heaviest.css)} / ${kb(k.heaviest.js)} |`
        : `| ${k.kind}: ${k.covers} | 0 | — | — | — | — |`,
    ),
  ].join('\n');
}

function section(r: BenchResult): string {
  return [
    `## ${r.notes.toLocaleString('en')} notes`,
    '',
    `${r.date}, ${r.machine}, commit ${r.commit}, seed ${r.seed}. \`npm run bench -- --notes ${r.notes} --seed ${r.seed}\``,
    '',
    table(r),
    '',
    budgetTable(r),
    '',
    ...(r.pageKinds?.length ? [kindTable(r), ''] : []),
    phaseTable(r),
    '',
    r.browser.checked
      ? r.browser.mismatches.length
        ? `Chromium cross-check of the page weights: **differs**: ${r.browser.mismatches.join('; ')}`
        : `Chromium cross-check: the browser fetched exactly the files counted above for ${r.pageKinds?.length ? 'the typical topic and tree pages and the heaviest page of each kind' : 'both pages'} (no search used).`
      : 'Chromium cross-check: not run.',
    '',
  ].join('\n');
}

function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  let chromium = '';
  try {
    chromium = execFileSync(process.env.ARBOR_CHROMIUM || 'chromium', ['--version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim().split(/\s+/).slice(0, 2).join(' ');
  } catch {
    chromium = 'no Chromium';
  }
  const astro = JSON.parse(readFileSync(join(root, 'node_modules', 'astro', 'package.json'), 'utf8')).version;
  return `${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 1024 ** 3)} GB, Linux ${release()}, Node ${process.versions.node}, Astro ${astro}, ${chromium}`;
}

/** Adds `result` (if any) to bench/results.json and writes RESULTS.md from all recorded sizes. */
function writeResults(result?: BenchResult): void {
  const jsonFile = join(root, 'bench', 'results.json');
  const all: Record<string, BenchResult> = existsSync(jsonFile) ? JSON.parse(readFileSync(jsonFile, 'utf8')) : {};
  if (result) {
    all[String(result.notes)] = result;
    writeFileSync(jsonFile, `${JSON.stringify(all, null, 1)}\n`);
  }
  const sizes = Object.values(all).sort((a, b) => a.notes - b.notes);
  const summary = [
    `| notes | cold | warm | Quartz cold (same run) | Arbor / Quartz cold | peak RSS cold / warm | \`dist/\` | Pagefind | topic page HTML+CSS+JS gzip | tree page HTML+CSS+JS gzip | heaviest page of any kind | budgets missed | date |`,
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...sizes.map((r) => {
      const g = (w?: PageWeight) => (w ? kb(w.total.html.gzip + w.total.css.gzip + w.total.js.gzip) : '—');
      const top = (r.pageKinds ?? []).flatMap((k) => (k.heaviest ? [k.heaviest] : [])).sort((a, b) => b.gzip - a.gzip)[0];
      const missed = r.budgets.filter((b) => b.pass === false).length;
      return `| ${r.notes.toLocaleString('en')} | ${s1(r.cold.wall)} | ${s1(r.warm.wall)} | ${r.quartz ? s1(r.quartz.cold.wall) : '—'} | ${r.quartz ? r.quartz.ratio.wall.toFixed(2) : '—'} | ${mb(r.cold.peakTreeRss)} / ${mb(r.warm.peakTreeRss)} | ${mb(r.dist.bytes)} | ${mb(r.pagefind.bytes)} | ${g(r.topic)} | ${g(r.tree)} | ${top ? `${kb(top.gzip)} \`${top.page}\`` : '—'} | ${missed} of ${r.budgets.filter((b) => b.pass !== null).length} | ${r.date.slice(0, 10)} |`;
    }),
  ].join('\n');
  const head = existsSync(join(root, 'bench', 'RESULTS.head.md')) ? readFileSync(join(root, 'bench', 'RESULTS.head.md'), 'utf8').trim() : '# Benchmark results';
  const analysisFile = join(root, 'bench', 'RESULTS.analysis.md');
  const analysis = existsSync(analysisFile) ? [readFileSync(analysisFile, 'utf8').trim(), ''] : [];
  const md = [head, '', '## Summary', '', summary, '', ...analysis, ...sizes.map(section)].join('\n');
  writeFileSync(join(root, 'bench', 'RESULTS.md'), md);
}

// ---------------------------------------------------------------------------------------------
// main

async function main(): Promise<void> {
  if (process.argv.includes('--render')) {
    // Only rewrite RESULTS.md from results.json (after editing RESULTS.head.md or RESULTS.analysis.md).
    writeResults();
    console.log('bench/RESULTS.md rewritten from bench/results.json');
    return;
  }
  const args = parseArgs(process.argv.slice(2));
  if (args.publish) publishEnv = { ARBOR_SITE_URL: 'https://bench.example.org' };
  mkdirSync(out, { recursive: true });
  await checkGenerator(args.seed);
  if (args.quartz) await checkQuartz(args.seed);

  const n = args.notes;
  const corpusDir = join(out, `corpus-${n}`);
  const dist = join(out, `dist-${n}`);
  const astroCache = join(out, `astro-cache-${n}`);
  let t = performance.now();
  const { diagramSources, ...corpus } = generateCorpus({ seed: args.seed, notes: n, outDir: corpusDir });
  console.log(`corpus: ${relative(root, corpusDir)}: ${corpus.pages} pages, ${corpus.terms} terms, ${corpus.diagrams} diagrams, ${corpus.wikilinks} links, ${mb(corpus.bytes)} (${ms(performance.now() - t)})`);

  // Quartz gets an adapted copy of the same corpus (bench/quartz.ts says what and why).
  const quartzCorpus = join(out, `quartz-corpus-${n}`);
  const quartzDist = join(out, `quartz-dist-${n}`);
  let adapted: QuartzCorpusStats | undefined;
  if (args.quartz) {
    t = performance.now();
    adapted = prepareQuartzCorpus(corpusDir, quartzCorpus);
    console.log(`quartz corpus: ${relative(root, quartzCorpus)}: ${adapted.files} files, ${adapted.rewritten} wikilinks pointed at file names (${adapted.unresolved} unresolved), ${adapted.embeds} embeds (${adapted.embedsUnlinked} cyclic → links)${adapted.addedIndex ? ', index.md added' : ''} (${ms(performance.now() - t)})`);
  }

  // Cold: no Astro content cache, no Arbor cache (diagram drawings and models), no dist.
  const arborCache = join(out, `arbor-cache-${n}`);
  const uniqueDiagrams = new Set(diagramSources).size;
  const readsCacheDir = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .some((f) => readFileSync(join(root, 'src', f), 'utf8').includes('ARBOR_CACHE_DIR'));
  if (!readsCacheDir) console.warn('  warning: nothing in src/ reads ARBOR_CACHE_DIR; cold builds may find cached diagrams');
  const clearCold = () => {
    for (const dir of [astroCache, arborCache, dist]) rmSync(dir, { recursive: true, force: true });
  };
  const colds: BuildRun[] = [];
  const quartzRuns: PeerRun[] = [];
  let dataStore: ReturnType<typeof dataStoreInfo>;
  const of = (i: number) => (args.repeat > 1 ? ` (${i + 1}/${args.repeat})` : '');
  // In turn, A Q A Q …: both see the same machine load, so their ratio holds when absolute times drift.
  for (let i = 0; i < args.repeat; i++) {
    clearCold();
    console.log(`cold build of ${n} notes${of(i)}…`);
    const run = await build(`${n}-cold`, corpusDir, dist, astroCache, arborCache);
    console.log(`  ${s1(run.wall)}, CPU ${s1(run.treeCpu)}, peak ${mb(run.peakTreeRss)}; ${run.diagramsLine ?? 'no diagrams line'}${run.previewsLine ? `; ${run.previewsLine}` : ''}`);
    const drawn = /(\d+) drawn/.exec(run.diagramsLine ?? '')?.[1];
    if (uniqueDiagrams && Number(drawn) !== uniqueDiagrams) console.warn(`  warning: the cold build drew ${drawn} of ${uniqueDiagrams} diagrams (cache not fully cold?)`);
    colds.push(run);
    dataStore ??= dataStoreInfo(astroCache);
    if (args.quartz) {
      console.log(`Quartz ${QUARTZ_VERSION} cold build of the same ${n} notes${of(i)}…`);
      const q = await quartzBuild(`${n}-quartz`, quartzCorpus, quartzDist);
      console.log(`  ${s1(q.wall)}, CPU ${s1(q.treeCpu)}, peak ${mb(q.peakTreeRss)}; ${q.emitted ?? '?'} files emitted; Arbor/Quartz ${(run.wall / q.wall).toFixed(2)}`);
      quartzRuns.push(q);
    }
  }
  let floor: Floor | undefined;
  if (args.floor) {
    console.log('floor: drawing every diagram alone, then Pagefind alone on the cold build…');
    floor = await floorOf(corpusDir, dist, join(out, `floor-${n}`));
    console.log(`  drawing ${floor.diagrams} diagrams ${s1(floor.drawSeconds)} (${floor.tabs} tabs), Pagefind ${floor.pages} pages ${s1(floor.pagefindSeconds)}`);
  }
  const warms: BuildRun[] = [];
  for (let i = 0; i < args.repeat; i++) {
    console.log(`warm build of ${n} notes${of(i)}…`);
    const run = await build(`${n}-warm`, corpusDir, dist, astroCache, arborCache);
    console.log(`  ${s1(run.wall)}, peak ${mb(run.peakTreeRss)}; ${run.diagramsLine ?? 'no diagrams line'}${run.previewsLine ? `; ${run.previewsLine}` : ''}`);
    warms.push(run);
  }
  const best = <T extends Measured>(runs: T[]) => runs.reduce((a, b) => (b.wall < a.wall ? b : a));
  const cold = best(colds);
  const warm = best(warms);
  const peakOf = (runs: Measured[]) => Math.max(...runs.map((x) => x.peakTreeRss));
  const quartzCold = quartzRuns.length ? best(quartzRuns) : undefined;
  const quartzSize = quartzCold ? dirSize(quartzDist) : undefined;

  // Sizes and page weights.
  t = performance.now();
  const weights = new SiteWeights(dist, '/');
  const measured = new Map<string, PageWeight>();
  const measure = (url: string) => {
    let w = measured.get(url);
    if (!w) measured.set(url, (w = weights.measure(url)));
    return w;
  };
  // Redirect stubs (an alias's old URL) are not topic pages; they are counted apart.
  const allTopics = pagesUnder(dist, 'topics').map(measure);
  const topics = allTopics.filter((w) => !w.redirect);
  const redirects = allTopics.length - topics.length;
  const trees = pagesUnder(dist, 'trees').map(measure).filter((w) => !w.redirect);
  const topic = median(topics, (w) => w.total.html.raw);
  const tree = trees.length ? median(trees, (w) => w.total.html.raw) : undefined;
  const heaviest = [...topics].sort((a, b) => hcj(b) - hcj(a))[0]!;
  const kinds = pageKinds(dist, measure);
  const missingAssets = [...measured.values()].flatMap((w) => w.missing);
  if (missingAssets.length) console.warn(`  warning: pages reference missing files: ${[...new Set(missingAssets)].slice(0, 5).join(', ')}`);
  console.log(`page weights: ${measured.size} pages (${topics.length} topic pages + ${redirects} redirect stubs, ${trees.length} tree pages) (${ms(performance.now() - t)})`);

  const mismatches: string[] = [];
  let checked = false;
  if (args.browser) {
    // The typical pages and the heaviest of each kind (the ones the budgets are about).
    const check = [...new Map([topic, ...(tree ? [tree] : []), ...kinds.heaviest].map((w) => [w.page, w])).values()];
    try {
      const seen = await browserCheck(dist, check.map((w) => w.page));
      checked = seen.size > 0;
      for (const w of check) {
        const browser = seen.get(w.page);
        if (!browser) continue;
        const counted = w.assets.map((a) => a.url).sort();
        const extra = browser.filter((u) => !counted.includes(u));
        const unseen = counted.filter((u) => !browser.includes(u));
        if (extra.length || unseen.length) mismatches.push(`${w.page}: browser also fetched [${extra.join(', ')}], did not fetch [${unseen.join(', ')}]`);
      }
    } catch (err) {
      mismatches.push(`browser check failed: ${(err as Error).message.split('\n')[0]}`);
    }
  }

  // Issue 10's budgets; each applies at one size (n/a at the others, measured all the same).
  const at = (size: number, pass: boolean) => (n === size ? pass : null);
  const ratio = quartzCold ? cold.wall / quartzCold.wall : undefined;
  const memory = Math.max(peakOf(colds), peakOf(warms));
  const vsQuartz = quartzCold
    ? `${s1(cold.wall)} vs 0.7 × ${s1(quartzCold.wall)} = ${s1(0.7 * quartzCold.wall)} (Arbor/Quartz ${ratio!.toFixed(2)})`
    : 'Quartz not run (--no-quartz)';
  const budgets: Budget[] = [
    { group: 'issue 10', name: `cold build vs Quartz ${QUARTZ_VERSION}, same corpus, same run`, limit: '≤ 0.7 × Quartz at 1,000 and 5,000', measured: vsQuartz, pass: ratio !== undefined && (n === 1000 || n === 5000) ? ratio <= 0.7 : null },
    { group: 'issue 10', name: 'warm rebuild, nothing changed', limit: '< 10 s at 1,000', measured: s1(warm.wall), pass: at(1000, warm.wall < 10) },
    { group: 'issue 10', name: 'peak memory (build process tree, summed; cold and warm)', limit: '< 3 GB at 5,000', measured: mb(memory), pass: at(5000, memory < 3 * 1024 * MB) },
    ...kinds.kinds.map((k) => ({
      group: 'issue 10',
      name: `heaviest ${k.kind} (${k.covers}): HTML+CSS+JS before search`,
      limit: '≤ 60 KB gzip at 5,000',
      measured: k.heaviest ? `${kb(k.heaviest.gzip)} \`${k.heaviest.page}\` (${k.count} page${k.count === 1 ? '' : 's'})` : 'no such pages',
      pass: k.heaviest ? at(5000, k.heaviest.gzip <= 60 * KB) : null,
    })),
    { group: 'earlier', name: 'typical topic page: HTML+CSS+JS before search', limit: '≤ 40 KB gzip', measured: kb(hcj(topic)), pass: hcj(topic) <= 40 * KB },
    { group: 'earlier', name: 'every topic page: HTML+CSS+JS before search', limit: '≤ 40 KB gzip', measured: `${topics.filter((w) => hcj(w) > 40 * KB).length} of ${topics.length} over; heaviest ${kb(hcj(heaviest))}`, pass: hcj(heaviest) <= 40 * KB },
    { group: 'earlier', name: 'topic pages load no Mermaid JavaScript', limit: '0 pages', measured: `${topics.filter((w) => w.mermaid).length} pages`, pass: topics.every((w) => !w.mermaid) },
    { group: 'earlier', name: `cold build (${corpus.diagrams} diagrams)`, limit: '< 30 s at 1,000', measured: s1(cold.wall), pass: at(1000, cold.wall < 30) },
  ];

  const strip = ({ log: _log, ...rest }: BuildRun) => rest;
  const result: BenchResult = {
    notes: n,
    seed: args.seed,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    machine: machine(),
    commit: (() => {
      try {
        return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim() + (execFileSync('git', ['status', '--porcelain', 'src'], { cwd: root, encoding: 'utf8' }).trim() ? ' (+ uncommitted src changes)' : '');
      } catch {
        return 'unknown';
      }
    })(),
    corpus,
    cold: strip(cold),
    warm: strip(warm),
    dist: dirSize(dist),
    ...(dataStore ? { dataStore } : {}),
    coldWalls: colds.map((x) => x.wall),
    warmWalls: warms.map((x) => x.wall),
    pagefind: dirSize(join(dist, 'pagefind')),
    topic: { ...topic, chosen: `median HTML size of ${topics.length}` },
    ...(tree ? { tree: { ...tree, chosen: `median HTML size of ${trees.length}` } } : {}),
    topicPages: { count: topics.length, redirects, overBudget: topics.filter((w) => hcj(w) > 40 * KB).length, heaviest: { page: heaviest.page, gzip: hcj(heaviest) }, withMermaid: topics.filter((w) => w.mermaid).length, medianGzip: hcj(median(topics, hcj)) },
    pageKinds: kinds.kinds,
    ...(quartzCold && adapted && quartzSize
      ? {
          quartz: {
            version: QUARTZ_VERSION,
            adapted,
            cold: quartzCold,
            walls: quartzRuns.map((x) => x.wall),
            pairs: colds.map((a, i) => ({ arbor: a.wall, quartz: quartzRuns[i]!.wall })),
            dist: quartzSize,
            ratio: { wall: cold.wall / quartzCold.wall, cpu: cold.treeCpu / quartzCold.treeCpu, peakRss: cold.peakTreeRss / quartzCold.peakTreeRss },
          },
        }
      : {}),
    browser: { checked, mismatches },
    budgets,
    ...(floor ? { floor } : {}),
  };

  console.log(`\n${table(result)}\n\n${budgetTable(result)}\n\n${kindTable(result)}\n\n${phaseTable(result)}\n`);
  if (checked) console.log(mismatches.length ? `Chromium cross-check differs: ${mismatches.join('; ')}` : 'Chromium cross-check: same files as counted.');
  if (args.record) {
    writeResults(result);
    console.log(`recorded in bench/RESULTS.md and bench/results.json`);
  }

  if (args.profile) {
    const profDir = join(out, `prof-${n}`);
    rmSync(profDir, { recursive: true, force: true });
    clearCold();
    console.log(`\nprofiled cold build (not timed; profiles in ${relative(root, profDir)})…`);
    const run = await build(`${n}-profile`, corpusDir, dist, astroCache, arborCache, { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profDir}` });
    console.log(`  ${s1(run.wall)} with profiling`);
    const profiles = readdirSync(profDir).map((f) => join(profDir, f)).sort((a, b) => statSync(b).size - statSync(a).size);
    if (profiles[0]) console.log(summarise(profiles[0], 25, '/src/'));
  }

  if (!args.keep) for (const dir of [corpusDir, dist, astroCache, arborCache, quartzCorpus, quartzDist]) rmSync(dir, { recursive: true, force: true });
  const missed = budgets.filter((b) => b.pass === false);
  if (missed.length) console.log(`\n${missed.length} budget(s) missed: ${missed.map((b) => b.name).join('; ')}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
