/**
 * The user's own notebook (content/), built as the README's command builds it: every page,
 * tree, term and diagram is there, no link is broken, no mojibake reached the site, and the
 * concept map works in a browser.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildFixture, launchBrowser, openPage, projectRoot, serve, type Served } from '../helpers/site.ts';
import { checkLinks } from '../../src/lib/check-links.ts';
import { loadContent } from '../../src/lib/content/load.ts';
import { buildGraph } from '../../src/lib/graph/build.ts';
import type { KnowledgeGraph } from '../../src/lib/graph/types.ts';
import { ProblemList } from '../../src/lib/problems.ts';

let dist: string;
let graph: KnowledgeGraph;
let site: Served;
let browser: Browser;

beforeAll(async () => {
  const built = buildFixture(join(projectRoot, 'content'));
  if (built.status !== 0) throw new Error(`content/ does not build:\n${built.output}`);
  dist = built.dist;
  const problems = new ProblemList();
  graph = (await buildGraph(loadContent(projectRoot, join(projectRoot, 'content'), problems), { base: '/', brokenLinks: 'error' }, problems)).graph;
  site = await serve(dist);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const html = (path: string) => readFileSync(join(dist, path, 'index.html'), 'utf8');

describe('the notebook site', () => {
  it('has a page for every note, paper and tree, and an entry for every term', () => {
    for (const page of graph.pages) expect(html(page.href.slice(1)), page.file).toContain('<main');
    const glossary = html('glossary');
    for (const term of graph.terms) expect(glossary, term.file).toContain(`id="${term.slug}"`);
    expect(graph.pages.filter((p) => p.kind === 'tree').length).toBeGreaterThanOrEqual(4);
    expect(graph.pages.filter((p) => p.isPaper).length).toBeGreaterThanOrEqual(40);
  });

  it('draws every Mermaid block as inline SVG with its data-diagram id', () => {
    for (const d of graph.diagrams) {
      const page = graph.pages.find((p) => p.kind === d.page.kind && p.slug === d.page.slug)!;
      expect(html(page.href.slice(1)), d.file).toContain(`data-diagram="${d.id}"`);
    }
  });

  it('has no broken internal link or anchor', () => {
    expect(checkLinks(dist, '/').broken).toEqual([]);
  });

  it('contains no mojibake', () => {
    const files = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(html|json)$/.test(f));
    for (const f of files) expect(readFileSync(join(dist, f), 'utf8'), f).not.toMatch(/Ã|â€|ðŸ|ï¸/);
  });

  it('links each of the concept map\'s 15 nodes to its glossary term, in the browser too', async () => {
    const map = graph.diagrams.find((d) => d.primary && d.nodes.some((n) => n.id === 'MM') && d.nodes.length === 15)!;
    expect(map.nodes.map((n) => n.target?.kind)).toEqual(Array(15).fill('term'));
    const page = graph.pages.find((p) => p.slug === map.page.slug)!;
    const { page: tab, errors } = await openPage(browser, `${site.url}${page.href.slice(1)}#node-VI`);
    expect(await tab.locator('[data-node]').count()).toBe(15);
    await tab.locator('[data-node="VI"] a').click();
    await tab.waitForURL(/\/glossary\/#vision$/);
    expect(errors).toEqual([]);
  });
});
