/** Page views: what one page carries of the graph, so that pages stay small as the notes grow. */
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/core/content/load.ts';
import { buildGraph } from '../../src/core/graph/build.ts';
import { BACKLINK_CONTEXTS_UP_TO, pageView, termView } from '../../src/core/graph/views.ts';
import { ProblemList } from '../../src/core/problems.ts';
import { tempContent } from '../helpers/temp-content.ts';

async function graphOf(files: Record<string, string>) {
  const { root, contentDir } = tempContent(files);
  const problems = new ProblemList();
  const built = await buildGraph(loadContent(root, contentDir, problems), { base: '/kb/', brokenLinks: 'error' }, problems);
  expect(problems.errors).toEqual([]);
  return built.graph;
}

describe('page views', () => {
  it('carry a page’s backlinks with their sentences, its alias URLs and no other page’s body', async () => {
    const graph = await graphOf({
      'notes/hub.md': '---\ntitle: Hub\naliases: [Centre]\n---\nThe hub.\n',
      'notes/a.md': '# A\n\nA sentence that links to [[Hub|the hub]].\n\nSecret text of A.\n',
      'glossary/vision.md': '---\nterm: Vision\n---\nSeeing, see [[Hub]].\n',
    });
    const hub = graph.pages.find((p) => p.slug === 'hub')!;
    const view = pageView(graph, hub, ['centre']);
    expect(view.backlinks).toEqual([
      { kind: 'note', title: 'A', href: '/kb/topics/a/', contexts: ['A sentence that links to the hub.'] },
      { kind: 'term', title: 'Glossary › Vision', href: '/kb/glossary/#vision', contexts: ['Seeing, see Hub.'] },
    ]);
    expect(view.redirects).toEqual(['centre']);
    expect(JSON.stringify(view)).not.toContain('Secret text');
  });

  it(`list the titles only when more than ${BACKLINK_CONTEXTS_UP_TO} pages link to a page`, async () => {
    const files: Record<string, string> = { 'notes/hub.md': '# Hub\n' };
    for (let i = 0; i <= BACKLINK_CONTEXTS_UP_TO; i++) files[`notes/n${i}.md`] = `# N${i}\n\nLinks to [[Hub]] with a long sentence ${i}.\n`;
    const graph = await graphOf(files);
    const view = pageView(graph, graph.pages.find((p) => p.slug === 'hub')!);
    expect(view.backlinks).toHaveLength(BACKLINK_CONTEXTS_UP_TO + 1);
    expect(view.backlinks.every((b) => b.contexts.length === 0)).toBe(true);
  });

  it('give a term the pages that mention it and link to it', async () => {
    const graph = await graphOf({
      'notes/a.md': '# A\n\nVision is mentioned.\n',
      'notes/b.md': '# B\n\nA link to [[Vision]].\n',
      'glossary/vision.md': '---\nterm: Vision\nshort: Seeing.\n---\nSeeing things.\n',
    });
    const view = termView(graph, graph.terms[0]!);
    expect(view.mentions.map((m) => m.title)).toEqual(['A']);
    expect(view.backlinks.map((b) => b.title)).toEqual(['B']);
    expect(view.definition).toBe('Seeing things.');
  });
});
