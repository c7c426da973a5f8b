/**
 * `npm run build`: runs `astro build` into a fresh folder next to `dist/` and swaps it in as
 * `dist/` only when the whole build (pages, diagrams, search index) succeeded. A failed,
 * interrupted or killed build leaves the previous `dist/` as it was; the next build finishes or
 * undoes a swap that was cut short and removes what killed builds left (scripts/build/swap.ts).
 * One build at a time writes a given output folder: a second one waits for the first.
 * ARBOR_DIST names another output folder; arguments are passed on to `astro build`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { rmSync } from 'node:fs';
import { acquireLock, astroOutDir, isComplete, moveToStaging, removeDeadPrivateBuilds, removePrivateBuild, repair, stagingPath, swapIn, type Lock } from './build/swap.ts';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** How long a stopped Astro gets to exit before it is killed. */
const STOP_GRACE_MS = 10_000;

/** Runs `astro build` into `outDir` in a child that ends with this process (scripts/build/exit-with-parent.mjs). */
function runAstro(root: string, outDir: string, args: string[], started: (child: ChildProcess) => void): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const astro = resolve(root, 'node_modules', 'astro', 'bin', 'astro.mjs');
  const guard = pathToFileURL(resolve(import.meta.dirname, 'build', 'exit-with-parent.mjs')).href;
  const child = spawn(process.execPath, ['--import', guard, astro, 'build', '--root', root, ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ARBOR_OUT_DIR: outDir, ARBOR_BUILD_PARENT: String(process.pid) },
  });
  started(child);
  return new Promise((ok, fail) => {
    child.once('error', fail);
    child.once('close', (code, signal) => ok({ code, signal }));
  });
}

export async function buildSite(root: string, dist: string, extraArgs: string[] = []): Promise<number> {
  const staging = stagingPath(dist);
  const stop = new AbortController();
  let stopping: NodeJS.Signals | undefined;
  let child: ChildProcess | undefined;
  let lock: Lock | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return void child?.kill('SIGKILL'); // asked twice: stop waiting for Astro
    stopping = signal;
    stop.abort();
    if (child && child.exitCode === null) {
      child.kill(signal);
      setTimeout(() => child?.kill('SIGKILL'), STOP_GRACE_MS).unref();
    }
  };
  // Runs on every way out, process.exit() included (a kill -9 is repaired by the next build).
  const cleanUp = () => {
    rmSync(staging, { recursive: true, force: true });
    removePrivateBuild(root);
    lock?.release();
    lock = undefined;
  };
  const stopped = () => {
    console.error(`\nBuild stopped (${stopping}): ${dist} was left as it was.`);
    return 128 + constants.signals[stopping!];
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on('exit', cleanUp);
  try {
    lock = await acquireLock(dist, {
      signal: stop.signal,
      onWait: (owner, path) =>
        console.log(`Another build${owner ? ` (pid ${owner.pid})` : ''} is writing ${dist}; waiting for it to finish (lock: ${path}).`),
    }).catch((err) => {
      if (stopping) return undefined;
      throw err;
    });
    if (!lock) return stopped();
    for (const what of repair(dist)) console.log(`${dist}: ${what}.`);
    for (const path of removeDeadPrivateBuilds(root)) console.log(`removed ${path}, left by an interrupted build.`);

    const out = astroOutDir(root, staging);
    const { code, signal } = await runAstro(root, out, extraArgs, (c) => (child = c));
    if (stopping) return stopped();
    if (code !== 0 || !isComplete(out)) {
      console.error(`\nBuild failed${signal ? ` (astro was killed by ${signal})` : ''}: ${dist} was left as it was.`);
      return code || 1;
    }
    moveToStaging(out, staging);
    swapIn(staging, dist);
    console.log(`\nSite written to ${dist}`);
    return 0;
  } finally {
    cleanUp();
    process.off('exit', cleanUp);
    for (const s of SIGNALS) process.off(s, onSignal);
  }
}

if (import.meta.filename === resolve(process.argv[1] ?? '')) {
  const root = resolve(import.meta.dirname, '..');
  const dist = resolve(root, process.env.ARBOR_DIST ?? 'dist');
  process.exit(await buildSite(root, dist, process.argv.slice(2)));
}
