/**
 * End-to-end harness: builds a fixture knowledge base with the real build command into a
 * temp folder, serves it under its base path with sirv, and opens Debian's Chromium (or the
 * one named by ARBOR_CHROMIUM) through playwright-core.
 */
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import sirv from 'sirv';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findBrowser } from '../../src/core/diagrams/browser.ts';

export const projectRoot = resolve(import.meta.dirname, '..', '..');

/** The environment without what Vitest sets for Vite (BASE_URL, MODE…), which would leak into Astro. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'VITEST', 'VITEST_MODE', 'VITEST_POOL_ID', 'VITEST_WORKER_ID', 'NODE_ENV', 'TEST']) delete env[key];
  return env;
}

export interface BuildResult {
  status: number;
  output: string;
  dist: string;
}

/** Runs `scripts/build.ts` for a content folder; `env` may set ARBOR_BASE, ARBOR_CHROMIUM… */
export function buildFixture(contentDir: string, env: Record<string, string> = {}, dist = join(mkdtempSync(join(tmpdir(), 'arbor-dist-')), 'dist')): BuildResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'scripts', 'build.ts')], {
    cwd: projectRoot,
    env: { ...cleanEnv(), ARBOR_CONTENT: contentDir, ARBOR_DIST: dist, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  // Colours are stripped: CI may force them (FORCE_COLOR), and tests read the text.
  return { status: r.status ?? 1, output: stripVTControlCharacters(`${r.stdout}\n${r.stderr}`), dist };
}

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Serves `dist` at http://127.0.0.1:<port><base>, with the site's 404 page for misses. */
export async function serve(dist: string, base = '/'): Promise<Served> {
  const assets = sirv(dist, { dev: true, extensions: ['html'] });
  const server: Server = createServer((req, res) => {
    if (!req.url?.startsWith(base)) return void ((res.statusCode = 404), res.end());
    req.url = `/${req.url.slice(base.length)}`;
    assets(req, res, () => {
      res.statusCode = 404;
      res.end('not found');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}${base}`, close: () => new Promise((ok) => server.close(() => ok())) };
}

export interface OpenOptions {
  colorScheme?: 'light' | 'dark';
  width?: number;
}

/** A page that records uncaught errors, console errors and dialogs (none should happen). */
export async function openPage(browser: Browser, url: string, options: OpenOptions = {}): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ colorScheme: options.colorScheme ?? 'light', viewport: { width: options.width ?? 1200, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => void (m.type() === 'error' && errors.push(`console: ${m.text()}`)));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(url);
  return { page, errors };
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = findBrowser();
  if (!executablePath) throw new Error('No Chromium found: install chromium (apt-get install chromium) or set ARBOR_CHROMIUM');
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}
