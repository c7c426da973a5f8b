/**
 * How `npm run build` replaces the output folder (`dist/`) so that no kill, crash or second build
 * can leave it half-written or missing:
 *
 * - a lock next to it (`.dist.lock`, holding the builder's pid) lets one build at a time write it;
 *   a second one waits, and the lock of a process that is gone is taken over;
 * - the new site is built into `.dist-staging-<pid>` beside it (same filesystem, so moving it in
 *   is a rename), and swapped in by two renames: `dist` → `.dist-staging-<pid>-old`, then
 *   `.dist-staging-<pid>` → `dist`, then the old copy is removed;
 * - before building, `repairSteps` finishes or undoes a swap that an earlier build was killed in
 *   and removes what earlier builds left behind.
 *
 * Kill points (every state a `kill -9` can leave; a rename is atomic, a removal is not):
 *   while building:             dist (previous), staging (partial)      → remove staging
 *   after dist → old:           old (previous), staging (complete)      → finish: staging → dist
 *   after staging → dist:       dist (new), old                         → remove old
 *   while removing old:         dist (new), old (partly removed)        → remove old
 *   first build, while building: staging (partial), no dist, no old     → remove staging
 * Repair is made of the same atomic steps, so a kill during repair leaves one of these states too.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';

export interface Step {
  /** What the step does, for the build log. */
  what: string;
  run(): void;
}

export const lockPath = (dist: string): string => join(dirname(dist), `.${basename(dist)}.lock`);
export const stagingPath = (dist: string, pid = process.pid): string => join(dirname(dist), `.${basename(dist)}-staging-${pid}`);
const oldOf = (staging: string): string => `${staging}-old`;
const remove = (path: string): void => rmSync(path, { recursive: true, force: true, maxRetries: 3 });
/** A staging folder holds a whole site once Astro finished: it ends with the home page and the search index. */
export const isComplete = (staging: string): boolean => existsSync(join(staging, 'index.html'));

/** The steps that put a finished `staging` in place of `dist`. */
export function swapSteps(staging: string, dist: string): Step[] {
  const old = oldOf(staging);
  return [
    ...(existsSync(dist) ? [{ what: `move ${dist} aside`, run: () => renameSync(dist, old) }] : []),
    { what: `move the new site to ${dist}`, run: () => renameSync(staging, dist) },
    { what: 'remove the previous site', run: () => remove(old) },
  ];
}

export function swapIn(staging: string, dist: string): void {
  if (!isComplete(staging)) throw new Error(`${staging} has no index.html: not swapping it in`);
  for (const step of swapSteps(staging, dist)) step.run();
}

/** Staging and old folders of earlier builds of `dist`, by name (`.dist-staging-<pid>[-old]`). */
export function leftovers(dist: string): string[] {
  const dir = dirname(dist);
  const pattern = new RegExp(`^\\.${basename(dist).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-staging-\\d+(-old)?$`);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => pattern.test(n)).map((n) => join(dir, n));
}

/**
 * What to do, with the lock held, about the folders earlier builds left: when `dist` is missing
 * (killed between the two renames), finish that swap if its new site is complete, else put the
 * previous site back; then remove every other leftover.
 */
export function repairSteps(dist: string): Step[] {
  const found = leftovers(dist);
  const steps: Step[] = [];
  let used: string | undefined;
  if (!existsSync(dist)) {
    // With the lock there is at most one interrupted swap; if there were more, the newest wins.
    const olds = found.filter((p) => p.endsWith('-old')).sort((a, b) => statSync(b).ctimeMs - statSync(a).ctimeMs);
    const old = olds[0];
    if (old) {
      const staging = old.slice(0, -'-old'.length);
      if (found.includes(staging) && isComplete(staging)) {
        used = staging;
        steps.push({ what: `finished an interrupted swap: ${basename(staging)} → ${basename(dist)}`, run: () => renameSync(staging, dist) });
      } else {
        used = old;
        steps.push({ what: `put the previous site back: ${basename(old)} → ${basename(dist)}`, run: () => renameSync(old, dist) });
      }
    }
  }
  for (const path of found) {
    if (path !== used) steps.push({ what: `removed ${basename(path)}, left by an interrupted build`, run: () => remove(path) });
  }
  return steps;
}

/** Runs the repair; returns what it did (empty when there was nothing to do). */
export function repair(dist: string): string[] {
  const steps = repairSteps(dist);
  for (const step of steps) step.run();
  return steps.map((s) => s.what);
}

// ---- the lock ----

export interface LockOwner {
  pid: number;
  host: string;
  /** Boot id and start time of the process (Linux), so that a reused pid is not taken for the owner. */
  started?: string;
}

export interface Lock {
  path: string;
  owner: LockOwner;
  /** Removes the lock if it is still this process's. */
  release(): void;
}

/** `<boot id>:<start time in clock ticks>` of a process, from /proc (Linux only). */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime); the fields after the command name "(…)" start at field 3.
    const startTicks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return startTicks ? `${boot}:${startTicks}` : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the owner of a lock may still be running (another host's owner always may). */
export function isRunning(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const started = owner.started && processStart(owner.pid);
  return !started || started === owner.started;
}

export function currentOwner(): LockOwner {
  const started = processStart(process.pid);
  return { pid: process.pid, host: hostname(), ...(started ? { started } : {}) };
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    return Number.isInteger(o.pid) && o.pid! > 0 && typeof o.host === 'string' ? { pid: o.pid!, host: o.host, ...(typeof o.started === 'string' ? { started: o.started } : {}) } : undefined;
  } catch {
    return undefined;
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** A lock file that cannot be read as an owner is the owner's own, still being written, for this long. */
const UNREADABLE_GRACE_MS = 5_000;

/**
 * Removes the lock at `path` if it still holds `staleText`. It is moved aside first (atomic) and
 * compared, so that a lock another waiter took in the meantime is put back, not deleted.
 */
export function removeStaleLock(path: string, staleText: string): void {
  const aside = `${path}.stale-${process.pid}`;
  try {
    renameSync(path, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // another waiter removed it
    throw err;
  }
  const moved = readText(aside);
  if (moved !== undefined && moved !== staleText) {
    try {
      writeFileSync(path, moved, { flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  rmSync(aside, { force: true });
}

export type TryLock = { lock: Lock; owner?: undefined } | { lock?: undefined; owner: LockOwner | undefined };

/** One attempt: takes the lock, or takes over a stale one, or returns who holds it. */
export function tryLock(dist: string): TryLock {
  const path = lockPath(dist);
  mkdirSync(dirname(path), { recursive: true });
  const owner = currentOwner();
  const mine = `${JSON.stringify(owner)}\n`;
  // Node has no flock(); an exclusive create (O_EXCL) is the atomic "take it if nobody has it".
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      writeFileSync(path, mine, { flag: 'wx' });
      return {
        lock: {
          path,
          owner,
          release: () => {
            if (readText(path) === mine) rmSync(path, { force: true });
          },
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const text = readText(path);
    if (text === undefined) continue; // released in between: try again
    const holder = parseOwner(text);
    if (holder ? isRunning(holder) : Date.now() - statSync(path).mtimeMs < UNREADABLE_GRACE_MS) return { owner: holder };
    removeStaleLock(path, text);
  }
  return { owner: undefined };
}

export interface WaitOptions {
  /** Called once, when the lock is held by another running build. */
  onWait?: (owner: LockOwner | undefined, path: string) => void;
  pollMs?: number;
  /** Stop waiting (rejects) when this signal aborts. */
  signal?: AbortSignal;
}

/** Takes the lock of `dist`, waiting for as long as another running build holds it. */
export async function acquireLock(dist: string, options: WaitOptions = {}): Promise<Lock> {
  let told = false;
  for (;;) {
    options.signal?.throwIfAborted();
    const attempt = tryLock(dist);
    if (attempt.lock) return attempt.lock;
    if (!told) options.onWait?.(attempt.owner, lockPath(dist));
    told = true;
    await new Promise((ok) => setTimeout(ok, options.pollMs ?? 250));
  }
}

// ---- where Astro writes ----

/** Private build folders of this checkout, `<pid>/` with its owner in `<pid>.json` (Astro empties its outDir). */
export const privateBuildsDir = (root: string): string => join(root, 'node_modules', '.cache', 'arbor-build');

/**
 * The folder Astro builds into for `staging`. Astro keeps its server bundle (which imports the
 * project's node_modules) in its outDir when that is inside the project, and renames files from
 * it into outDir. So a staging folder inside the project is used as it is; for one outside it
 * Astro would put that bundle in the project's `.astro/` (shared by every build of the checkout)
 * and fail with EXDEV when the output is on another filesystem, so it builds into a private
 * folder of the project instead and `moveToStaging` brings the result over.
 */
export function astroOutDir(root: string, staging: string): string {
  const rel = relative(root, staging);
  if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return staging;
  const dir = privateBuildsDir(root);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify(currentOwner()));
  return join(dir, String(process.pid));
}

/** Moves Astro's finished output to the staging folder: a rename, or a copy across filesystems. */
export function moveToStaging(out: string, staging: string): void {
  if (out === staging) return;
  remove(staging);
  try {
    renameSync(out, staging);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    cpSync(out, staging, { recursive: true });
    remove(out);
  }
}

/** Removes this process's private build folder (if it made one). */
export function removePrivateBuild(root: string): void {
  const dir = privateBuildsDir(root);
  remove(join(dir, String(process.pid)));
  rmSync(join(dir, `${process.pid}.json`), { force: true });
}

/** Removes the private build folders of builds that are no longer running; returns their names. */
export function removeDeadPrivateBuilds(root: string): string[] {
  const dir = privateBuildsDir(root);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const pids = new Set(names.map((n) => /^(\d+)(\.json)?$/.exec(n)?.[1]).filter((p): p is string => p !== undefined));
  const removed: string[] = [];
  for (const pid of pids) {
    const text = readText(join(dir, `${pid}.json`));
    const owner = text === undefined ? undefined : parseOwner(text);
    const fresh = () => {
      try {
        return Date.now() - statSync(join(dir, pid)).mtimeMs < UNREADABLE_GRACE_MS;
      } catch {
        return false;
      }
    };
    if (owner ? isRunning(owner) : fresh()) continue;
    remove(join(dir, pid));
    rmSync(join(dir, `${pid}.json`), { force: true });
    removed.push(join(dir, pid));
  }
  return removed;
}
