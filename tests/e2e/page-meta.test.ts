/**
 * A page's date, reading time and edit link, and how it prints: a copy of the fixture knowledge
 * base in a git repository of its own (commits with set dates, so the test does not depend on how
 * this checkout was cloned), built with a `repository` (ARBOR_REPOSITORY) and read in Chromium.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { displayDate, readingMinutes } from '../../src/core/content/dates.ts';
import { buildFixture, launchBrowser, openPage, projectRoot, serve, type Served } from '../helpers/site.ts';

const REPOSITORY = 'https://example.org/edit/main/content/';
const repo = mkdtempSync(join(tmpdir(), 'arbor-dates-'));
const contentDir = join(repo, 'content');
let site: Served;
let browser: Browser;

/** git in the temporary repository, as a user of its own and with the commit date given. */
const git = (args: string[], date?: string) =>
  execFileSync('git', ['-c', 'user.name=Arbor Test', '-c', 'user.email=test@example.org', '-c', 'commit.gpgsign=false', ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) },
  });

beforeAll(async () => {
  cpSync(join(projectRoot, 'tests', 'fixtures', 'site', 'content'), contentDir, { recursive: true });
  git(['init', '-q']);
  git(['add', '.']);
  git(['commit', '-q', '-m', 'notes'], '2025-03-04T10:00:00+00:00');
  // A later change to one note only: its date moves, the others keep the first commit's.
  execFileSync('sh', ['-c', 'printf "\nOne more line.\n" >> content/notes/attention.md'], { cwd: repo });
  git(['commit', '-q', '-am', 'attention'], '2026-11-30T09:30:00+00:00');
  const built = buildFixture(contentDir, { ARBOR_REPOSITORY: REPOSITORY });
  if (built.status !== 0) throw new Error(`fixture build failed:\n${built.output}`);
  site = await serve(built.dist, '/');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const gitDate = (file: string) => git(['log', '-1', '--format=%cI', '--', join('content', file)]).trim();

describe('a page’s byline', () => {
  it.each([
    ['topics/attention/', 'notes/attention.md'],
    ['trees/ml-map/', 'trees/ml-map.md'],
    ['topics/papers/diffdis/', 'notes/papers/diffdis.md'],
  ])('of %s shows when its file last changed (git), its reading time and an edit link to the file', async (path, file) => {
    const { page, errors } = await openPage(browser, site.url + path);
    const expected = gitDate(file);
    expect(expected).toBe(file === 'notes/attention.md' ? '2026-11-30T09:30:00+00:00' : '2025-03-04T10:00:00+00:00');
    const time = page.locator('.byline time');
    expect(await time.getAttribute('datetime')).toBe(expected);
    expect(await time.textContent()).toBe(displayDate(expected));
    const words = (await page.locator('.prose').innerText()).split(/\s+/).filter(Boolean).length;
    const byline = (await page.locator('.byline').innerText()).replace(/\s+/g, ' ').trim();
    expect(byline).toContain(`Updated ${displayDate(expected)} · ${readingMinutes(words)} min read`);
    const edit = page.getByRole('link', { name: 'Edit this page' });
    expect(await edit.getAttribute('href')).toBe(REPOSITORY + file);
    expect(errors).toEqual([]);
  });

  it('keeps a paper’s own date beside the date it changed', async () => {
    const { page } = await openPage(browser, `${site.url}topics/papers/diffdis/`);
    expect(await page.locator('.byline').innerText()).toMatch(/^Runhui Huang, Jianhua Han · 2023-08-18 · Updated /);
  });
});

describe('printing', () => {
  it('leaves out the header, search and diagram controls and fits the diagram to the page', async () => {
    const { page, errors } = await openPage(browser, `${site.url}trees/ml-map/`, { width: 1200 });
    const svg = page.locator('figure.diagram svg').first();
    await svg.waitFor();
    const shown = (selector: string) => page.locator(selector).first().evaluate((el) => getComputedStyle(el).display !== 'none');
    expect(await shown('.site-header')).toBe(true);
    expect(await shown('.diagram-toolbar')).toBe(true);

    await page.emulateMedia({ media: 'print' });
    for (const selector of ['.site-header', '.search-box', '.site-footer', '.skip', '.diagram-toolbar', '.diagram-controls']) expect(await shown(selector), selector).toBe(false);
    const fit = await svg.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const viewport = el.closest('.diagram-viewport')!;
      const style = getComputedStyle(viewport);
      return { left: box.left, right: box.right, width: box.width, page: document.documentElement.clientWidth, maxHeight: style.maxHeight, image: style.backgroundImage, overflow: style.overflowX };
    });
    expect(fit.width).toBeGreaterThan(100);
    expect(fit.left).toBeGreaterThanOrEqual(0);
    expect(fit.right).toBeLessThanOrEqual(fit.page);
    expect(fit).toMatchObject({ maxHeight: 'none', image: 'none', overflow: 'visible' });
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
    expect(errors).toEqual([]);
  });

  it('shows an external link’s address after it, and not an internal one’s, on white even in dark mode', async () => {
    const { page } = await openPage(browser, `${site.url}topics/attention/`, { colorScheme: 'dark' });
    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    const after = (selector: string) => page.locator(selector).first().evaluate((el) => getComputedStyle(el, '::after').content);
    const edit = await page.locator('.edit-link').getAttribute('href');
    expect(edit).toMatch(/^https?:/);
    expect(await after('.edit-link')).toBe(`" (${edit})"`);
    expect(await after('.prose a[href^="/"]')).toBe('none');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
  });
});
