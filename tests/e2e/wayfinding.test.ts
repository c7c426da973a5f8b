/**
 * Where am I (issue 16), in Chromium: breadcrumbs from the note's folders with working links, the
 * contents marking the section in view as the reader scrolls (beside the text, under a sticky
 * header, folded above the text on a phone), and related notes at the end with working links.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildFixture, launchBrowser, serve, type Served } from '../helpers/site.ts';
import { tempContent } from '../helpers/temp-content.ts';
import { seriousViolations } from '../helpers/axe.ts';

let browser: Browser;
let site: Served;
const contexts: BrowserContext[] = [];

const SECTIONS = ['One', 'Two', 'Three', 'Four', 'Five'];
const paragraphs = (n: number, word: string) => Array.from({ length: n }, (_, i) => `Paragraph ${i + 1} of the ${word} section, long enough to fill a line or two of the page as a reader scrolls past it.`).join('\n\n');

beforeAll(async () => {
  const { contentDir } = tempContent({
    'notes/ML/index.md': '---\ntitle: Machine learning\ntags: [ml]\n---\nThe folder\'s own page.\n',
    'notes/ML/Optimisation/adam.md': [
      '---',
      'title: Adam optimiser',
      'tags: [optim, ml]',
      '---',
      'Adam adapts step sizes; compare [[SGD]].',
      '',
      ...SECTIONS.flatMap((s) => [`## Section ${s}`, '', paragraphs(12, s), '']),
    ].join('\n'),
    'notes/ML/Optimisation/sgd.md': '---\ntitle: SGD\ntags: [optim]\n---\nPlain stochastic gradient descent.\n',
    'notes/momentum.md': '---\ntitle: Momentum\n---\nA trick used by [[Adam optimiser]].\n',
    'notes/unrelated.md': '---\ntitle: Unrelated\ntags: [cooking]\n---\nNothing in common.\n',
    'trees/map.md': '---\ntitle: Optimiser map\n---\n```mermaid\nflowchart LR\n  A[Adam optimiser] --> B[SGD]\n```\n',
  });
  const built = buildFixture(contentDir, { ARBOR_BASE: '/kb/' });
  if (built.status !== 0) throw new Error(built.output);
  [site, browser] = await Promise.all([serve(built.dist, '/kb/'), launchBrowser()]);
}, 180_000);
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await site?.close();
});

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 800 };

async function open(path: string, viewport = DESKTOP): Promise<{ page: Page; errors: string[] }> {
  const phone = viewport.width < 500;
  const context = await browser.newContext({ viewport, hasTouch: phone, isMobile: phone });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
  await page.goto(site.url + path);
  return { page, errors };
}

const ADAM = 'topics/ml/optimisation/adam/';
const crumbs = (page: Page) =>
  page.locator('nav[aria-label="Breadcrumb"] ol > li').evaluateAll((lis) => lis.map((li) => {
    const a = li.querySelector('a');
    return { text: li.textContent?.trim(), href: a?.getAttribute('href') ?? null, current: li.querySelector('[aria-current="page"]') ? true : undefined };
  }));
/** The contents link marked as the section in view. */
const activeToc = (page: Page) => page.evaluate(() => [...document.querySelectorAll('nav.toc a[aria-current="true"]')].map((a) => a.textContent?.trim()));
/** Scrolls the window so the heading's top sits `y` pixels below the window's top. */
async function headingAt(page: Page, id: string, y: number): Promise<void> {
  await page.evaluate(([id, y]) => window.scrollTo(0, window.scrollY + document.getElementById(id as string)!.getBoundingClientRect().top - (y as number)), [id, y] as const);
}

describe('breadcrumbs', () => {
  it('show Home › Topics › folders › the note, link what has a page and nothing else', async () => {
    const { page, errors } = await open(ADAM);
    expect(await crumbs(page)).toEqual([
      { text: 'Home', href: '/kb/', current: undefined },
      { text: 'Topics', href: '/kb/topics/', current: undefined },
      { text: 'ML', href: '/kb/topics/ml/', current: undefined },
      { text: 'Optimisation', href: null, current: undefined },
      { text: 'Adam optimiser', href: null, current: true },
    ]);
    // Every linked crumb serves a page.
    for (const href of ['/kb/', '/kb/topics/', '/kb/topics/ml/']) expect((await page.request.get(new URL(href, site.url).href)).status(), href).toBe(200);
    await page.locator('nav[aria-label="Breadcrumb"] a', { hasText: 'ML' }).click();
    await page.waitForURL(/\/kb\/topics\/ml\/$/);
    expect(await page.locator('h1').textContent()).toBe('Machine learning');
    await page.goBack();
    await page.locator('nav[aria-label="Breadcrumb"] a', { hasText: 'Topics' }).click();
    await page.waitForURL(/\/kb\/topics\/$/);
    expect(await page.locator('h1').textContent()).toBe('Topics');
    expect(errors).toEqual([]);
  });

  it('put a tree under Trees', async () => {
    const { page } = await open('trees/map/');
    expect((await crumbs(page)).map((c) => [c.text, c.href])).toEqual([['Home', '/kb/'], ['Trees', '/kb/trees/'], ['Optimiser map', null]]);
    await page.locator('nav[aria-label="Breadcrumb"] a', { hasText: 'Trees' }).click();
    await page.waitForURL(/\/kb\/trees\/$/);
  });
});

describe('the table of contents', () => {
  it('marks the section in view as the reader scrolls down and back up', async () => {
    const { page, errors } = await open(ADAM);
    expect(await page.locator('nav.toc li').count()).toBe(5);
    expect(await activeToc(page)).toEqual(['Section One']);
    await headingAt(page, 'section-three', 100);
    await expect.poll(() => activeToc(page)).toEqual(['Section Three']);
    // Wheel back up until Section Two's heading is in the top third: Two is in view.
    await headingAt(page, 'section-two', -400);
    await page.mouse.move(400, 400);
    for (let i = 0; i < 20 && (await page.locator('#section-two').boundingBox())!.y < 150; i++) await page.mouse.wheel(0, -60);
    await expect.poll(() => activeToc(page)).toEqual(['Section Two']);
    // At the very bottom the last section is the one in view, even if its heading never reaches the line.
    await page.keyboard.press('End');
    await expect.poll(() => activeToc(page)).toEqual(['Section Five']);
    // Following a contents link marks that section.
    await page.locator('nav.toc a', { hasText: 'Section Four' }).click();
    await page.waitForURL(/#section-four$/);
    await expect.poll(() => activeToc(page)).toEqual(['Section Four']);
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('counts a sticky header: the reading line moves down below it', async () => {
    const { page } = await open(ADAM);
    await page.addStyleTag({ content: '.site-header { position: sticky; top: 0; z-index: 4; min-height: 200px; box-sizing: border-box; }' });
    // The script measures what sticks to the top again when the window changes size.
    await page.setViewportSize({ width: 1281, height: 900 });
    // The reading line is a third of the way down what the header leaves: 200 + 700 / 3 ≈ 433 px.
    await headingAt(page, 'section-three', 480);
    await expect.poll(() => activeToc(page)).toEqual(['Section Two']);
    // 150 px below the header: in view (without the header counted, the line would be at 300 px and this still Two).
    await headingAt(page, 'section-three', 350);
    await expect.poll(() => activeToc(page)).toEqual(['Section Three']);
  });

  it('folded above the text on a phone, names the section in view in its summary', async () => {
    const { page } = await open(ADAM, PHONE);
    const details = page.locator('nav.toc details');
    expect(await details.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await headingAt(page, 'section-four', 60);
    await expect.poll(() => page.locator('nav.toc summary').textContent()).toContain('Section Four');
    expect(await page.locator('nav.toc summary .toc-current').isVisible()).toBe(true);
    await headingAt(page, 'section-two', 60);
    await expect.poll(() => page.locator('nav.toc summary').textContent()).toContain('Section Two');
    expect(await activeToc(page)).toEqual(['Section Two']);
    // Opened, it shows the marked link instead.
    await page.locator('nav.toc summary').tap();
    expect(await page.locator('nav.toc a[aria-current="true"]').isVisible()).toBe(true);
    expect(await page.locator('nav.toc summary .toc-current').isVisible()).toBe(false);
  });
});

describe('related notes', () => {
  it('are listed at the end with why, and their links work', async () => {
    const { page, errors } = await open(ADAM);
    const section = page.locator('section.related');
    expect(await section.locator('h2').textContent()).toBe('Related');
    const items = await section.locator('li').evaluateAll((lis) => lis.map((li) => [li.querySelector('a')?.textContent, li.querySelector('a')?.getAttribute('href'), li.querySelector('.reason')?.textContent]));
    expect(items).toEqual([
      ['SGD', '/kb/topics/ml/optimisation/sgd/', '1 shared tag, linked from here'],
      ['Momentum', '/kb/topics/momentum/', 'links here'],
      ['Optimiser map', '/kb/trees/map/', 'links here'],
      ['Machine learning', '/kb/topics/ml/', '1 shared tag'],
    ]);
    // It comes after the text and the backlinks.
    expect(await page.evaluate(() => {
      const related = document.querySelector('section.related')!;
      return !!(document.querySelector('.prose')!.compareDocumentPosition(related) & Node.DOCUMENT_POSITION_FOLLOWING);
    })).toBe(true);
    await section.locator('a', { hasText: 'Momentum' }).click();
    await page.waitForURL(/\/kb\/topics\/momentum\/$/);
    expect(await page.locator('h1').textContent()).toBe('Momentum');
    expect(await page.locator('section.related a', { hasText: 'Adam optimiser' }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('are left out when nothing is shared', async () => {
    const { page } = await open('topics/unrelated/');
    expect(await page.locator('section.related').count()).toBe(0);
  });
});
