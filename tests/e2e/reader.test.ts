/**
 * The paths a reader takes most (issue 13), in Chromium at 1280×900 and on a 375×800 phone: links
 * into the glossary land in view, the contents read clean, prices stay prices, a wikilink in a
 * table keeps its row, and the preview server serves a URL without its trailing slash.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { JSDOM } from 'jsdom';
import { buildFixture, cleanEnv, launchBrowser, projectRoot, serve, type Served } from '../helpers/site.ts';
import { tempContent } from '../helpers/temp-content.ts';
import { seriousViolations } from '../helpers/axe.ts';

let browser: Browser;
let notebook: Served;
let syntax: Served;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  const { contentDir } = tempContent({
    'notes/prices.md': [
      '---',
      'title: Prices and tables',
      '---',
      '## Compute ($C \\approx 6ND$)',
      '',
      'An estimated cost of $5-$20 per question; $150/year ($12.50/month). Escaped: \\$7.',
      '',
      'Math still works: $x^2$.',
      '',
      '## Papers',
      '',
      '| Paper | Topic |',
      '|---|---|',
      '| [[other|The other note]] | [[other\\|Escaped]] and more |',
      '| plain | last cell |',
      '',
      '## End',
      '',
      'Done.',
      '',
    ].join('\n'),
    'notes/other.md': '---\ntitle: Other\n---\nThe other note.\n',
  });
  const built = buildFixture(contentDir);
  if (built.status !== 0) throw new Error(built.output);
  [notebook, syntax, browser] = await Promise.all([serve(inject('notebookDist')), serve(built.dist), launchBrowser()]);
});
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await notebook?.close();
  await syntax?.close();
});

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 800 };

async function open(url: string, viewport: { width: number; height: number }, options: { javaScript?: boolean } = {}): Promise<Page> {
  const phone = viewport.width < 500;
  const context = await browser.newContext({ viewport, hasTouch: phone, isMobile: phone, javaScriptEnabled: options.javaScript ?? true });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** Where the glossary entry the URL names sits, against the sticky filter and the window. */
async function landing(page: Page): Promise<{ top: number; bottom: number; filterBottom: number; height: number }> {
  await page.waitForURL(/\/glossary\/#/);
  // Let the filter script show its box and bring the entry back into view.
  await page.waitForFunction(() => document.documentElement.style.getPropertyValue('--arbor-sticky') !== '');
  await page.waitForTimeout(100);
  return page.evaluate(() => {
    const entry = document.getElementById(decodeURIComponent(location.hash.slice(1)))!.querySelector('.term-name')!.getBoundingClientRect();
    return { top: entry.top, bottom: entry.bottom, filterBottom: document.querySelector('.glossary-filter')!.getBoundingClientRect().bottom, height: innerHeight };
  });
}

describe('a link into the glossary', () => {
  for (const viewport of [DESKTOP, PHONE]) {
    const phone = viewport === PHONE;
    it(`from a term in a note lands with the term in view, below the filter (${viewport.width} px)`, async () => {
      const page = await open(`${notebook.url}topics/scaling-laws-in-ai-model-training/`, viewport);
      const link = page.locator('.prose a.term-link[data-term="dataset"]').first();
      // On a phone the first tap shows the definition; the second follows the link.
      if (phone) await link.tap(), await link.tap();
      else await link.click();
      const at = await landing(page);
      expect(page.url()).toMatch(/\/glossary\/#dataset$/);
      expect(at.top).toBeGreaterThanOrEqual(at.filterBottom);
      expect(at.bottom).toBeLessThan(at.height);
    });

    it(`from a diagram node lands the same way (${viewport.width} px)`, async () => {
      const page = await open(`${notebook.url}trees/ml-in-2025-concept-map/`, viewport);
      await page.locator('svg[data-diagram] [data-node="VI"] a').first().dispatchEvent('click');
      const at = await landing(page);
      expect(page.url()).toMatch(/\/glossary\/#vision$/);
      expect(at.top).toBeGreaterThanOrEqual(at.filterBottom);
      expect(at.bottom).toBeLessThan(at.height);
    });
  }

  it('opened directly lands below the filter, and a reload keeps it there', async () => {
    const page = await open(`${notebook.url}glossary/#lora`, DESKTOP);
    let at = await landing(page);
    expect(at.top).toBeGreaterThanOrEqual(at.filterBottom);
    await page.reload();
    at = await landing(page);
    expect(at.top).toBeGreaterThanOrEqual(at.filterBottom);
    expect(at.bottom).toBeLessThan(at.height);
  });
});

describe('backlinks', () => {
  it('read as the author wrote them: no sentence shows link syntax', () => {
    const dist = inject('notebookDist');
    const contexts: string[] = [];
    for (const file of readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('index.html'))) {
      const html = readFileSync(join(dist, file), 'utf8');
      if (!html.includes('class="context"')) continue;
      for (const p of new JSDOM(html).window.document.querySelectorAll('.backlinks .context')) contexts.push(p.textContent ?? '');
    }
    expect(contexts.length).toBeGreaterThan(100);
    expect(contexts.filter((c) => /\[\[|\]\]|[\w-]\|[\w ]/.test(c))).toEqual([]);
  });
});

describe('the table of contents', () => {
  it('draws a heading\'s math instead of showing its TeX', async () => {
    for (const url of [`${notebook.url}topics/scaling-laws-in-ai-model-training/`, `${syntax.url}topics/prices/`]) {
      const page = await open(url, DESKTOP);
      const toc = page.locator('nav.toc');
      expect(await toc.locator('.katex').count(), url).toBeGreaterThan(0);
      const shown = await toc.evaluate((el) => {
        const copy = el.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('.katex-mathml').forEach((m) => m.remove());
        return copy.textContent ?? '';
      });
      expect(shown, url).not.toMatch(/\\[a-z]+|\$/);
    }
  });

  it('is open beside the text on a wide window, and folded above it on a phone, where the text comes first', async () => {
    const wide = await open(`${notebook.url}topics/scaling-laws-in-ai-model-training/`, DESKTOP);
    expect(await wide.locator('nav.toc details').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await wide.locator('nav.toc li').first().isVisible()).toBe(true);
    const phone = await open(`${notebook.url}topics/scaling-laws-in-ai-model-training/`, PHONE);
    expect(await phone.locator('nav.toc details').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    const firstHeading = await phone.locator('.prose h2').first().boundingBox();
    expect(firstHeading!.y + firstHeading!.height).toBeLessThan(PHONE.height / 2);
    await phone.locator('nav.toc summary').tap();
    await phone.locator('nav.toc li a').nth(1).tap();
    await phone.waitForURL(/#the-scaling-function-representation$/);
    // Without JavaScript it stays open, on any screen.
    const plain = await open(`${notebook.url}topics/scaling-laws-in-ai-model-training/`, PHONE, { javaScript: false });
    expect(await plain.locator('nav.toc li').first().isVisible()).toBe(true);
  });
});

describe('prices and tables', () => {
  it('leave "$5-$20" and "$150/year … $12.50" as text, while $x^2$ is math and \\$ a dollar', async () => {
    const page = await open(`${syntax.url}topics/prices/`, DESKTOP);
    const prices = page.locator('.prose p', { hasText: 'estimated cost' });
    expect(await prices.locator('.katex').count()).toBe(0);
    expect(await prices.textContent()).toBe('An estimated cost of $5-$20 per question; $150/year ($12.50/month). Escaped: $7.');
    expect(await page.locator('.prose p', { hasText: 'Math still works' }).locator('.katex').count()).toBe(1);
  });

  it('keep a wikilink with a label in its cell, written [[a|b]] or [[a\\|b]], and the rest of the row', async () => {
    const page = await open(`${syntax.url}topics/prices/`, DESKTOP);
    const rows = await page.locator('.prose table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim())));
    expect(rows).toEqual([
      ['The other note', 'Escaped and more'],
      ['plain', 'last cell'],
    ]);
    const links = page.locator('.prose table a');
    expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['/topics/other/', '/topics/other/']);
    await links.first().click();
    await page.waitForURL(/\/topics\/other\/$/);
  });
});

describe('on a phone', () => {
  it('the header leaves the screen to the page', async () => {
    for (const path of ['', 'topics/scaling-laws-in-ai-model-training/', 'glossary/']) {
      const page = await open(notebook.url + path, PHONE);
      const header = await page.locator('.site-header').boundingBox();
      expect(header!.height, path).toBeLessThanOrEqual(120);
      expect(await page.locator('#arbor-search-input').isVisible(), path).toBe(true);
    }
  });

  it('no page kind scrolls sideways', async () => {
    for (const path of ['', 'glossary/', 'glossary/lora/', 'topics/', 'tags/', 'topics/scaling-laws-in-ai-model-training/', 'trees/ml-in-2025-concept-map/']) {
      const page = await open(notebook.url + path, PHONE);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), path).toBeLessThanOrEqual(0);
    }
  });

  it('a first tap on a term shows its definition and stays on the page; a tap elsewhere closes it', async () => {
    const page = await open(`${notebook.url}topics/scaling-laws-in-ai-model-training/`, PHONE);
    const url = page.url();
    const link = page.locator('.prose a.term-link').first();
    // The definition shows in the one link-preview card (src/client/link-preview.ts).
    const tip = page.locator('#arbor-link-preview');
    await link.tap();
    await page.waitForTimeout(300);
    expect(page.url()).toBe(url);
    expect(await tip.isVisible()).toBe(true);
    expect((await tip.textContent())!.toLowerCase()).toContain((await link.getAttribute('data-term'))!.split('-')[0]);
    const box = (await tip.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
    await page.locator('h1').tap();
    expect(await tip.isVisible()).toBe(false);
    expect(page.url()).toBe(url);
  });
});

describe('accessibility (axe: no violation of impact critical or serious)', () => {
  const pages = ['', 'topics/scaling-laws-in-ai-model-training/', 'topics/papers/p09-cosmo/', 'trees/ml-in-2025-concept-map/', 'trees/async-hpc-patterns-map/', 'glossary/', 'glossary/lora/', 'topics/', 'trees/', 'tags/', 'tags/ml-2025/'];
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`on every page kind, in the ${colorScheme} scheme`, async () => {
      const context = await browser.newContext({ colorScheme, viewport: DESKTOP });
      contexts.push(context);
      const page = await context.newPage();
      const found: Record<string, string[]> = {};
      for (const path of pages) {
        await page.goto(notebook.url + path);
        const v = await seriousViolations(page);
        if (v.length) found[path || '/'] = v.map((x) => `${x.id}: ${x.targets.join(', ')}`);
      }
      expect(found).toEqual({});
    });

    it(`on the search page with results and in the open search box, in the ${colorScheme} scheme`, async () => {
      const context = await browser.newContext({ colorScheme, viewport: DESKTOP });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(`${notebook.url}search/?q=attention`);
      await page.locator('main a[href*="/topics/"]').first().waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.goto(`${notebook.url}topics/scaling-laws-in-ai-model-training/`);
      await page.locator('#arbor-search-input').fill('attention');
      await page.locator('#arbor-search-results [role="option"]').first().waitFor();
      expect(await page.locator('#arbor-search-input').getAttribute('aria-expanded')).toBe('true');
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
});

/** A free TCP port for the preview server. */
function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

describe('npm start (astro preview)', () => {
  let preview: ChildProcess | undefined;
  afterAll(() => void preview?.kill());

  it('serves a page without its trailing slash, as static hosts do', async () => {
    const port = await freePort();
    preview = spawn(process.execPath, [join(projectRoot, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'preview', '--port', String(port), '--host', '127.0.0.1', '--force'], {
      cwd: projectRoot,
      env: { ...cleanEnv(), ARBOR_OUT_DIR: inject('notebookDist'), ARBOR_CONTENT: join(projectRoot, 'content') },
      stdio: 'ignore',
    });
    const get = async (path: string) => {
      for (let i = 0; ; i++) {
        try {
          return await fetch(`http://127.0.0.1:${port}${path}`);
        } catch (err) {
          if (i > 100) throw err;
          await new Promise((ok) => setTimeout(ok, 100));
        }
      }
    };
    for (const path of ['/glossary', '/glossary/', '/topics/scaling-laws-in-ai-model-training']) {
      const r = await get(path);
      expect(r.status, path).toBe(200);
      expect(await r.text(), path).toMatch(/<h1[^>]*>[^<]*(Glossary|Scaling Laws)/);
    }
    expect((await get('/no-such-page')).status).toBe(404);
  });
});
