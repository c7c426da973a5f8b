/**
 * Three defects of the built site, each checked over real builds:
 * - no id twice on a page (the page chrome's ids are `arbor-…`, tooltip ids are unique on the
 *   glossary page), whatever the headings and terms are called;
 * - two cold builds of the same content are the same bytes, the Pagefind bundle included;
 * - a site without papers has no link to a `#papers` section that is not there.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import type { Element } from 'hast';
import { buildFixture, launchBrowser, openPage, projectRoot, serve, type Served } from '../helpers/site.ts';
import { tempContent } from '../helpers/temp-content.ts';
import { checkLinks } from '../../src/core/check-links.ts';

const fixture = join(projectRoot, 'tests', 'fixtures', 'site', 'content');

/** Content whose headings and glossary terms carry the names of the page chrome, and no papers. */
const chromeNamed = {
  'notes/chrome.md': [
    '---',
    'tags: [chrome]',
    '---',
    '# Chrome Names',
    '',
    'Vision and Language are terms; so is Site search.',
    '',
    '## Main',
    '',
    'A heading called Main.',
    '',
    '## Search results',
    '',
    'A heading called Search results.',
    '',
    '## Site search',
    '',
    'A heading called Site search.',
  ].join('\n'),
  'notes/other.md': '# Other\n\nSee [[Chrome Names#Main]]. Vision is mentioned here too.\n',
  'glossary/main.md': '---\nterm: Main\nshort: The main thing.\n---\nNamed like the page chrome; related to Vision and Language.\n',
  'glossary/site-search.md': '---\nterm: Site search\nshort: Searching a site.\n---\nAlso about Vision.\n',
  'glossary/search-results.md': '---\nterm: Search results\nshort: What a search finds.\n---\nSee Language.\n',
  'glossary/vision.md': '---\nterm: Vision\nshort: Seeing.\n---\nRelated to Language.\n',
  'glossary/language.md': '---\nterm: Language\nshort: Words.\n---\nRelated to Vision.\n',
};

function htmlFiles(dist: string): string[] {
  return readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .map((f) => f.split(sep).join('/'))
    .filter((f) => f.endsWith('.html'))
    .sort();
}

/** Every id used more than once on a page, for every HTML page of a built site. */
function duplicateIds(dist: string): Record<string, Record<string, number>> {
  const found: Record<string, Record<string, number>> = {};
  for (const file of htmlFiles(dist)) {
    const counts = new Map<string, number>();
    visit(fromHtml(readFileSync(join(dist, file), 'utf8')), 'element', (el: Element) => {
      const id = el.properties.id;
      if (typeof id === 'string') counts.set(id, (counts.get(id) ?? 0) + 1);
    });
    const dups = [...counts].filter(([, n]) => n > 1);
    if (dups.length) found[file] = Object.fromEntries(dups);
  }
  return found;
}

/** Every file of a folder (path → bytes), to compare two builds. */
function filesOf(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const f of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!f.isFile()) continue;
    const path = join(f.parentPath, f.name);
    out.set(path.slice(dir.length + 1).split(sep).join('/'), readFileSync(path));
  }
  return out;
}

/** A build from a fresh copy of `content`: cold for the diagram cache and for Astro's content store. */
function coldBuild(content: string) {
  const root = mkdtempSync(join(tmpdir(), 'arbor-cold-'));
  cpSync(content, join(root, 'content'), { recursive: true });
  return buildFixture(join(root, 'content'), { ARBOR_BASE: '/kb/', ARBOR_CACHE_DIR: join(root, 'cache') });
}

let chromeDist: string;
let site: Served;
let browser: Browser;

beforeAll(async () => {
  const { contentDir } = tempContent(chromeNamed);
  const built = buildFixture(contentDir, { ARBOR_BASE: '/kb/', ARBOR_CACHE_DIR: join(contentDir, '..', 'cache') });
  expect(built.status, built.output).toBe(0);
  chromeDist = built.dist;
  site = await serve(chromeDist, '/kb/');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('ids', () => {
  it('are unique on every page of the fixture site', () => {
    const dist = inject('fixtureDist');
    expect(htmlFiles(dist).length).toBeGreaterThan(10);
    expect(duplicateIds(dist)).toEqual({});
  });

  it('are unique on every page when headings and terms are named Main, Search results, Site search', () => {
    expect(htmlFiles(chromeDist).length).toBeGreaterThan(8);
    expect(duplicateIds(chromeDist)).toEqual({});
    // The glossary page really has several bodies with tooltips, and the headings kept their anchors.
    const glossary = readFileSync(join(chromeDist, 'glossary', 'index.html'), 'utf8');
    expect(glossary.match(/role="tooltip"/g)?.length).toBeGreaterThanOrEqual(5);
    const note = readFileSync(join(chromeDist, 'topics', 'chrome', 'index.html'), 'utf8');
    for (const anchor of ['main', 'search-results', 'site-search']) expect(note).toContain(`<h2 id="${anchor}">`);
  });

  it('keep a content anchor named #main on its heading, and the skip link on the page content', async () => {
    const target = () => page.evaluate(() => `${document.querySelector(':target')?.tagName}#${document.querySelector(':target')?.id}`);
    const { page, errors } = await openPage(browser, `${site.url}topics/chrome/#main`);
    expect(await target()).toBe('H2#main');
    await page.goto(`${site.url}topics/other/`);
    await page.getByRole('link', { name: 'Chrome Names › Main' }).click();
    await page.waitForURL(/\/kb\/topics\/chrome\/#main$/);
    expect(await target()).toBe('H2#main');
    // Keyboard, on a fresh page: the first Tab reaches the skip link, Enter moves to the page's <main>.
    await page.goto(`${site.url}topics/chrome/`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#arbor-main$/);
    expect(await target()).toBe('MAIN#arbor-main');
    expect(errors).toEqual([]);
  });

  it('the header search box still opens its results list by its own ids', async () => {
    const { page, errors } = await openPage(browser, `${site.url}topics/chrome/`);
    const input = page.getByRole('combobox', { name: 'Search notes, trees and terms' });
    await input.fill('Vision');
    const list = page.locator(`#${await input.getAttribute('aria-controls')}`);
    await list.locator('.search-hit').first().waitFor();
    expect(await list.getAttribute('role')).toBe('listbox');
    expect(await page.locator(`#${await input.getAttribute('aria-activedescendant')}`).getAttribute('role')).toBe('option');
    expect(errors).toEqual([]);
  });
});

describe('two cold builds of the same content', () => {
  let first: ReturnType<typeof coldBuild>;
  let second: ReturnType<typeof coldBuild>;
  beforeAll(() => {
    first = coldBuild(fixture);
    expect(first.status, first.output).toBe(0);
    second = coldBuild(fixture);
    expect(second.status, second.output).toBe(0);
  });

  it('write the same files with the same bytes, the Pagefind bundle included', () => {
    const a = filesOf(first.dist);
    const b = filesOf(second.dist);
    const pagefindFiles = [...a.keys()].filter((f) => f.startsWith('pagefind/'));
    // The bundle has filter chunks for kind and tag and a meta file (the files that used to differ).
    expect(pagefindFiles.filter((f) => f.startsWith('pagefind/filter/'))).toHaveLength(2);
    expect(pagefindFiles.filter((f) => f.endsWith('.pf_meta'))).toHaveLength(1);
    const differ = [...new Set([...a.keys(), ...b.keys()])].sort().filter((f) => !a.has(f) || !b.has(f) || !a.get(f)!.equals(b.get(f)!));
    expect(differ).toEqual([]);
    expect(first.output).not.toContain('search index left as Pagefind wrote it');
  });

  it('give a search index whose filters still find every kind and tag', async () => {
    const served = await serve(first.dist, '/kb/');
    try {
      const { page, errors } = await openPage(browser, served.url);
      // A string, so that Vite leaves the browser's own import() alone.
      const script = `(async () => {
        const base = ${JSON.stringify(new URL(served.url).pathname)};
        const pf = await import(base + 'pagefind/pagefind.js');
        await pf.options({ baseUrl: base });
        await pf.init();
        const urls = async (filters) => {
          const res = await pf.search(null, { filters });
          return (await Promise.all(res.results.map((r) => r.data()))).map((d) => d.url).sort();
        };
        return { filters: await pf.filters(), paper: await urls({ kind: 'paper' }), tree: await urls({ kind: 'tree' }), transformers: await urls({ tag: 'transformers' }) };
      })()`;
      const result = (await page.evaluate(script)) as { filters: Record<string, Record<string, number>>; paper: string[]; tree: string[]; transformers: string[] };
      expect(result.filters.kind).toEqual({ note: 2, paper: 1, tag: expect.any(Number), term: 6, tree: 1 });
      expect(result.paper).toEqual(['/kb/topics/papers/diffdis/']);
      expect(result.tree).toEqual(['/kb/trees/ml-map/']);
      expect(result.transformers).toContain('/kb/topics/attention/');
      expect(errors).toEqual([]);
    } finally {
      await served.close();
    }
  });
});

describe('a site without papers', () => {
  it('links to no #papers section, and every link and anchor resolves', () => {
    const report = checkLinks(chromeDist, '/kb/');
    expect(report.pages).toBeGreaterThan(8);
    expect(report.broken).toEqual([]);
    const home = readFileSync(join(chromeDist, 'index.html'), 'utf8');
    expect(home).not.toContain('#papers');
    expect(home).toMatch(/2 notes<\/a>/);
  });
});
