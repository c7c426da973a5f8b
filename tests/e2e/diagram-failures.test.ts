/**
 * Diagram drawing fails loudly and precisely: a Chromium that is named or found but does not
 * work stops the build and says which and what happened; a slow diagram fails alone, at its
 * file:line; drawing errors come in the same report as content errors. And a build without a
 * browser, on purpose, still has every node anchor and node link, with or without JavaScript.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { checkLinks } from '../../src/core/check-links.ts';
import { buildFixture, launchBrowser, openPage, projectRoot, serve } from '../helpers/site.ts';
import { slowFlowchart } from '../helpers/slow-diagram.ts';
import { tempContent } from '../helpers/temp-content.ts';

const fixture = join(projectRoot, 'tests', 'fixtures', 'site', 'content');
const freshCache = () => mkdtempSync(join(tmpdir(), 'arbor-cache-'));
/** A dist folder holding a previous site, to check that a failed build leaves it alone. */
function previousDist(): string {
  const dist = join(mkdtempSync(join(tmpdir(), 'arbor-prev-')), 'dist');
  mkdirSync(dist);
  writeFileSync(join(dist, 'index.html'), 'previous site');
  return dist;
}
const TINY = { 'notes/a.md': '# A\n\n```mermaid\nflowchart LR\n  X --> Y\n```\n' };

let browser: Browser;
beforeAll(async () => void (browser = await launchBrowser()));
afterAll(async () => void (await browser?.close()));

describe('a browser that was asked for or found but does not work stops the build', () => {
  it('a Chromium that exits at start: names the executable, how it died, and how to build without one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'arbor-dying-'));
    const dying = join(dir, 'chromium');
    writeFileSync(dying, '#!/bin/sh\necho "error while loading shared libraries: libnss3.so" >&2\nexit 127\n');
    chmodSync(dying, 0o755);
    const dist = previousDist();
    const r = buildFixture(fixture, { ARBOR_CHROMIUM: dying, ARBOR_CACHE_DIR: freshCache() }, dist);
    expect(r.status, r.output).not.toBe(0);
    expect(r.output).toContain(`${dying}: Chromium did not start: it exited with code 127 before it was ready; it printed: error while loading shared libraries: libnss3.so`);
    expect(r.output).toMatch(/ARBOR_CHROMIUM=none or diagrams: 'browser' in src\/site\.config\.ts/);
    expect(r.output).not.toContain('No Chromium found');
    expect(readFileSync(join(dist, 'index.html'), 'utf8')).toBe('previous site');
  });

  it('a mistyped ARBOR_CHROMIUM is an error, not "no browser"', () => {
    const { contentDir } = tempContent(TINY);
    const r = buildFixture(contentDir, { ARBOR_CHROMIUM: '/usr/bin/chromum', ARBOR_CACHE_DIR: freshCache() });
    expect(r.status, r.output).not.toBe(0);
    expect(r.output).toContain('environment: ARBOR_CHROMIUM="/usr/bin/chromum" does not exist (set it to a Chromium or Chrome executable');
    expect(r.output).not.toContain('No Chromium found');
  });

  it("with diagrams: 'build', no Chromium at all is an error too", () => {
    const { contentDir } = tempContent(TINY);
    const r = buildFixture(contentDir, { ARBOR_CHROMIUM: 'none', ARBOR_DIAGRAMS: 'build', ARBOR_CACHE_DIR: freshCache() });
    expect(r.status, r.output).not.toBe(0);
    expect(r.output).toContain("src/site.config.ts: diagrams is 'build', but no Chromium was found to draw 1 diagram");
  });
});

describe('a slow diagram, in a knowledge base that also has a content error', () => {
  it('is reported at its file:line together with the content error; the other diagram is drawn', () => {
    const slowNote = `# Slow\n\nA dense graph.\n\n\`\`\`mermaid\n${slowFlowchart()}\n\`\`\`\n`;
    const { contentDir } = tempContent({
      'notes/slow.md': slowNote,
      'notes/good.md': '# Good\n\nSee [[Nowhere]].\n\n```mermaid\nflowchart LR\n  P --> Q\n```\n',
    });
    const cache = freshCache();
    const started = performance.now();
    const r = buildFixture(contentDir, { ARBOR_DIAGRAM_TIMEOUT: '3', ARBOR_CACHE_DIR: cache });
    const seconds = (performance.now() - started) / 1000;
    expect(r.status, r.output).not.toBe(0);
    const fence = slowNote.split('\n').indexOf('```mermaid') + 1;
    // The content error and the drawing error, in one report.
    expect(r.output).toMatch(/notes\/good\.md:3(:\d+)?: .*\[\[Nowhere\]\] not found/);
    expect(r.output).toMatch(new RegExp(`notes/slow\\.md:${fence + 1}: diagram took longer than 3 s to draw, so it was not drawn \\(.*ARBOR_DIAGRAM_TIMEOUT=<seconds>\\)`));
    expect(r.output).toContain('diagrams: 2 unique, 1 drawn, 0 from cache, 1 failed');
    expect(r.output).not.toMatch(/good\.md:\d+: .*could not draw/);
    expect(readdirSync(join(cache, 'diagrams')).filter((f) => f.endsWith('.svg'))).toHaveLength(1);
    expect(seconds).toBeLessThan(60); // the 60 s default timeout was not waited for
  });
});

describe('a build without a browser, on purpose', () => {
  let dist: string;
  let output: string;
  beforeAll(() => {
    const built = buildFixture(fixture, { ARBOR_DIAGRAMS: 'browser', ARBOR_CACHE_DIR: freshCache() });
    expect(built.status, built.output).toBe(0);
    dist = built.dist;
    output = built.output;
  });

  it('succeeds without a warning, and every anchor the site links to exists without JavaScript', () => {
    expect(output).toContain('2 left to the browser');
    expect(output).not.toContain('No Chromium found');
    const html = readFileSync(join(dist, 'trees', 'ml-map', 'index.html'), 'utf8');
    expect(html).not.toContain('<svg');
    const { links, broken } = checkLinks(dist);
    expect(links).toBeGreaterThan(100);
    expect(broken).toEqual([]);
  });

  it('draws in the reader\'s browser with unique ids, node anchors on the drawn nodes, and node links', async () => {
    const site = await serve(dist);
    try {
      for (const [path, figure] of [['trees/ml-map/', 'diagram-1'], ['topics/attention/', 'multi-head-attention-diagram']] as const) {
        // The node anchors the build put on the stand-in list, to be found on the drawn nodes.
        const anchors = [...readFileSync(join(dist, path, 'index.html'), 'utf8').matchAll(/<li id="([^"]+)" data-node="([^"]+)"/g)].map((m) => m[1]!);
        expect(anchors.length).toBeGreaterThan(3);
        const { page, errors } = await openPage(browser, `${site.url}${path}`);
        await page.locator(`figure#${figure} svg[data-diagram="${figure}"]`).waitFor({ timeout: 20_000 });
        const ids = await page.evaluate(() => [...document.querySelectorAll('[id]')].map((el) => el.id));
        expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
        for (const anchor of anchors) {
          expect(await page.locator(`[id="${anchor}"]`).evaluate((el) => `${el.tagName} in svg: ${el.closest('svg') !== null}`)).toBe('g in svg: true');
        }
        expect(await page.locator(`figure#${figure} ul.diagram-stand-in`).count()).toBe(0);
        expect(errors).toEqual([]);
        await page.context().close();
      }

      // A deep link from another page lands on the drawn node, and the node links like a drawn-at-build one.
      const { page } = await openPage(browser, `${site.url}trees/ml-map/#node-VI`);
      const node = page.locator('figure#diagram-1 svg g#node-VI');
      await node.waitFor({ timeout: 20_000 });
      expect(await node.locator('a').getAttribute('href')).toBe('/glossary/#vision');
      await node.locator('a').click();
      await page.waitForURL(/\/glossary\/#vision$/);
      await page.context().close();
    } finally {
      await site.close();
    }
  });

  it('without JavaScript, a node deep link lands on the node in the stand-in list, which links to its concept', async () => {
    const site = await serve(dist);
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${site.url}trees/ml-map/#node-VI`);
      const item = page.locator('#node-VI');
      expect(await item.isVisible()).toBe(true);
      expect(await item.locator('a').getAttribute('href')).toBe('/glossary/#vision');
      expect(await item.locator('a').textContent()).toContain('Vision');
    } finally {
      await context.close();
      await site.close();
    }
  });
});
