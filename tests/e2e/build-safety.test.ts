/**
 * `npm run build` (scripts/build.ts) for real, on a small knowledge base made in a temp folder:
 * killed with kill -9 or stopped with SIGTERM it takes Astro and Chromium with it and leaves the
 * previous dist/ as it was, and the next build cleans up; two builds into one output folder on
 * another filesystem both succeed, one after the other; a content error prints Arbor's report
 * and nothing else, from `npm run build` and from plain `astro build`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, type Dirent } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, projectRoot, type BuildResult } from '../helpers/site.ts';
import { tempContent } from '../helpers/temp-content.ts';
import { privateBuildsDir } from '../../scripts/build/swap.ts';

const GOOD = {
  'notes/alpha.md': '# Alpha\n\nSee [[Beta]] and the [[Map]].\n\n```mermaid\nflowchart TD\n  Alpha --> Beta\n```\n',
  'notes/beta.md': '---\ntags: [demo]\n---\n# Beta\n\nBack to [[Alpha]].\n',
  'trees/map.md': '# Map\n\n```mermaid\nflowchart LR\n  Alpha --> Beta\n  click Alpha "/topics/alpha/"\n  click Beta "/topics/beta/"\n```\n',
};
const BAD = {
  'notes/alpha.md': '# Alpha\n\nSee [[Nowhere At All]].\n',
  'notes/beta.md': '---\ntags: Not A List\n---\n# Beta\n',
};

/** What Vitest adds to the environment for Vite, which would leak into Astro (as tests/helpers/site.ts drops). */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  for (const key of ['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'VITEST', 'VITEST_MODE', 'VITEST_POOL_ID', 'VITEST_WORKER_ID', 'NODE_ENV', 'TEST']) delete env[key];
  return env;
}

interface Running {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
}
/** Starts scripts/build.ts like buildFixture does, without waiting for it. */
function startBuild(contentDir: string, dist: string, env: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'scripts', 'build.ts')], {
    cwd: projectRoot,
    env: cleanEnv({ ARBOR_CONTENT: contentDir, ARBOR_DIST: dist, ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return { child, done: new Promise((ok) => child.on('close', (code, signal) => ok({ code, signal, output: stripVTControlCharacters(output) }))) };
}

/** Every process below `pid`, with its command name. */
function descendants(pid: number): { pid: number; comm: string }[] {
  const rows = spawnSync('ps', ['-A', '-o', 'pid=,ppid=,comm='], { encoding: 'utf8' }).stdout.trim().split('\n');
  const all = rows.map((r) => r.trim().split(/\s+/)).map(([p, pp, ...c]) => ({ pid: Number(p), ppid: Number(pp), comm: c.join(' ') }));
  const found: { pid: number; comm: string }[] = [];
  const walk = (parent: number) => {
    for (const p of all.filter((x) => x.ppid === parent)) found.push({ pid: p.pid, comm: p.comm }), walk(p.pid);
  };
  walk(pid);
  return found;
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));
async function until(what: string, test: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Starts a build and, once Astro runs and Chromium draws (when it gets there in time), sends `signal`. */
async function buildAndInterrupt(signal: NodeJS.Signals) {
  const { contentDir } = tempContent(GOOD);
  const dist = join(mkdtempSync(join(tmpdir(), 'arbor-safety-')), 'dist');
  const previous = { 'index.html': 'previous site', 'topics/old/index.html': '<h1>old</h1>' };
  for (const [path, text] of Object.entries(previous)) {
    mkdirSync(join(dist, path, '..'), { recursive: true });
    writeFileSync(join(dist, path), text);
  }
  // A cache of its own, so that the diagrams are drawn in Chromium during this build.
  const build = startBuild(contentDir, dist, { ARBOR_CACHE_DIR: mkdtempSync(join(tmpdir(), 'arbor-safety-cache-')) });
  const pid = build.child.pid!;
  await until('astro to start', () => descendants(pid).length > 0, 30_000);
  await until('chromium to start', () => descendants(pid).some((p) => /chrom/i.test(p.comm)), 20_000).catch(() => undefined);
  const below = descendants(pid);
  const sent = Date.now();
  process.kill(pid, signal);
  const result = await build.done;
  return { dist, previous, contentDir, below, result, stoppedMs: Date.now() - sent, pid };
}

function filesOf(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const d of readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[]) {
    if (d.isFile()) files[relative(dir, join(d.parentPath, d.name))] = readFileSync(join(d.parentPath, d.name), 'utf8');
  }
  return files;
}

describe('a build killed with kill -9', () => {
  let run: Awaited<ReturnType<typeof buildAndInterrupt>>;
  let next: BuildResult;
  beforeAll(async () => {
    run = await buildAndInterrupt('SIGKILL');
  });

  it('takes Astro and Chromium down with it', async () => {
    expect(run.below.length).toBeGreaterThan(0);
    const started = Date.now();
    await until(`${run.below.map((p) => `${p.comm} ${p.pid}`).join(', ')} to end`, () => run.below.every((p) => !alive(p.pid)), 15_000);
    console.log(`kill -9: ${run.below.map((p) => p.comm).join(', ')} ended ${Date.now() - started} ms after the build was killed`);
    expect(Date.now() - started).toBeLessThan(8_000);
    // An Astro left running would have gone on to write the whole site into its output folder.
    for (const out of [join(privateBuildsDir(projectRoot), String(run.pid)), join(run.dist, '..', `.dist-staging-${run.pid}`)]) {
      expect(existsSync(join(out, 'index.html')), out).toBe(false);
    }
  });

  it('leaves the previous dist/ as it was', () => {
    expect(filesOf(run.dist)).toEqual(run.previous);
  });

  it('the next build removes what the killed one left and writes the site', () => {
    next = buildFixture(run.contentDir, {}, run.dist);
    expect(next.status, next.output).toBe(0);
    expect(existsSync(join(run.dist, 'topics', 'alpha', 'index.html'))).toBe(true);
    expect(existsSync(join(run.dist, 'topics', 'old'))).toBe(false);
    expect(readdirSync(join(run.dist, '..'))).toEqual(['dist']);
    expect(existsSync(join(privateBuildsDir(projectRoot), String(run.pid)))).toBe(false);
    expect(existsSync(join(privateBuildsDir(projectRoot), `${run.pid}.json`))).toBe(false);
  });
});

describe('a build stopped with SIGTERM', () => {
  let run: Awaited<ReturnType<typeof buildAndInterrupt>>;
  beforeAll(async () => {
    run = await buildAndInterrupt('SIGTERM');
  });

  it('stops at once, says so, and exits with 128 + 15', () => {
    expect(run.result.code, run.result.output).toBe(143);
    expect(run.stoppedMs).toBeLessThan(8_000);
    expect(run.result.output).toContain(`Build stopped (SIGTERM): ${run.dist} was left as it was.`);
  });

  it('leaves the previous dist/ as it was, with nothing beside it', async () => {
    expect(filesOf(run.dist)).toEqual(run.previous);
    expect(readdirSync(join(run.dist, '..'))).toEqual(['dist']);
    expect(existsSync(join(privateBuildsDir(projectRoot), String(run.pid)))).toBe(false);
    await until('its processes to end', () => run.below.every((p) => !alive(p.pid)), 15_000);
  });
});

describe('two builds into one output folder on another filesystem, at once', () => {
  // /dev/shm is tmpfs on Linux, while the project is on disk: a rename between them is EXDEV.
  const shm = existsSync('/dev/shm') && statSync('/dev/shm').dev !== statSync(projectRoot).dev;
  let dist: string;
  let first: Awaited<Running['done']>;
  let second: Awaited<Running['done']>;
  beforeAll(async () => {
    const { contentDir } = tempContent(GOOD);
    dist = join(mkdtempSync(join(shm ? '/dev/shm' : tmpdir(), 'arbor-safety-')), 'dist');
    const a = startBuild(contentDir, dist);
    await until('the first build to start Astro', () => descendants(a.child.pid!).length > 0, 30_000);
    const b = startBuild(contentDir, dist);
    [first, second] = await Promise.all([a.done, b.done]);
  });

  it('both succeed, the second after waiting for the first', (ctx) => {
    if (!shm) ctx.annotate('/dev/shm is not another filesystem here: only the concurrency is tested');
    expect(first.code, first.output).toBe(0);
    expect(second.code, second.output).toBe(0);
    expect(second.output).toMatch(/Another build \(pid \d+\) is writing .*; waiting for it to finish/);
    for (const r of [first, second]) expect(r.output).not.toMatch(/ENOTEMPTY|EXDEV|ENOENT/);
  });

  it('leave one whole site and nothing beside it', () => {
    expect(existsSync(join(dist, 'index.html'))).toBe(true);
    expect(existsSync(join(dist, 'topics', 'beta', 'index.html'))).toBe(true);
    expect(existsSync(join(dist, 'pagefind'))).toBe(true);
    expect(readdirSync(join(dist, '..'))).toEqual(['dist']);
  });
});

/** The output's lines after the info lines Astro and Arbor log while they work (a timestamp, a [tag], no [ERROR] or [WARN]). */
function withoutProgress(output: string): string[] {
  const lines = stripVTControlCharacters(output).split('\n').filter((l) => l.trim());
  const first = lines.findIndex((l) => !/^\d\d:\d\d:\d\d \[(content|types|build|vite|arbor[a-z-]*)\] /.test(l));
  return first < 0 ? [] : lines.slice(first);
}

describe('a content error', () => {
  const problemLine = /^\S+\.md:\d+(:\d+)?: .+$/;

  it('npm run build prints the report and nothing else', () => {
    const { contentDir } = tempContent(BAD);
    const r = buildFixture(contentDir);
    expect(r.status).not.toBe(0);
    // Astro's own progress lines ("12:00:01 [content] Syncing content") may come first; then the report alone.
    const lines = withoutProgress(r.output);
    expect(lines[0]).toBe('Arbor found 2 problems in content:');
    expect(lines.slice(1, -1).every((l) => problemLine.test(l)), r.output).toBe(true);
    expect(lines.slice(1, -1).join('\n')).toMatch(/alpha\.md:3: \[\[Nowhere At All\]\] not found/);
    expect(lines.slice(1, -1).join('\n')).toMatch(/beta\.md:2: field "tags": expected a list/);
    expect(lines.at(-1)).toBe(`Build failed: ${r.dist} was left as it was.`);
    expect(r.output).not.toMatch(/unhandled error|Stack trace|\[ERROR\]|^\s+at /m);
  });

  it('plain astro build prints the report and nothing else', () => {
    const { contentDir } = tempContent(BAD);
    const out = mkdtempSync(join(tmpdir(), 'arbor-safety-astro-'));
    const r = spawnSync(process.execPath, [join(projectRoot, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'], {
      cwd: projectRoot,
      env: cleanEnv({ ARBOR_CONTENT: contentDir, ARBOR_OUT_DIR: out }),
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    const lines = withoutProgress(`${r.stdout}\n${r.stderr}`);
    expect(lines[0]).toBe('Arbor found 2 problems in content:');
    expect(lines.slice(1)).toHaveLength(2);
    expect(lines.slice(1).every((l) => problemLine.test(l)), lines.join('\n')).toBe(true);
  });

  it('after a build killed between its two renames: dist is put back first, and kept', () => {
    const { contentDir } = tempContent(BAD);
    const parent = mkdtempSync(join(tmpdir(), 'arbor-safety-'));
    const dist = join(parent, 'dist');
    // The state of a kill after `dist → .dist-staging-<pid>-old`, whose new site was not complete,
    // and the lock that dead build left.
    const previous = { 'index.html': 'previous site', '_astro/app.css': 'body{}' };
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    for (const [path, text] of Object.entries(previous)) {
      mkdirSync(join(parent, `.dist-staging-${dead}-old`, path, '..'), { recursive: true });
      writeFileSync(join(parent, `.dist-staging-${dead}-old`, path), text);
    }
    mkdirSync(join(parent, `.dist-staging-${dead}`, 'topics'), { recursive: true });
    writeFileSync(join(parent, '.dist.lock'), JSON.stringify({ pid: dead, host: hostname() }));
    const r = buildFixture(contentDir, {}, dist);
    expect(r.status).not.toBe(0);
    expect(r.output).toContain(`put the previous site back: .dist-staging-${dead}-old → dist`);
    expect(r.output).toContain('Arbor found 2 problems in content:');
    expect(filesOf(dist)).toEqual(previous);
    expect(readdirSync(parent)).toEqual(['dist']);
  });
});
