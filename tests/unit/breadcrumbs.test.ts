/** Breadcrumbs (src/core/graph/views.ts): the trail to a page from its folder path, linking only pages that exist. */
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/core/content/load.ts';
import { buildGraph } from '../../src/core/graph/build.ts';
import { breadcrumbs, pageView } from '../../src/core/graph/views.ts';
import { ProblemList } from '../../src/core/problems.ts';
import { tempContent } from '../helpers/temp-content.ts';

async function graphOf(files: Record<string, string>, base = '/kb/') {
  const { root, contentDir } = tempContent(files);
  const problems = new ProblemList();
  const built = await buildGraph(loadContent(root, contentDir, problems), { base, brokenLinks: 'error' }, problems);
  expect(problems.errors).toEqual([]);
  return built.graph;
}

describe('breadcrumbs', () => {
  it('run Home › Topics › folders › the note, linking a folder only when it has a page of its own', async () => {
    const graph = await graphOf({
      'notes/ML/index.md': '# Machine learning\n',
      'notes/ML/Optimisation/Adam Optimizer.md': '# Adam\n',
      'notes/top.md': '# Top\n',
    });
    const adam = graph.pages.find((p) => p.slug === 'ml/optimisation/adam-optimizer')!;
    expect(pageView(graph, adam).breadcrumbs).toEqual([
      { label: 'Home', href: '/kb/' },
      { label: 'Topics', href: '/kb/topics/' },
      { label: 'ML', href: '/kb/topics/ml/' },
      { label: 'Optimisation' },
      { label: 'Adam' },
    ]);
    // The folder's own page (index.md) is not inside itself.
    expect(breadcrumbs(graph, graph.pages.find((p) => p.slug === 'ml')!)).toEqual([{ label: 'Home', href: '/kb/' }, { label: 'Topics', href: '/kb/topics/' }, { label: 'Machine learning' }]);
    expect(breadcrumbs(graph, graph.pages.find((p) => p.slug === 'top')!).map((c) => c.label)).toEqual(['Home', 'Topics', 'Top']);
  });

  it('put trees under Trees, and a folder note (a.md beside a/) links its folder', async () => {
    const graph = await graphOf({
      'trees/maps/vision.md': '# Vision map\n\n```mermaid\nflowchart LR\n  A --> B\n```\n',
      'notes/a.md': '# A\n',
      'notes/a/b.md': '# B\n',
    }, '/');
    expect(breadcrumbs(graph, graph.pages.find((p) => p.kind === 'tree')!)).toEqual([{ label: 'Home', href: '/' }, { label: 'Trees', href: '/trees/' }, { label: 'maps' }, { label: 'Vision map' }]);
    expect(breadcrumbs(graph, graph.pages.find((p) => p.slug === 'a/b')!)).toEqual([{ label: 'Home', href: '/' }, { label: 'Topics', href: '/topics/' }, { label: 'a', href: '/topics/a/' }, { label: 'B' }]);
  });
});
