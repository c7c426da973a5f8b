/**
 * scripts/build/swap.ts on fake output folders (no Astro): every state a `kill -9` can leave
 * during a swap is repaired to a whole site, leftovers are removed, one build at a time holds the
 * lock and a dead build's lock is taken over; and the Astro child's guard stops it with its parent.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  acquireLock,
  astroOutDir,
  currentOwner,
  isRunning,
  lockPath,
  moveToStaging,
  privateBuildsDir,
  removeDeadPrivateBuilds,
  removeStaleLock,
  repair,
  repairSteps,
  stagingPath,
  swapIn,
  swapSteps,
  tryLock,
  type Lock,
} from '../../scripts/build/swap.ts';

const projectRoot = join(import.meta.dirname, '..', '..');
const swapModule = pathToFileURL(join(projectRoot, 'scripts', 'build', 'swap.ts')).href;
const temps: string[] = [];
function tempDir(parent = tmpdir()): string {
  const dir = mkdtempSync(join(parent, 'arbor-swap-'));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fake built site: a home page naming the build and a few nested files. */
function writeSite(dir: string, label: string, complete = true): void {
  mkdirSync(join(dir, 'topics', 'a'), { recursive: true });
  mkdirSync(join(dir, '_astro'), { recursive: true });
  writeFileSync(join(dir, 'topics', 'a', 'index.html'), `<h1>${label} a</h1>`);
  writeFileSync(join(dir, '_astro', `${label}.css`), 'body{}');
  if (complete) writeFileSync(join(dir, 'index.html'), label);
}
/** Every file under `dir` with its text, by relative path. */
function readSite(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) files[relative(dir, join(e.parentPath, e.name))] = readFileSync(join(e.parentPath, e.name), 'utf8');
  }
  return files;
}
const siteOf = (label: string) => {
  const dir = tempDir();
  writeSite(dir, label);
  return readSite(dir);
};
/** A pid that is certainly not running: a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('swapping a new site in, killed at any point', () => {
  // Runs the first `k` steps of a swap (a kill after step k), optionally removes part of the
  // old copy (a kill during its removal), then repairs: dist must be one whole site and alone.
  const cases: { previous: boolean; k: number; partlyRemoved?: boolean }[] = [];
  for (const previous of [true, false]) {
    const n = previous ? 3 : 2;
    for (let k = 0; k <= n; k++) cases.push({ previous, k });
  }
  cases.push({ previous: true, k: 2, partlyRemoved: true });

  it.each(cases)('previous dist: $previous, killed after step $k', ({ previous, k, partlyRemoved }) => {
    const dist = join(tempDir(), 'dist');
    const staging = stagingPath(dist, 4242);
    if (previous) writeSite(dist, 'old');
    writeSite(staging, 'new');
    const steps = swapSteps(staging, dist);
    expect(steps).toHaveLength(previous ? 3 : 2);
    for (const step of steps.slice(0, k)) step.run();
    if (partlyRemoved) rmSync(join(`${staging}-old`, 'index.html'));

    // The next build repairs; a kill during the repair is repaired by the one after.
    const before = repairSteps(dist);
    for (let j = 0; j <= before.length; j++) {
      // Re-create the same state for each prefix of the repair.
      if (j > 0) {
        rmSync(dirname(dist), { recursive: true, force: true });
        if (previous) writeSite(dist, 'old');
        writeSite(staging, 'new');
        for (const step of swapSteps(staging, dist).slice(0, k)) step.run();
        if (partlyRemoved) rmSync(join(`${staging}-old`, 'index.html'));
        for (const step of repairSteps(dist).slice(0, j)) step.run();
      }
      repair(dist);
      // Killed before the previous site was moved aside: it stays. After: the new one is in.
      // (A first build killed before its swap has nothing to keep.)
      const expected = k > 0 ? 'new' : previous ? 'old' : undefined;
      expect(readdirSync(dirname(dist))).toEqual(expected ? ['dist'] : []);
      if (expected) expect(readSite(dist)).toEqual(siteOf(expected));
    }
  });

  it('a first build killed before its swap leaves nothing, not a half site', () => {
    const dist = join(tempDir(), 'dist');
    writeSite(stagingPath(dist, 4242), 'new', false);
    expect(repair(dist)).toHaveLength(1);
    expect(readdirSync(dirname(dist))).toEqual([]);
  });

  it('dist missing with only the old copy: it is put back', () => {
    const dist = join(tempDir(), 'dist');
    writeSite(`${stagingPath(dist, 77)}-old`, 'old');
    expect(repair(dist)).toEqual([`put the previous site back: .dist-staging-77-old → dist`]);
    expect(readSite(dist)).toEqual(siteOf('old'));
    expect(readdirSync(dirname(dist))).toEqual(['dist']);
  });

  it('dist missing, old copy and an incomplete new site: the old copy is put back', () => {
    const dist = join(tempDir(), 'dist');
    writeSite(`${stagingPath(dist, 77)}-old`, 'old');
    writeSite(stagingPath(dist, 77), 'new', false);
    repair(dist);
    expect(readSite(dist)).toEqual(siteOf('old'));
    expect(readdirSync(dirname(dist))).toEqual(['dist']);
  });

  it('removes leftovers of many killed builds and nothing else', () => {
    const parent = tempDir();
    const dist = join(parent, 'dist');
    writeSite(dist, 'current');
    for (const pid of [11, 12, 13]) writeSite(stagingPath(dist, pid), `partial-${pid}`, false);
    writeSite(`${stagingPath(dist, 14)}-old`, 'old-14');
    const others = ['.dist-staging-abc', '.distx-staging-1', 'notes', '.dist.lock.bak', 'dist-staging-5'];
    for (const name of others) mkdirSync(join(parent, name));
    expect(repair(dist)).toHaveLength(4);
    expect(readdirSync(parent).sort()).toEqual(['dist', ...others].sort());
    expect(readSite(dist)).toEqual(siteOf('current'));
    expect(repair(dist)).toEqual([]);
  });

  it('follows the name of the output folder', () => {
    const parent = tempDir();
    const out = join(parent, 'site.v2');
    writeSite(`${stagingPath(out, 5)}-old`, 'old');
    writeSite(join(parent, '.siteXv2-staging-5'), 'unrelated'); // the dot of the name is not a wildcard
    repair(out);
    expect(readSite(out)).toEqual(siteOf('old'));
    expect(readdirSync(parent).sort()).toEqual(['.siteXv2-staging-5', 'site.v2']);
  });

  it('swapIn refuses an incomplete staging folder and leaves dist alone', () => {
    const dist = join(tempDir(), 'dist');
    writeSite(dist, 'old');
    writeSite(stagingPath(dist), 'new', false);
    expect(() => swapIn(stagingPath(dist), dist)).toThrow(/no index.html/);
    expect(readSite(dist)).toEqual(siteOf('old'));
  });

  it('swapIn replaces dist with the new site and leaves nothing beside it', () => {
    const dist = join(tempDir(), 'dist');
    writeSite(dist, 'old');
    writeSite(stagingPath(dist), 'new');
    swapIn(stagingPath(dist), dist);
    expect(readSite(dist)).toEqual(siteOf('new'));
    expect(readdirSync(dirname(dist))).toEqual(['dist']);
  });
});

describe('where Astro writes', () => {
  it('a staging folder inside the project is used as it is; one outside gets a private folder in the project', () => {
    const root = tempDir();
    const inside = stagingPath(join(root, 'dist'));
    expect(astroOutDir(root, inside)).toBe(inside);
    const outside = stagingPath(join(tempDir(), 'dist'));
    const out = astroOutDir(root, outside);
    expect(dirname(out)).toBe(privateBuildsDir(root));
    expect(out.startsWith(`${root}/`)).toBe(true);
    expect(JSON.parse(readFileSync(`${out}.json`, 'utf8'))).toEqual(currentOwner());
  });

  it('moves the result to a staging folder on another filesystem by copying (no EXDEV)', (ctx) => {
    if (!existsSync('/dev/shm') || statSync('/dev/shm').dev === statSync(tmpdir()).dev) return ctx.skip();
    const out = join(tempDir(), 'out');
    writeSite(out, 'new');
    const staging = stagingPath(join(tempDir('/dev/shm'), 'dist'));
    moveToStaging(out, staging);
    expect(readSite(staging)).toEqual(siteOf('new'));
    expect(existsSync(out)).toBe(false);
  });

  it('removes private build folders of dead builds only', () => {
    const root = tempDir();
    const dir = privateBuildsDir(root);
    const dead = deadPid();
    mkdirSync(join(dir, String(dead)), { recursive: true });
    writeFileSync(join(dir, `${dead}.json`), JSON.stringify({ pid: dead, host: hostname() }));
    const mine = astroOutDir(root, join(tempDir(), '.dist-staging-1'));
    mkdirSync(mine);
    mkdirSync(join(dir, '999999999')); // no owner file yet, just made: kept
    expect(removeDeadPrivateBuilds(root)).toEqual([join(dir, String(dead))]);
    expect(readdirSync(dir).sort()).toEqual([String(process.pid), `${process.pid}.json`, '999999999'].sort());
    const old = Date.now() / 1000 - 60;
    utimesSync(join(dir, '999999999'), old, old);
    expect(removeDeadPrivateBuilds(root)).toEqual([join(dir, '999999999')]);
  });
});

describe('the lock next to the output folder', () => {
  const held: Lock[] = [];
  afterEach(() => {
    for (const l of held.splice(0)) l.release();
  });

  it('is held by one build at a time and names its pid', () => {
    const dist = join(tempDir(), 'dist');
    const first = tryLock(dist);
    expect(first.lock).toBeDefined();
    held.push(first.lock!);
    expect(lockPath(dist)).toBe(join(dirname(dist), '.dist.lock'));
    expect(JSON.parse(readFileSync(lockPath(dist), 'utf8')).pid).toBe(process.pid);
    const second = tryLock(dist);
    expect(second.lock).toBeUndefined();
    expect(second.owner?.pid).toBe(process.pid);
    first.lock!.release();
    expect(existsSync(lockPath(dist))).toBe(false);
    const third = tryLock(dist);
    expect(third.lock).toBeDefined();
    held.push(third.lock!);
  });

  it('the lock of a process that is gone is taken over', () => {
    const dist = join(tempDir(), 'dist');
    writeFileSync(lockPath(dist), JSON.stringify({ pid: deadPid(), host: hostname() }));
    const r = tryLock(dist);
    expect(r.lock).toBeDefined();
    held.push(r.lock!);
    expect(JSON.parse(readFileSync(lockPath(dist), 'utf8')).pid).toBe(process.pid);
  });

  it('a pid reused by another process does not keep a stale lock alive (Linux)', (ctx) => {
    if (!currentOwner().started) return ctx.skip();
    const dist = join(tempDir(), 'dist');
    // This process's pid, with another start time: the pid of a dead build, reused by us.
    writeFileSync(lockPath(dist), JSON.stringify({ pid: process.pid, host: hostname(), started: 'another-boot:1' }));
    expect(isRunning({ pid: process.pid, host: hostname(), started: 'another-boot:1' })).toBe(false);
    const r = tryLock(dist);
    expect(r.lock).toBeDefined();
    held.push(r.lock!);
  });

  it('an unreadable lock counts as being written for a few seconds, then as stale', () => {
    const dist = join(tempDir(), 'dist');
    writeFileSync(lockPath(dist), '');
    expect(tryLock(dist)).toEqual({ owner: undefined });
    const old = Date.now() / 1000 - 60;
    utimesSync(lockPath(dist), old, old);
    const r = tryLock(dist);
    expect(r.lock).toBeDefined();
    held.push(r.lock!);
  });

  it('removing a stale lock that another waiter has just replaced keeps the new one', () => {
    const dist = join(tempDir(), 'dist');
    const stale = JSON.stringify({ pid: deadPid(), host: hostname() });
    const taken = JSON.stringify({ pid: process.pid, host: hostname() });
    // This waiter read `stale`; before it acts, another waiter removed it and took the lock.
    writeFileSync(lockPath(dist), taken);
    removeStaleLock(lockPath(dist), stale);
    expect(readFileSync(lockPath(dist), 'utf8')).toBe(taken);
    expect(readdirSync(dirname(dist))).toEqual(['.dist.lock']);
    writeFileSync(lockPath(dist), stale);
    removeStaleLock(lockPath(dist), stale);
    expect(readdirSync(dirname(dist))).toEqual([]);
  });

  it('a lock from another host is never taken for stale', () => {
    expect(isRunning({ pid: deadPid(), host: `not-${hostname()}` })).toBe(true);
    expect(isRunning({ pid: deadPid(), host: hostname() })).toBe(false);
  });

  it('release leaves a lock that is no longer ours alone', () => {
    const dist = join(tempDir(), 'dist');
    const r = tryLock(dist);
    const other = JSON.stringify({ pid: 1, host: hostname() });
    writeFileSync(lockPath(dist), other);
    r.lock!.release();
    expect(readFileSync(lockPath(dist), 'utf8')).toBe(other);
  });

  it('acquireLock waits for the holder to finish, saying who it waits for', async () => {
    const dist = join(tempDir(), 'dist');
    const holder = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `
      const { tryLock } = await import(${JSON.stringify(swapModule)});
      const { lock } = tryLock(${JSON.stringify(dist)});
      console.log('held');
      setTimeout(() => lock.release(), 700);
    `], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((ok) => holder.stdout.once('data', () => ok()));
    const waitedFor: (number | undefined)[] = [];
    const started = performance.now();
    const lock = await acquireLock(dist, { pollMs: 50, onWait: (owner) => waitedFor.push(owner?.pid) });
    held.push(lock);
    expect(waitedFor).toEqual([holder.pid]);
    expect(performance.now() - started).toBeGreaterThan(400);
  });

  it('acquireLock stops waiting when aborted', async () => {
    const dist = join(tempDir(), 'dist');
    held.push(tryLock(dist).lock!);
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);
    await expect(acquireLock(dist, { pollMs: 20, signal: stop.signal })).rejects.toThrow();
  });

  it('processes racing for a stale lock hold it one at a time', async () => {
    const dist = join(tempDir(), 'dist');
    const log = join(dirname(dist), 'log');
    writeFileSync(log, '');
    writeFileSync(lockPath(dist), JSON.stringify({ pid: deadPid(), host: hostname() }));
    const racer = `
      import { appendFileSync } from 'node:fs';
      const { acquireLock } = await import(${JSON.stringify(swapModule)});
      for (let i = 0; i < 3; i++) {
        const lock = await acquireLock(${JSON.stringify(dist)}, { pollMs: 5 });
        appendFileSync(${JSON.stringify(log)}, 'in ' + process.pid + '\\n');
        await new Promise((ok) => setTimeout(ok, 30));
        appendFileSync(${JSON.stringify(log)}, 'out ' + process.pid + '\\n');
        lock.release();
      }
    `;
    const racers = Array.from({ length: 4 }, () => spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', racer], { cwd: projectRoot, stdio: 'inherit' }));
    const codes = await Promise.all(racers.map((r) => new Promise((ok) => r.on('close', ok))));
    expect(codes).toEqual([0, 0, 0, 0]);
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(4 * 3 * 2);
    for (let i = 0; i < lines.length; i += 2) {
      const pid = lines[i]!.split(' ')[1];
      expect([lines[i], lines[i + 1]]).toEqual([`in ${pid}`, `out ${pid}`]);
    }
    expect(readdirSync(dirname(dist)).sort()).toEqual(['log']);
  }, 30_000);
});

describe("the Astro child's guard (scripts/build/exit-with-parent.mjs)", () => {
  const guard = pathToFileURL(join(projectRoot, 'scripts', 'build', 'exit-with-parent.mjs')).href;
  const run = (parent: number) =>
    spawn(process.execPath, ['--import', guard, '-e', 'setTimeout(() => {}, 20_000)'], { env: { ...process.env, ARBOR_BUILD_PARENT: String(parent) }, stdio: ['ignore', 'ignore', 'pipe'] });
  const exit = (child: ReturnType<typeof run>) => new Promise<{ code: number | null; ms: number }>((ok) => {
    const started = performance.now();
    child.on('close', (code) => ok({ code, ms: performance.now() - started }));
  });

  it('stops a child whose parent is not the build that started it (it is gone)', async () => {
    const child = run(deadPid());
    const { code, ms } = await exit(child);
    expect(code).toBe(1);
    expect(ms).toBeLessThan(5_000);
  });

  it('keeps a child with its parent running, and ends it at once on SIGTERM', async () => {
    const child = run(process.pid);
    const done = exit(child);
    await new Promise((ok) => setTimeout(ok, 600));
    expect(child.exitCode).toBeNull();
    child.kill('SIGTERM');
    expect((await done).code).toBe(143);
  });
});

describe('stagingPath', () => {
  it('is next to the output folder, named after it and the pid', () => {
    expect(stagingPath('/a/b/dist', 12)).toBe('/a/b/.dist-staging-12');
    expect(basename(stagingPath('/a/b/out'))).toBe(`.out-staging-${process.pid}`);
  });
});
