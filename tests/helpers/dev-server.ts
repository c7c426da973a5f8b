/**
 * Live dev-loop harness: runs the real `astro dev` of this checkout on a content folder (usually
 * a copy of the fixture outside the project), records everything it prints, and kills its whole
 * process group when done. Used by tests/e2e/dev-loop.test.ts and bench/dev-latency.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

export const projectRoot = resolve(import.meta.dirname, '..', '..');
export const fixtureContent = join(projectRoot, 'tests', 'fixtures', 'site', 'content');

/** Copies a content folder to a fresh folder under os.tmpdir() (outside the project); returns its content/ path. */
export function copyContent(from = fixtureContent): string {
  const root = mkdtempSync(join(tmpdir(), 'arbor-dev-'));
  const contentDir = join(root, 'content');
  cpSync(from, contentDir, { recursive: true });
  return contentDir;
}

/** Removes a folder made by copyContent (its parent, the mkdtemp folder). */
export function removeContent(contentDir: string): void {
  rmSync(resolve(contentDir, '..'), { recursive: true, force: true });
}

/** The environment without what Vitest sets for Vite (BASE_URL, MODE…), which would leak into Astro. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'VITEST', 'VITEST_MODE', 'VITEST_POOL_ID', 'VITEST_WORKER_ID', 'NODE_ENV', 'TEST']) delete env[key];
  return env;
}

/** A port that was free a moment ago (the OS picks it; astro dev binds it right after). */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => ok(port));
    });
  });
}

export interface LogLine {
  /** performance.now() when the chunk arrived. */
  t: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface DevServer {
  /** http://127.0.0.1:<port><base> */
  url: string;
  port: number;
  pid: number;
  contentDir: string;
  /** Every line printed so far, colours stripped. */
  lines: LogLine[];
  /** How long the server took to answer its first request, ms. */
  startMs: number;
  /** The log as text, from line index `since` on. */
  logText(since?: number): string;
  /** Waits (bounded) until a line from `since` on matches; returns it, or undefined on timeout. */
  waitForLine(re: RegExp, options?: { since?: number; timeoutMs?: number }): Promise<string | undefined>;
  /** The process is still running (it has not exited or crashed). */
  alive(): boolean;
  /** Kills the whole process group (Astro and the Chromium it starts for diagrams). */
  stop(): Promise<void>;
}

export interface StartOptions {
  contentDir: string;
  base?: string;
  env?: Record<string, string>;
  /** Bound for the first successful response (a cold start draws diagrams and optimises deps). */
  timeoutMs?: number;
  /** Echo the server's output to this process's stdout as it comes (for the benchmark). */
  echo?: boolean;
}

export const sleep = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));

/**
 * Starts `astro dev --port <free port>` from the project root with ARBOR_CONTENT/ARBOR_BASE and
 * waits until the base URL answers 200. `--ignore-lock`: Astro keeps one lock file per project
 * (.astro/dev.json) and refuses a second dev server; a test must not collide with, or replace, one an
 * engineer is running from the same checkout.
 */
export async function startDevServer(options: StartOptions): Promise<DevServer> {
  const base = options.base ?? '/';
  const port = await freePort();
  const astro = join(projectRoot, 'node_modules', 'astro', 'bin', 'astro.mjs');
  const child: ChildProcess = spawn(process.execPath, [astro, 'dev', '--port', String(port), '--host', '127.0.0.1', '--ignore-lock'], {
    cwd: projectRoot,
    env: { ...cleanEnv(), ARBOR_CONTENT: options.contentDir, ARBOR_BASE: base, NO_COLOR: '1', FORCE_COLOR: '0', ASTRO_TELEMETRY_DISABLED: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that stop() reaches every process it starts.
    detached: true,
  });
  const pid = child.pid!;
  const lines: LogLine[] = [];
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitPromise = new Promise<void>((ok) =>
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      ok();
    }),
  );
  for (const stream of ['stdout', 'stderr'] as const) {
    let rest = '';
    child[stream]!.setEncoding('utf8');
    child[stream]!.on('data', (chunk: string) => {
      if (options.echo) process.stdout.write(chunk);
      const parts = (rest + chunk).split('\n');
      rest = parts.pop()!;
      const t = performance.now();
      for (const text of parts) lines.push({ t, stream, text: stripVTControlCharacters(text) });
    });
    child[stream]!.on('end', () => void (rest && lines.push({ t: performance.now(), stream, text: stripVTControlCharacters(rest) })));
  }
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is gone already.
    }
  };
  // If the test process dies first, the detached server must not outlive it.
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);

  const logText = (since = 0) => lines.slice(since).map((l) => l.text).join('\n');
  const server: DevServer = {
    url: `http://127.0.0.1:${port}${base}`,
    port,
    pid,
    contentDir: options.contentDir,
    lines,
    startMs: 0,
    logText,
    async waitForLine(re, { since = 0, timeoutMs = 15_000 } = {}) {
      const end = performance.now() + timeoutMs;
      for (;;) {
        const hit = lines.slice(since).find((l) => re.test(l.text));
        if (hit) return hit.text;
        if (performance.now() > end || exited) return undefined;
        await sleep(50);
      }
    },
    alive: () => !exited,
    async stop() {
      process.off('exit', onExit);
      if (exited) return;
      killGroup('SIGTERM');
      await Promise.race([exitPromise, sleep(5_000)]);
      killGroup('SIGKILL');
      await Promise.race([exitPromise, sleep(2_000)]);
    },
  };

  const started = performance.now();
  const end = started + (options.timeoutMs ?? 180_000);
  for (;;) {
    if (exited) throw new Error(`astro dev exited (code ${exited.code}, signal ${exited.signal}) before serving:\n${logText()}`);
    try {
      const res = await fetch(server.url, { signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (performance.now() > end) {
      await server.stop();
      throw new Error(`astro dev did not serve ${server.url} within ${options.timeoutMs ?? 180_000} ms:\n${logText()}`);
    }
    await sleep(250);
  }
  server.startMs = Math.round(performance.now() - started);
  return server;
}

/** GET a URL: status and body (no throw on 4xx/5xx). */
export async function get(url: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  return { status: res.status, text: await res.text() };
}

/** Polls `check` every `intervalMs` until it returns true or `timeoutMs` passes; returns the ms it took, or undefined. */
export async function pollUntil(check: () => Promise<boolean> | boolean, { timeoutMs = 15_000, intervalMs = 100, from = performance.now() } = {}): Promise<number | undefined> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    let ok = false;
    try {
      ok = await check();
    } catch {
      // A page in the middle of a reload, a server in the middle of an update: not yet.
    }
    if (ok) return Math.round(performance.now() - from);
    if (performance.now() > end) return undefined;
    await sleep(intervalMs);
  }
}
