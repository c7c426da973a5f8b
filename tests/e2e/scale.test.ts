/**
 * Pages that would grow with the knowledge base stay light: a glossary of more terms than a page
 * can hold in full lists names (short definitions come from its data file) and keeps every anchor;
 * the home page shows the most linked notes and points to the full lists.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildFixture, launchBrowser, openPage, serve, type Served } from '../helpers/site.ts';
import { tempContent } from '../helpers/temp-content.ts';

const TERMS = 160;
const NOTES = 70;
const pad = (n: number) => String(n).padStart(3, '0');

let dist: string;
let site: Served;
let browser: Browser;

beforeAll(async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < TERMS; i++) files[`glossary/term-${pad(i)}.md`] = `---\nterm: Widget ${pad(i)}\nshort: The ${pad(i)}th kind of gadget.\n---\nThe whole definition of widget ${pad(i)}, with details only its page shows.\n`;
  // Note 0 is linked from every other note, note 1 from none.
  for (let i = 0; i < NOTES; i++) files[`notes/note-${pad(i)}.md`] = `# Note ${pad(i)}\n\n${i === 0 ? 'The hub.' : `See [[Note 000]] about Widget ${pad(i)}.`}\n`;
  const { contentDir } = tempContent(files);
  const built = buildFixture(contentDir, { ARBOR_BASE: '/kb/' });
  expect(built.status, built.output).toBe(0);
  dist = built.dist;
  site = await serve(dist, '/kb/');
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe(`a glossary of ${TERMS} terms`, () => {
  it('lists every term with its anchor and a link to its page, without the definitions, also without JavaScript', async () => {
    const html = readFileSync(join(dist, 'glossary', 'index.html'), 'utf8');
    expect(html).not.toContain('whole definition of widget');
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${site.url}glossary/`);
    expect(await page.locator('section.term').count()).toBe(TERMS);
    expect(await page.locator('section.term#widget-120 .term-name').textContent()).toBe('Widget 120');
    await page.locator('section.term#widget-120 a[data-term-page]').click();
    await page.waitForURL(/\/kb\/glossary\/widget-120\/$/);
    expect(await page.locator('.definition').textContent()).toContain('The whole definition of widget 120');
    await context.close();
    // Its HTML grows by the names, not by the definitions: well under the 60 KB gzip of a whole page.
    expect(gzipSync(html).length).toBeLessThan(20_000);
  });

  it('shows each short definition from the glossary data, filters by it, and lands a link on its entry', async () => {
    const { page, errors } = await openPage(browser, `${site.url}topics/note-012/`);
    await page.locator('a.term-link', { hasText: 'Widget 012' }).click();
    await page.waitForURL(/\/kb\/glossary\/#widget-012$/);
    const entry = page.locator('section.term#widget-012');
    await expect.poll(() => entry.locator('.short').textContent()).toBe('The 012th kind of gadget.');
    expect(await entry.evaluate((el) => el.getBoundingClientRect().top < innerHeight && el.getBoundingClientRect().bottom > 0)).toBe(true);
    await page.locator('#arbor-glossary-q').fill('145th');
    await expect.poll(() => page.locator('section.term:not([hidden]) .term-name').allTextContents()).toEqual(['Widget 145']);
    expect(errors).toEqual([]);
  });
});

describe(`a home page with ${NOTES} notes`, () => {
  it('shows the most linked notes and leads to all of them', async () => {
    const { page, errors } = await openPage(browser, site.url);
    const listed = await page.locator('main .page-list a').allTextContents();
    expect(listed).toHaveLength(60);
    expect(listed).toContain('Note 000');
    await page.getByRole('link', { name: `All ${NOTES} notes` }).click();
    await page.waitForURL(/\/kb\/topics\/$/);
    expect(await page.locator('main .page-list a').count()).toBe(NOTES);
    expect(errors).toEqual([]);
  });
});
