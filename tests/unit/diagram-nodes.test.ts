/** How diagram nodes find what they link to: `autolink=false` charts, and never the page a node is drawn on. */
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/core/content/load.ts';
import { buildGraph } from '../../src/core/graph/build.ts';
import { ProblemList } from '../../src/core/problems.ts';
import { tempContent } from '../helpers/temp-content.ts';

async function graphOf(files: Record<string, string>) {
  const { root, contentDir } = tempContent(files);
  const problems = new ProblemList();
  const built = await buildGraph(loadContent(root, contentDir, problems), { base: '/', brokenLinks: 'error' }, problems);
  return { graph: built.graph, problems };
}

const chart = (meta: string) => ['# BlueFog', '', `\`\`\`mermaid ${meta}`.trimEnd(), 'flowchart LR', '  A[we] --> B[is]', '  B --> C[allreduce]', '  C --> D[BlueFog]', '  click A "Glossary Word"', '```', ''].join('\n');
const terms = {
  'glossary/allreduce.md': '---\nterm: AllReduce\n---\nSums across ranks.\n',
  'glossary/word.md': '---\nterm: Glossary Word\n---\nA word.\n',
};

describe('diagram nodes', () => {
  it('in an autolink=false chart link only through click lines, and are not reported as linking nowhere', async () => {
    const { graph, problems } = await graphOf({ 'notes/bluefog.md': chart('autolink=false'), ...terms });
    const nodes = graph.diagrams[0]!.nodes;
    expect(nodes.map((n) => [n.id, n.target?.slug])).toEqual([['A', 'glossary-word'], ['B', undefined], ['C', undefined], ['D', undefined]]);
    expect(problems.warnings.map((w) => w.message).join('\n')).not.toMatch(/link nowhere/);
  });

  it('otherwise link by label, but never to the page they are drawn on, and unlinked ones are reported', async () => {
    const { graph, problems } = await graphOf({ 'notes/bluefog.md': chart(''), ...terms });
    const nodes = graph.diagrams[0]!.nodes;
    expect(nodes.map((n) => [n.id, n.target?.slug])).toEqual([['A', 'glossary-word'], ['B', undefined], ['C', 'allreduce'], ['D', undefined]]);
    expect(problems.warnings.map((w) => w.message).join('\n')).toMatch(/2 diagram node\(s\) link nowhere[^]*bluefog-diagram: B "is"[^]*bluefog-diagram: D "BlueFog"/);
  });
});
