/**
 * Glossary filter and full-text search, driven in Chromium on the fixture site (base /kb/), and
 * search ranking, filters and accessibility on a site of search cases built here (the shared
 * fixture's pages and terms are counted by other tests).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildFixture, launchBrowser, openPage, serve, type OpenOptions, type Served } from '../helpers/site.ts';
import { tempContent } from '../helpers/temp-content.ts';
import { seriousViolations } from '../helpers/axe.ts';

let site: Served;
let browser: Browser;
beforeAll(async () => {
  site = await serve(inject('fixtureDist'), '/kb/');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const open = (path: string) => openPage(browser, site.url + path);
const visibleTerms = (page: Page) => page.locator('section.term:visible .term-name').allTextContents();

describe('glossary', () => {
  it('lists every term A–Z with its own anchor, also without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${site.url}glossary/`);
    expect(await visibleTerms(page)).toEqual(['Diffusion', 'Generative', 'Language', 'LoRA', 'Multimodal', 'Vision']);
    expect(await page.locator('section.term#lora .definition .katex').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-glossary-filter]').isVisible()).toBe(false);
    await context.close();
  });

  it('filters by abbreviation as you type, counts matches and keeps the query in the URL', async () => {
    const { page, errors } = await open('glossary/');
    await page.locator('#arbor-glossary-q').fill('VI');
    expect(await visibleTerms(page)).toEqual(['Vision']);
    expect(await page.locator('[data-filter-count]').textContent()).toBe('1 of 6 terms match “VI”');
    expect(new URL(page.url()).searchParams.get('q')).toBe('VI');
    await page.reload();
    expect(await page.locator('#arbor-glossary-q').inputValue()).toBe('VI');
    expect(await visibleTerms(page)).toEqual(['Vision']);
    await page.locator('#arbor-glossary-q').fill('noise');
    expect(await visibleTerms(page)).toEqual(['Diffusion']);
    expect(errors).toEqual([]);
  });

  it('shows where a term appears on its own page: its tree nodes and the notes that mention it', async () => {
    const { page, errors } = await open('glossary/#lora');
    // The glossary says how much, the term's page says where: the glossary does not grow with the notes.
    expect(await page.locator('section.term#lora .usage').textContent()).toContain('mentioned in 1 page');
    expect(await page.locator('section.term .mentioned, section.term .backlinks').count()).toBe(0);
    await page.locator('section.term#lora a[data-term-page]').click();
    await page.waitForURL(/\/kb\/glossary\/lora\/$/);
    expect(await page.locator('h1').textContent()).toContain('LoRA');
    expect(await page.locator('.mentioned a').allTextContents()).toEqual(['Attention Mechanism']);
    await page.locator('.crumb a').click();
    await page.waitForURL(/\/kb\/glossary\/#lora$/);
    await page.goto(`${site.url}glossary/vision/`);
    expect(await page.locator('.appears-in a.node-link').getAttribute('href')).toBe('/kb/trees/ml-map/#node-VI');
    expect(errors).toEqual([]);
  });
});

describe('search', () => {
  it('loads no search code on a topic page until the search box is used', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(`${site.url}topics/attention/`, { waitUntil: 'networkidle' });
    expect(requested.filter((u) => /pagefind|search-ui/.test(u))).toEqual([]);
    const index = page.waitForRequest(/pagefind\.js/);
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('arbor-search-input');
    await index;
    await context.close();
  });

  it('shows the glossary term first for "LoRA", and Enter opens it at its anchor', async () => {
    const { page, errors } = await open('topics/scaling-laws/');
    await page.keyboard.press('Control+k');
    await page.keyboard.type('LoRA');
    const first = page.locator('#arbor-search-results .search-hit').first();
    await first.waitFor();
    expect(await first.locator('.hit-title').textContent()).toBe('LoRA');
    expect(await first.locator('.hit-kind').textContent()).toBe('term');
    expect(await first.getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/kb\/glossary\/#lora$/);
    const entry = page.locator('section.term#lora');
    expect(await entry.evaluate((el) => el.getBoundingClientRect().top >= 0 && el.getBoundingClientRect().top < innerHeight)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('finds a tree by a node label and a relationship label, with arrow keys', async () => {
    const { page } = await open('');
    const input = page.locator('#arbor-search-input');
    await input.fill('Triggers Diffusion');
    await page.locator('#arbor-search-results .search-hit').first().waitFor();
    const hits = page.locator('#arbor-search-results .search-hit');
    const titles = await hits.locator('.hit-title').allTextContents();
    expect(titles).toContain('ML Map');
    const index = titles.indexOf('ML Map');
    for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/kb\/trees\/ml-map\//);
  });

  it('gives a shareable results page that reproduces the results on reload, with a kind filter', async () => {
    const { page } = await open('search/?q=attention');
    const titles = () => page.locator('.search-page-results .hit-title').allTextContents();
    await page.locator('.search-page-results .search-hit').first().waitFor();
    const first = await titles();
    expect(first).toContain('Attention Mechanism');
    await page.reload();
    await page.locator('.search-page-results .search-hit').first().waitFor();
    expect(await titles()).toEqual(first);
    await page.getByLabel('Papers').check();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('kind') === 'paper');
    await page.waitForFunction(() => document.querySelector('[data-search-status]')?.textContent?.includes('result'));
    for (const kind of await page.locator('.search-page-results .hit-kind').allTextContents()) expect(kind).toBe('paper');
  });

  it('shows a hostile query as text and runs nothing', async () => {
    const payload = '<img src=x onerror=alert(1)>';
    const { page, errors } = await open(`search/?q=${encodeURIComponent(payload)}`);
    await page.waitForFunction(() => (document.querySelector('[data-search-status]')?.textContent ?? '').length > 0);
    expect(await page.locator('[data-search-status]').textContent()).toContain(payload);
    await page.locator('#arbor-search-input').fill(payload);
    await page.locator('[data-search-panel]').waitFor();
    expect(await page.locator('[data-search-panel]').textContent()).toContain(payload);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

/** The hits a results list shows, in order. */
const hitsIn = (page: Page, list: string) =>
  page.locator(`${list} .search-hit`).evaluateAll((links) =>
    links.map((a) => ({ title: a.querySelector('.hit-title')!.textContent!, kind: a.querySelector('.hit-kind')!.textContent!, excerpt: a.querySelector('.hit-excerpt')!.textContent! })),
  );
const titles = (hits: { title: string }[]) => hits.map((h) => h.title);

/** /search/ once its status line reports on the query. */
async function resultsPage(page: Page) {
  await page.waitForFunction(() => /results? /.test(document.querySelector('[data-search-status]')?.textContent ?? ''));
  return hitsIn(page, '.search-page-results');
}

/** Types a query into the header box and returns the dropdown's options once they are this query's. */
async function dropdown(page: Page, query: string) {
  await page.locator('#arbor-search-input').fill(query);
  await page.waitForFunction((q) => document.querySelector('[data-search-all]')?.textContent?.includes(`“${q}”`), query);
  return hitsIn(page, '#arbor-search-results');
}

/**
 * Pagefind's own order for a query, with the options the site's search code gave it: the raw
 * material the ranking starts from. Passed as text: Vitest rewrites `import()` in test code.
 */
function pagefindOrder(page: Page, query: string): Promise<{ title: string; kind: string }[]> {
  return page.evaluate(`(async (q) => {
    const pf = await import(document.querySelector('[data-search-box]').dataset.base + 'pagefind/pagefind.js');
    const res = await pf.search(q);
    return Promise.all(res.results.map(async (r) => { const d = await r.data(); return { title: d.meta.title, kind: (d.filters.kind || [])[0] }; }));
  })(${JSON.stringify(query)})`);
}

describe('search excerpts', () => {
  it('read as prose: a space after each highlight, no tag chips or hidden filter words', async () => {
    const { page, errors } = await open('search/?q=attention');
    const hits = await resultsPage(page);
    const attention = hits.find((h) => h.title === 'Attention Mechanism');
    expect(attention?.excerpt).toContain('Attention lets a model');
    await page.locator('#search-page-q').fill('LoRA adapters');
    await page.waitForFunction(() => document.querySelector('[data-search-status]')?.textContent?.includes('LoRA adapters'));
    const lora = (await hitsIn(page, '.search-page-results')).find((h) => h.title === 'Attention Mechanism');
    expect(lora?.excerpt).toContain('LoRA adapters are often applied to attention');
    for (const { excerpt } of [attention!, lora!]) {
      // The note's tag chip (#transformers), its hidden filter value and the hidden kind ("note").
      expect(excerpt).not.toMatch(/transformers\s*transformers|#transformers|^note\b/);
    }
    expect(errors).toEqual([]);
  });
});

describe('search ranking and filters', () => {
  const MOE_NOTES = 24;
  let cases: Served;
  beforeAll(() => {
    const files: Record<string, string> = {
      'glossary/mixture-of-experts.md':
        '---\nterm: Mixture of Experts\naliases: [MoE]\nkind: term\nshort: An architecture that sends each input to a few expert sub-networks.\n---\nA gating network picks the experts for each input.\n',
      'notes/axes.md': '---\ntitle: Plot Axes\ntags: [plots]\nsummary: Three axes.\n---\n\nPlot the axes (X, Y, Z) of the space.\n',
      'trees/routing-map.md':
        '---\ntitle: Routing Map\ntags: [routing]\nsummary: How a router hands tokens to experts.\n---\n\n```mermaid\nflowchart LR\n    R[Router] --> T[Token Dropping Threshold]\n    T --> Q[Expert Queue]\n```\n',
    };
    for (let n = 1; n <= MOE_NOTES; n++) {
      files[`notes/moe-${n}.md`] =
        `---\ntitle: MoE in practice, part ${n}\ntags: [${n <= 3 ? 'moe, routing' : 'moe'}]\nsummary: How the gating network of a MoE layer routes tokens, part ${n}.\n---\n\n## MoE layers\n\nA MoE layer holds many experts; the MoE router picks two. MoE models train fast.\n`;
    }
    for (let n = 1; n <= 3; n++) {
      files[`notes/capacity-${n}.md`] =
        `---\ntitle: Capacity tuning ${n}\ntags: [capacity]\n---\n\n## Token threshold\n\nEach token past the threshold is dropped. Dropping a token saves compute; raise the threshold when dropping hurts.\n\n## Dropping tokens\n\nWatch how many tokens each threshold drops, token by token.\n`;
    }
    const { root, contentDir } = tempContent(files);
    const built = buildFixture(contentDir, { ARBOR_BASE: '/kb/', ARBOR_CACHE_DIR: join(root, 'cache') });
    if (built.status !== 0) throw new Error(`search cases build failed:\n${built.output}`);
    return serve(built.dist, '/kb/').then((s) => void (cases = s));
  });
  afterAll(async () => {
    // The server closes once no page keeps a connection open to it.
    for (const context of browser.contexts()) await context.close();
    await cases?.close();
  });
  const openCase = (path: string, options?: OpenOptions) => openPage(browser, cases.url + path, options);

  it('finds the term named by an alias ("moe" → Mixture of Experts) first, in the dropdown as on /search/, past Pagefind’s top results', async () => {
    const { page, errors } = await openCase('search/?q=moe');
    const found = await resultsPage(page);
    // Pagefind alone scores the short term record below many notes: the dropdown used to re-rank only its top 16.
    const raw = await pagefindOrder(page, 'moe');
    expect(raw.findIndex((h) => h.title === 'Mixture of Experts')).toBeGreaterThanOrEqual(16);
    expect(found[0]).toMatchObject({ title: 'Mixture of Experts', kind: 'term' });
    expect(found).toHaveLength(MOE_NOTES + 3); // the notes, the term, and the tag pages #moe and #routing (which lists parts 1–3)
    const shown = await dropdown(page, 'moe');
    expect(titles(shown)).toEqual(titles(found).slice(0, 8));
    expect(errors).toEqual([]);
  });

  it('ranks tag pages after the pages and terms they list', async () => {
    const { page } = await openCase('search/?q=gating');
    const found = await resultsPage(page);
    const raw = await pagefindOrder(page, 'gating');
    expect(raw.findIndex((h) => h.title === '#moe')).toBeLessThan(raw.findIndex((h) => h.title === 'Mixture of Experts'));
    const kinds = found.map((h) => h.kind);
    expect(kinds[0]).toBe('term');
    expect(kinds).toContain('tag');
    expect(kinds.slice(kinds.indexOf('tag')).every((k) => k === 'tag')).toBe(true);
    const shown = await dropdown(page, 'gating');
    expect(titles(shown)).toEqual(titles(found).slice(0, 8));
  });

  it('shows no result for a nonsense word that Pagefind matches by its first letter', async () => {
    const { page, errors } = await openCase('search/?q=zzqxj');
    expect(await resultsPage(page)).toEqual([]);
    expect(await page.locator('[data-search-status]').textContent()).toBe('0 results for “zzqxj”');
    // Pagefind falls back to the longest indexed word that starts the query: the "Z" of "(X, Y, Z)".
    expect(titles(await pagefindOrder(page, 'zzqxj'))).toEqual(['Plot Axes']);
    expect(await dropdown(page, 'zzqxj')).toEqual([]);
    expect(await page.locator('[data-search-empty]').textContent()).toBe('No results for “zzqxj”');
    expect(await page.locator('#arbor-search-input').getAttribute('aria-expanded')).toBe('false');
    expect(errors).toEqual([]);
  });

  it('ranks the page with an exact diagram-label phrase first', async () => {
    const { page } = await openCase('search/?q=Token%20Dropping%20Threshold');
    const found = await resultsPage(page);
    const raw = await pagefindOrder(page, 'Token Dropping Threshold');
    expect(raw.at(-1)?.title).toBe('Routing Map');
    expect(found[0]?.title).toBe('Routing Map');
    expect(titles(await dropdown(page, 'Token Dropping Threshold'))[0]).toBe('Routing Map');
  });

  it('filters by tag from ?tag= and keeps the tag in the URL as the other filters change', async () => {
    const { page, errors } = await openCase('search/?q=moe&tag=routing');
    const tag = page.locator('select[name="tag"]');
    const parts = ['MoE in practice, part 1', 'MoE in practice, part 2', 'MoE in practice, part 3'];
    expect(titles(await resultsPage(page)).sort()).toEqual(parts);
    expect(await tag.inputValue()).toBe('routing');
    expect(await page.locator('[data-search-status]').textContent()).toBe('3 results for “moe” tagged #routing');
    await page.getByRole('radio', { name: 'Notes' }).check();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('kind') === 'note');
    expect(new URL(page.url()).searchParams.get('tag')).toBe('routing');
    await page.reload();
    expect(titles(await resultsPage(page)).sort()).toEqual(parts);
    expect(await tag.inputValue()).toBe('routing');
    // Without a query, the tag lists its pages.
    await page.locator('#search-page-q').fill('');
    await page.waitForFunction(() => document.querySelector('[data-search-status]')?.textContent?.startsWith('3 results tagged'));
    await page.getByRole('radio', { name: 'All' }).check();
    await page.waitForFunction(() => document.querySelector('[data-search-status]')?.textContent?.startsWith('4 results tagged'));
    expect(titles(await hitsIn(page, '.search-page-results'))).toEqual([...parts, 'Routing Map']);
    await tag.selectOption('');
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('tag'));
    expect(errors).toEqual([]);
  });

  describe('accessibility (axe: no critical or serious violation)', () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`on /search/ with results, ${colorScheme}`, async () => {
        const { page } = await openCase('search/?q=moe', { colorScheme });
        expect((await resultsPage(page)).length).toBeGreaterThan(0);
        expect(await page.locator('.search-page-results [role="option"]').count()).toBe(0);
        expect(await seriousViolations(page)).toEqual([]);
      });

      it(`on a page with the dropdown open, with results and with none, ${colorScheme}`, async () => {
        const { page } = await openCase('topics/moe-1/', { colorScheme });
        expect((await dropdown(page, 'moe')).length).toBe(8);
        // The listbox holds options only; the link to all results sits beside it.
        expect(await page.locator('#arbor-search-results > :not([role="option"])').count()).toBe(0);
        expect(await page.locator('#arbor-search-results [data-search-all]').count()).toBe(0);
        expect(await seriousViolations(page)).toEqual([]);
        expect(await dropdown(page, 'zzqxj')).toEqual([]);
        expect(await page.locator('[data-search-empty]').isVisible()).toBe(true);
        expect(await seriousViolations(page)).toEqual([]);
      });
    }
  });
});
