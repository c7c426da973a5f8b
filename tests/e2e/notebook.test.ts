/**
 * The user's own notebook (content/), built as the README's command builds it: every page,
 * tree, term and diagram is there, no link is broken, no mojibake reached the site, and the
 * concept map works in a browser.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { JSDOM } from 'jsdom';
import { launchBrowser, openPage, projectRoot, serve, type Served } from '../helpers/site.ts';
import { checkLinks } from '../../src/core/check-links.ts';
import { loadContent } from '../../src/core/content/load.ts';
import { buildGraph } from '../../src/core/graph/build.ts';
import type { KnowledgeGraph } from '../../src/core/graph/types.ts';
import { ProblemList } from '../../src/core/problems.ts';

let dist: string;
let graph: KnowledgeGraph;
let site: Served;
let browser: Browser;

beforeAll(async () => {
  dist = inject('notebookDist');
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

/** The visible text of an element: no code, diagrams, formulas or tooltips. */
function visibleText(el: Element): string {
  const copy = el.cloneNode(true) as Element;
  for (const x of copy.querySelectorAll('pre, code, svg, .katex, .term-tip, .diagram-text, script, style')) x.remove();
  return copy.textContent ?? '';
}
const docs = new Map<string, Document>();
const doc = (path: string) => docs.get(path) ?? docs.set(path, new JSDOM(html(path)).window.document).get(path)!;
const main = (path: string) => doc(path).querySelector('main')!;

describe('the notebook as its owner reads it (issue 14)', () => {
  it('links inserted by the import keep tables, bold and URLs intact', () => {
    const rows = [...main('topics/dirk-groeneveld-loss-monitoring').querySelectorAll('tr')];
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const tr of rows) expect(tr.children.length, tr.textContent!).toBe(3);
    expect(rows.some((tr) => tr.textContent!.includes('modify model hyperparameters'))).toBe(true);
    const url = [...main('topics/study/papers-to-read').querySelectorAll('a')].find((a) => a.textContent === 'https://github.com/daturkel/learning-papers');
    expect(url?.getAttribute('href')).toBe('https://github.com/daturkel/learning-papers');
    const literal = graph.pages.filter((p) => visibleText(main(p.href.slice(1))).includes('**')).map((p) => p.file);
    expect(literal).toEqual([]);
    expect(visibleText(main('glossary'))).not.toContain('**');
  });

  it('shows definitions in the glossary, with “More in” links named by their note’s title', () => {
    const glossary = main('glossary');
    expect(glossary.querySelectorAll('.definition h1, .definition h2, .definition h3, .definition h4, .definition blockquote')).toHaveLength(0);
    const more = [...glossary.querySelectorAll('.definition p')].filter((p) => p.textContent!.startsWith('More in '));
    expect(more.length).toBeGreaterThanOrEqual(50);
    for (const p of more) {
      const a = p.querySelector('a')!;
      expect(a.textContent, a.getAttribute('href')!).toBe(graph.pages.find((x) => x.href === a.getAttribute('href'))?.title);
    }
    expect(glossary.querySelector('#unifies-modalities-with-audio .short')?.textContent).toBe('Merges audio with other modalities.');
    // "ML" and the other skill-area ids are words, not links to the skills table
    const skills = new Set(graph.terms.filter((t) => t.tags.includes('skill-tree')).map((t) => t.slug));
    const skillLinks = graph.pages.flatMap((p) => [...main(p.href.slice(1)).querySelectorAll('a.term-link')].filter((a) => skills.has(a.getAttribute('data-term') ?? '')).map((a) => `${p.file}: ${a.firstChild?.textContent}`));
    expect(skillLinks.filter((l) => /: \S{1,2}$/.test(l))).toEqual([]);
  });

  it('has the structure the notebook has', () => {
    const prompts = main('topics/prompts-to-see-sota-papers-and-ideas-in-code').querySelector('.prose > ol')!;
    expect([...prompts.children].filter((c) => c.tagName === 'LI')).toHaveLength(10);
    expect(prompts.children[4]!.querySelectorAll('li')).toHaveLength(3);
    const facts = main('topics/twenty-ml-and-systems-facts');
    const dialogue = [...facts.querySelectorAll('li')].map((li) => li.textContent!).filter((t) => /^(User|Model): /.test(t));
    expect(dialogue).toHaveLength(5);
    const hacks = [...main('topics/study/study-success-hacks').querySelectorAll('h2, h3, h4')].filter((h) => !h.closest('nav, aside, .related, .backlinks, .appears-in'));
    expect(hacks.map((h) => `${h.tagName} ${h.textContent}`)).toEqual(['H2 David Reed', 'H3 Success Hacks', 'H3 Support features']);
    expect(main('topics/study/r-cnn-family').querySelector('ol[start]')).toBeNull();
    expect(visibleText(main('topics/agi-overview'))).toContain('AGI will redef… (cut off here in the source)');
    expect(visibleText(main('topics/agi-autonomy-and-agentic-ai'))).toContain('Ethical concerns over… (cut off here in the source)');
    expect(visibleText(main('topics/attention-mechanism-in-neural-networks'))).toContain('Keys (K) 🗝️');
    expect(visibleText(main('topics/meta-nccl-vs-deepseek-gpu-communication'))).toContain('Did not disclose implementation details 🤐');
    for (const note of ['moe-and-mla-working-together', 'mixture-of-experts-and-the-brain', 'deepseek-mla-and-custom-gpu-communication', 'deepseek-moe-architecture', 'deepseek-auxiliary-loss-in-moe', 'bitter-lesson-and-deepseek-moe'])
      expect(main(`topics/${note}`).querySelector('svg[data-diagram], [data-diagram] svg'), note).not.toBeNull();
    for (const note of ['ai-model-subscription-plans', 'arc-agi-benchmark']) {
      expect(main(`topics/${note}`).querySelector('.katex'), note).toBeNull();
      expect(visibleText(main(`topics/${note}`))).toMatch(/\$\d/);
    }
  });

  it('links diagram nodes to the papers and terms they name, never to their own page', () => {
    const nodeHref = (path: string, id: string) => main(path).querySelector(`[data-node="${id}"]`)?.closest('a')?.getAttribute('href');
    expect(nodeHref('trees/asynchronous-hpc-patterns', 'N')).toBe('/topics/papers/samurai-a-versatile-iot-node-with/');
    expect(nodeHref('trees/asynchronous-hpc-patterns', 'H')).toBe('/topics/papers/jizhi-a-fast-and-cost-effective/');
    expect(nodeHref('trees/deepseek-moe-shared-and-routed-experts', 'B')).toBe('/glossary/#gating-network');
    for (const p of graph.pages) {
      const self = [...main(p.href.slice(1)).querySelectorAll('[data-node]')].filter((n) => n.closest('a')?.getAttribute('href') === p.href);
      expect(self.map((n) => n.getAttribute('data-node')), p.file).toEqual([]);
    }
  });
});

