/**
 * Draw Mermaid diagrams to SVG at build time: what the cache lacks is drawn in one headless
 * Chromium, in several tabs at once (each diagram with its own timeout), and cached by content hash,
 * so a rebuild draws only what changed. The SVGs are themed (see `theme.ts`).
 *
 * No browser (`browserPath: null`, or none found) is not an error here: the undrawn jobs are absent
 * from `svgs` and the caller decides (fall back to the reader's browser, or stop). A browser that
 * was named or found but does not work (no such file, does not start, dies while drawing) sets
 * `browserError`, naming the executable and what happened, and is never taken for "no browser".
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, lookupBrowser } from './browser.ts';
import { isSafeKey, SvgCache } from './cache.ts';
import { closeDrawingPage, drawOn, firstLine, openDrawingContext, openDrawingPage } from './drawing-page.ts';

export interface RenderJob {
  /** Content hash (see `diagramKey`); names the cache file and the SVG's id. */
  key: string;
  source: string;
}

export interface RenderResult {
  /** key -> themed SVG, for every job drawn now or found in the cache. */
  svgs: Map<string, string>;
  drawn: number;
  cached: number;
  /**
   * Diagrams that were not drawn through their own fault: mermaid rejected them (remembered in the
   * cache), or they took longer than `timeoutMs` (`timedOut`, not remembered), or their page crashed.
   */
  failed: { key: string; message: string; timedOut?: boolean }[];
  /** The browser that was launched; null when none was (nothing to draw, none given or found, or it did not start). */
  browser: string | null;
  /**
   * The browser given or found could not be used: ARBOR_CHROMIUM names no executable, it did not
   * start, or it died while drawing. Says which executable and what happened. The jobs it left are
   * in neither `svgs` nor `failed`.
   */
  browserError?: string;
}

export interface RenderOptions {
  cacheDir: string;
  /** undefined: `lookupBrowser()`; null: do not draw; a path: that executable. */
  browserPath?: string | null;
  /** Per diagram (default DIAGRAM_TIMEOUT_MS): a slower one fails alone, the others are still drawn. */
  timeoutMs?: number;
  /** Tabs drawing at once in the one browser (default `defaultConcurrency`). */
  concurrency?: number;
  /**
   * Runs once the diagrams are drawn, before the browser closes, with their result and the same
   * browser (launched on first call when no diagram needed drawing; undefined when there is none).
   */
  after?: (result: RenderResult, browser: () => Promise<Browser | undefined>) => Promise<void>;
}

/**
 * A diagram that takes longer than this to draw is abandoned alone (its page is replaced) and
 * reported, uncached; the others are drawn. Dense graphs are what is slow: on 2 cores a 250-node,
 * 499-edge flowchart takes ~15 s, a 60-node one with as many edges over a minute.
 */
export const DIAGRAM_TIMEOUT_MS = 60_000;

/**
 * Tabs for `missing` diagrams to draw: one per core, at most 4, never more than diagrams. Each tab
 * loads mermaid's bundle (~0.5 s of CPU) and Chromium's own processes need a share of the cores:
 * the 44 notebook diagrams on 2 busy cores took 8.5 s (median) in 1 tab, 8.2 s in 2, 12.9 s in 4.
 */
export function defaultConcurrency(missing: number): number {
  return Math.max(1, Math.min(availableParallelism(), missing, 4));
}

/**
 * Draw the jobs that are not in the cache (all in one browser, one `page.evaluate` per diagram
 * so that each has its own timeout), and return every SVG we have.
 */
export async function renderDiagrams(jobs: RenderJob[], opts: RenderOptions): Promise<RenderResult> {
  // The browser is launched when first needed (a diagram or, via `after`, a preview to draw) and closed at the end.
  let launched: Promise<{ browser: Browser } | { error: string } | undefined> | undefined;
  let executable: string | null | undefined;
  const launch = (): Promise<{ browser: Browser } | { error: string } | undefined> =>
    (launched ??= (async () => {
      executable = opts.browserPath;
      if (executable === undefined) {
        const found = lookupBrowser();
        if (found.path === null && found.reason === 'invalid') return { error: found.message };
        executable = found.path;
      }
      return executable ? launchBrowser(executable) : undefined;
    })());
  try {
    const result = await drawDiagramJobs(jobs, opts, launch, () => executable);
    if (opts.after) {
      await opts.after(result, async () => {
        const b = await launch();
        return b && 'browser' in b && b.browser.isConnected() ? b.browser : undefined;
      });
    }
    return result;
  } finally {
    const b = await launched;
    if (b && 'browser' in b) await b.browser.close().catch(() => {});
  }
}

async function drawDiagramJobs(jobs: RenderJob[], opts: RenderOptions, launch: () => Promise<{ browser: Browser } | { error: string } | undefined>, executableOf: () => string | null | undefined): Promise<RenderResult> {
  const result: RenderResult = { svgs: new Map(), drawn: 0, cached: 0, failed: [], browser: null };
  const cache = await new SvgCache(opts.cacheDir).open();

  const missing: RenderJob[] = [];
  const seen = new Set<string>();
  for (const job of jobs) {
    if (seen.has(job.key)) continue;
    seen.add(job.key);
    if (!isSafeKey(job.key)) {
      result.failed.push({ key: job.key, message: 'key must be 1-128 letters, digits, "-" or "_"' });
      continue;
    }
    const cached = await cache.get(job.key);
    if (cached && 'svg' in cached) {
      result.svgs.set(job.key, cached.svg);
      result.cached++;
    } else if (cached) {
      // mermaid rejected this exact source with this exact renderer before; it would again.
      result.failed.push({ key: job.key, message: cached.error });
    } else {
      missing.push(job);
    }
  }
  if (missing.length === 0) return result;

  const launched = await launch();
  if (!launched) return result; // no browser: the caller lets the reader's browser draw
  if ('error' in launched) {
    result.browserError = launched.error;
    return result;
  }
  const browser: Browser = launched.browser;
  const executable = executableOf()!;
  result.browser = executable;
  const failedBefore = result.failed.length;
  const timeoutMs = opts.timeoutMs ?? DIAGRAM_TIMEOUT_MS;
  let disconnected = false;
  browser.on('disconnected', () => (disconnected = true));
  /** Why the browser as a whole stopped drawing (it died, or a fresh page could not load mermaid). */
  let stopped: string | undefined;

  // Each tab takes the next diagram when it is done with one: a slow diagram holds up only its tab.
  const queue = [...missing];
  let context: Promise<BrowserContext> | undefined;
  const work = async () => {
    let page: Page | undefined;
    try {
      while (!stopped && queue.length) {
        page ??= await openDrawingPage(await (context ??= openDrawingContext(browser)));
        if (stopped || !queue.length) break; // another tab found the browser dead, or took the last job, meanwhile
        const job = queue.shift()!;
        const outcome = await drawOn(page, job, timeoutMs);
        if (outcome.ok) {
          await cache.putSvg(job.key, outcome.svg);
          result.svgs.set(job.key, outcome.svg);
          result.drawn++;
        } else if (!('broken' in outcome)) {
          // mermaid rejected the source: that is the diagram's fault, and it would be again.
          result.failed.push({ key: job.key, message: outcome.message });
          await cache.putError(job.key, outcome.message);
        } else {
          await closeDrawingPage(page);
          page = undefined;
          // A dead browser is nobody's diagram's fault: the job goes back, and drawing stops.
          await new Promise((ok) => setTimeout(ok, 50)); // let a 'disconnected' that came with the error arrive
          if (disconnected || !browser.isConnected()) {
            queue.unshift(job);
            stopped ??= `it exited or crashed (${outcome.message})`;
            break;
          }
          // Too slow, or its page crashed: reported for this diagram alone, never cached (a
          // faster or less loaded machine may draw it), and the next diagram gets a fresh page.
          result.failed.push({ key: job.key, message: outcome.message, ...(outcome.broken === 'timeout' ? { timedOut: true } : {}) });
        }
      }
    } catch (err) {
      stopped ??= disconnected ? `it exited or crashed (${firstLine(err)})` : firstLine(err);
    } finally {
      if (page) await closeDrawingPage(page);
    }
  };
  const tabs = Math.max(1, Math.min(opts.concurrency ?? defaultConcurrency(missing.length), missing.length));
  await Promise.all(Array.from({ length: tabs }, work));
  if (context) await (await context.catch(() => undefined))?.close().catch(() => {});
  // Tabs finish in any order; the result lists SVGs and failures in the order of `jobs`, as one tab would.
  const order = new Map<string, number>();
  jobs.forEach((j, i) => order.has(j.key) || order.set(j.key, i)); // a repeated job counts where it first came
  const rank = (key: string) => order.get(key) ?? 0;
  result.svgs = new Map([...result.svgs].sort(([a], [b]) => rank(a) - rank(b)));
  result.failed.sort((a, b) => rank(a.key) - rank(b.key));
  if (stopped) {
    const left = missing.length - result.drawn - (result.failed.length - failedBefore);
    result.browserError = `Chromium at ${executable} stopped drawing with ${left} of ${missing.length} diagram${missing.length === 1 ? '' : 's'} left: ${stopped}`;
  }
  return result;
}

export interface PreviewJob {
  /** `previewKey` of the card: names `<cacheDir>/<key>.png`. */
  key: string;
  /** The card's HTML (`previewHtml`), made only when the image is not in the cache. */
  html: () => string;
}

export interface PreviewResult {
  /** key -> the cached PNG, for every card drawn now or found in the cache. */
  files: Map<string, string>;
  drawn: number;
  cached: number;
  failed: { key: string; message: string }[];
}

/**
 * Draws the cards the cache lacks on one page of `browser` (setContent + screenshot each, with
 * scripts off and every request refused: a card needs nothing but its own HTML), and caches each
 * PNG by its key. No browser: the cards not in the cache are left out of `files`.
 */
export async function drawPreviews(jobs: PreviewJob[], cacheDir: string, browser: () => Promise<Browser | undefined>, size: { width: number; height: number }): Promise<PreviewResult> {
  const result: PreviewResult = { files: new Map(), drawn: 0, cached: 0, failed: [] };
  const missing: PreviewJob[] = [];
  for (const job of new Map(jobs.map((j) => [j.key, j])).values()) {
    const file = join(cacheDir, `${job.key}.png`);
    if (!isSafeKey(job.key)) result.failed.push({ key: job.key, message: 'unsafe key' });
    else if (existsSync(file)) result.files.set(job.key, file), result.cached++;
    else missing.push(job);
  }
  if (!missing.length) return result;
  const b = await browser();
  if (!b) return result;
  await mkdir(cacheDir, { recursive: true });
  const context = await b.newContext({ viewport: size, deviceScaleFactor: 1, colorScheme: 'light', javaScriptEnabled: false });
  try {
    await context.route('**', (route) => route.abort());
    // Tabs share the queue, as for the diagrams: screenshots keep every core busy.
    const queue = missing.slice();
    const work = async () => {
      const page = await context.newPage();
      for (let job = queue.shift(); job; job = queue.shift()) {
        const file = join(cacheDir, `${job.key}.png`);
        try {
          await page.setContent(job.html(), { waitUntil: 'load', timeout: 30_000 });
          const png = await page.screenshot({ type: 'png', timeout: 30_000 });
          // Written whole, then renamed: a concurrent build never copies half a file.
          const tmp = `${file}.${process.pid}.tmp`;
          await writeFile(tmp, png);
          await rename(tmp, file);
          result.files.set(job.key, file);
          result.drawn++;
        } catch (err) {
          result.failed.push({ key: job.key, message: firstLine(err) });
        }
      }
      await page.close().catch(() => {});
    };
    await Promise.all(Array.from({ length: defaultConcurrency(missing.length) }, work));
  } finally {
    await context.close().catch(() => {});
  }
  return result;
}
