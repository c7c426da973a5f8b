/**
 * renderDiagrams when drawing goes wrong: a mistyped or broken browser is an error that names
 * the executable (never "no browser"), a slow diagram fails alone, and a browser that dies while
 * drawing does not blame the diagrams it left.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findBrowser, lookupBrowser } from '../../../src/core/diagrams/browser.ts';
import { diagramKey } from '../../../src/core/diagrams/cache.ts';
import { renderDiagrams, type RenderJob } from '../../../src/core/diagrams/draw.ts';
import { slowFlowchart } from '../../helpers/slow-diagram.ts';

const job = (source: string): RenderJob => ({ key: diagramKey(source), source });
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'arbor-dgf-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** An executable shell script in a temp folder. */
function script(name: string, body: string): string {
  const file = join(tempDir(), name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('lookupBrowser: a mistyped ARBOR_CHROMIUM is an error, not "no browser"', () => {
  it('says what is wrong with a path that does not exist, is a folder or is not executable', () => {
    const dir = tempDir();
    const plain = join(dir, 'chrome.txt');
    writeFileSync(plain, 'not a program');
    const cases: [string, RegExp][] = [
      [join(dir, 'chromum'), /ARBOR_CHROMIUM=".*chromum" does not exist/],
      [dir, /" is not a file/],
      [plain, /" is not executable/],
      ['chromium-that-is-nowhere', /"chromium-that-is-nowhere" is not a path, and no program of that name is on PATH/],
    ];
    for (const [value, message] of cases) {
      // PATH holds a real browser: a typo must not silently fall back on it either.
      const found = lookupBrowser({ ARBOR_CHROMIUM: value, PATH: '/usr/bin:/bin' });
      expect(found).toMatchObject({ path: null, reason: 'invalid', message: expect.stringMatching(message) });
      expect(() => findBrowser({ ARBOR_CHROMIUM: value, PATH: '/usr/bin:/bin' })).toThrow(message);
    }
  });

  it('tells "turned off" from "none installed", and finds a bare name on PATH', () => {
    expect(lookupBrowser({ ARBOR_CHROMIUM: 'none', PATH: '/usr/bin' })).toMatchObject({ path: null, reason: 'disabled' });
    const fake = script('my-chrome', 'exit 0');
    const dir = fake.slice(0, fake.lastIndexOf('/'));
    expect(lookupBrowser({ ARBOR_CHROMIUM: 'my-chrome', PATH: `/nonexistent:${dir}` })).toEqual({ path: fake, source: 'ARBOR_CHROMIUM' });
    expect(lookupBrowser({ ARBOR_CHROMIUM: fake, PATH: '' })).toEqual({ path: fake, source: 'ARBOR_CHROMIUM' });
    // Playwright's own Chromium may be installed on some machines; without it and PATH there is none.
    const none = lookupBrowser({ PATH: '/nonexistent' });
    if (none.path === null) expect(none).toMatchObject({ reason: 'not-found', message: expect.stringMatching(/no Chromium found/) });
  });

  it('renderDiagrams reports an ARBOR_CHROMIUM typo as a browser error, drawing nothing', async () => {
    const saved = process.env.ARBOR_CHROMIUM;
    process.env.ARBOR_CHROMIUM = '/usr/bin/chromum';
    try {
      const r = await renderDiagrams([job('flowchart LR\n  A --> B')], { cacheDir: tempDir() });
      expect(r).toMatchObject({ browser: null, drawn: 0, failed: [], browserError: expect.stringMatching(/ARBOR_CHROMIUM="\/usr\/bin\/chromum" does not exist/) });
    } finally {
      if (saved === undefined) delete process.env.ARBOR_CHROMIUM;
      else process.env.ARBOR_CHROMIUM = saved;
    }
  });
});

describe('a browser that does not start', () => {
  it('is a browser error with the executable, how it exited and what it printed', async () => {
    const dying = script('dying-chromium', 'echo "cannot open shared object libnss3.so" >&2\nexit 127');
    const dir = tempDir();
    const r = await renderDiagrams([job('flowchart LR\n  A --> B')], { cacheDir: dir, browserPath: dying });
    expect(r.svgs.size).toBe(0);
    expect(r.failed).toEqual([]);
    expect(r.browserError).toBe(`Chromium at ${dying} did not start: it exited with code 127 before it was ready; it printed: cannot open shared object libnss3.so`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names a path that is not there', async () => {
    const r = await renderDiagrams([job('flowchart LR\n  A --> B')], { cacheDir: tempDir(), browserPath: '/nonexistent/chromium' });
    expect(r).toMatchObject({ browser: null, drawn: 0, failed: [] });
    expect(r.browserError).toMatch(/^Chromium at \/nonexistent\/chromium did not start: .*doesn't exist/);
  });
});

const browser = (() => {
  try {
    return findBrowser();
  } catch {
    return null;
  }
})();

describe.skipIf(!browser)('drawing with a real Chromium', () => {
  const GOOD = ['flowchart LR\n  A --> B', 'flowchart TD\n  C --> D\n  C --> E', 'sequenceDiagram\n  X->>Y: hi', 'flowchart LR\n  F --> G'];

  it('a diagram slower than the timeout fails alone; the diagrams around it are drawn', async () => {
    const dir = tempDir();
    const slow = job(slowFlowchart());
    const jobs = [job(GOOD[0]!), slow, job(GOOD[1]!), job(GOOD[2]!)];
    const t0 = performance.now();
    const r = await renderDiagrams(jobs, { cacheDir: dir, browserPath: browser, timeoutMs: 4_000 });
    const ms = performance.now() - t0;
    console.log(`slow diagram abandoned after 4 s; whole call ${Math.round(ms)} ms`);
    expect(r.failed).toEqual([{ key: slow.key, message: 'drawing took longer than 4 s', timedOut: true }]);
    expect(r.drawn).toBe(3);
    for (const j of jobs) if (j !== slow) expect(r.svgs.get(j.key)).toMatch(/^<svg /);
    expect(r.browserError).toBeUndefined();
    // A timeout is not remembered: a faster machine may draw it.
    expect(existsSync(join(dir, `${slow.key}.error`))).toBe(false);
    expect(ms).toBeLessThan(40_000);
  });

  it('a browser that dies while drawing is a browser error; what it drew stays, nothing is blamed', async () => {
    const dir = tempDir();
    const pidFile = join(tempDir(), 'pid');
    const wrapper = script('chromium-wrapper', `echo $$ > ${pidFile}\nexec ${browser} "$@"`);
    const first = job(GOOD[3]!);
    const slow = job(slowFlowchart(1));
    const drawing = renderDiagrams([first, slow, job(GOOD[0]!)], { cacheDir: dir, browserPath: wrapper, timeoutMs: 120_000 });
    // Kill the browser once the first diagram is written, i.e. while it lays out the slow one.
    for (let i = 0; i < 600 && !existsSync(join(dir, `${first.key}.svg`)); i++) await new Promise((ok) => setTimeout(ok, 100));
    expect(existsSync(join(dir, `${first.key}.svg`))).toBe(true);
    process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
    const r = await drawing;
    // Another tab may have drawn the third diagram before the kill; the slow one was never done.
    expect(r.drawn).toBeGreaterThanOrEqual(1);
    expect(r.svgs.has(first.key)).toBe(true);
    expect(r.svgs.has(slow.key)).toBe(false);
    expect(r.failed).toEqual([]);
    expect(r.browser).toBe(wrapper);
    expect(r.browserError).toMatch(new RegExp(`^Chromium at ${wrapper} stopped drawing with ${3 - r.drawn} of 3 diagrams left: it exited or crashed`));
  });
});
