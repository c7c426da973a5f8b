/**
 * The build's Chromium: which executable (`lookupBrowser`), and launching it with flags that keep
 * it off the network and quiet (`launchBrowser`). A browser that was named or found but does not
 * work is an error naming the executable and what happened, never taken for "no browser".
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';

/** playwright-core, loaded when first needed (~0.4 s): a build that finds its Chromium in ARBOR_CHROMIUM and draws nothing never loads it. */
const playwright = () => createRequire(import.meta.url)('playwright-core') as typeof import('playwright-core');

/** Why `file` cannot be run as a browser, or undefined when it can. */
function notExecutable(file: string): string | undefined {
  let stats;
  try {
    stats = statSync(file);
  } catch {
    return 'does not exist';
  }
  if (!stats.isFile()) return 'is not a file';
  try {
    accessSync(file, constants.X_OK);
  } catch {
    return 'is not executable';
  }
  return undefined;
}

const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function onPath(env: NodeJS.ProcessEnv, names: string[]): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of names) {
      const file = join(dir, name);
      if (!notExecutable(file)) return file;
    }
  }
  return undefined;
}

/**
 * Which Chromium draws the diagrams, or why none: `disabled` (ARBOR_CHROMIUM=none), `not-found`
 * (nothing installed where we look), `invalid` (ARBOR_CHROMIUM names no executable: a typo, which
 * must not pass for "no browser").
 */
export type BrowserLookup =
  | { path: string; source: 'ARBOR_CHROMIUM' | 'Playwright' | 'PATH' }
  | { path: null; reason: 'disabled' | 'not-found' | 'invalid'; message: string };

/**
 * Looks in $ARBOR_CHROMIUM (a path, or a name looked up on PATH; `none`: never draw at build time),
 * then for Playwright's own downloaded Chromium, then for `chromium`, `chromium-browser`,
 * `google-chrome`, `google-chrome-stable` on PATH.
 */
export function lookupBrowser(env: NodeJS.ProcessEnv = process.env): BrowserLookup {
  const wanted = env.ARBOR_CHROMIUM?.trim();
  if (wanted === 'none') return { path: null, reason: 'disabled', message: 'ARBOR_CHROMIUM=none turns the search off' };
  if (wanted) {
    const file = wanted.includes('/') ? resolve(wanted) : onPath(env, [wanted]);
    const problem = file ? notExecutable(file) : 'is not a path, and no program of that name is on PATH';
    if (!problem) return { path: file!, source: 'ARBOR_CHROMIUM' };
    const shown = file && file !== wanted ? ` (${file})` : '';
    return { path: null, reason: 'invalid', message: `ARBOR_CHROMIUM="${wanted}"${shown} ${problem}` };
  }
  try {
    const bundled = playwright().chromium.executablePath();
    if (bundled && !notExecutable(bundled)) return { path: bundled, source: 'Playwright' };
  } catch {
    // playwright-core knows no browser for this platform
  }
  const found = onPath(env, PATH_NAMES);
  if (found) return { path: found, source: 'PATH' };
  return { path: null, reason: 'not-found', message: `no Chromium found (looked for Playwright's Chromium and for ${PATH_NAMES.join(', ')} on PATH)` };
}

/**
 * The Chromium to draw with (see `lookupBrowser`), or null if none is there. Throws when
 * ARBOR_CHROMIUM names no executable, so a mistyped path is never taken for "no browser".
 */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): string | null {
  const found = lookupBrowser(env);
  if (found.path === null && found.reason === 'invalid') throw new Error(`${found.message}: set it to a Chromium or Chrome executable, or to "none"`);
  return found.path;
}

/** Flags that keep a build-time Chromium off the network (it has none) and quiet. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** A browser that is not ready by then is reported as not starting (Playwright's default is 3 min). */
const LAUNCH_TIMEOUT_MS = 30_000;

/** Playwright's launch error, boiled down to what the browser did: how it exited and what it printed. */
function launchFailure(err: unknown): string {
  // Playwright colours its call log with ANSI escapes.
  const text = (err instanceof Error ? err.message : String(err)).replace(/\u001b\[[0-9;]*m/g, '');
  const exit = /<process did exit: exitCode=(\w+), signal=(\w+)>/.exec(text);
  const printed = [...new Set([...text.matchAll(/\[pid=\d+\]\[err\] (.*)/g)].map((m) => m[1]!.trim()).filter(Boolean))].slice(-3);
  const how = exit
    ? exit[2] !== 'null'
      ? `it was killed by ${exit[2]} before it was ready`
      : `it exited with code ${exit[1]} before it was ready`
    : text.split('\n')[0]!.replace(/^browserType\.launch: /, '');
  return printed.length ? `${how}; it printed: ${printed.map((l) => (l.length > 200 ? `${l.slice(0, 200)}…` : l)).join(' / ')}` : how;
}

/** Launch `executable`, or say why it did not start ("Chromium at X did not start: ..."). */
export async function launchBrowser(executable: string): Promise<{ browser: Browser } | { error: string }> {
  try {
    return { browser: await playwright().chromium.launch({ executablePath: executable, args: CHROMIUM_ARGS, timeout: LAUNCH_TIMEOUT_MS }) };
  } catch (err) {
    return { error: `Chromium at ${executable} did not start: ${launchFailure(err)}` };
  }
}
