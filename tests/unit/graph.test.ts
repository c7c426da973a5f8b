import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/core/content/load.ts';
import { buildGraph, type BuiltGraph } from '../../src/core/graph/build.ts';
import { appearsInDiagrams, backlinks, mentionsOf } from '../../src/core/graph/query.ts';
import { formatProblem, ProblemList } from '../../src/core/problems.ts';
import { tempContent } from '../helpers/temp-content.ts';

const fixtureRoot = join(import.meta.dirname, '..', 'fixtures', 'site');

async function graphOf(files: Record<string, string>, brokenLinks: 'error' | 'warn' = 'error') {
  const { root, contentDir } = tempContent(files);
  const problems = new ProblemList();
  const built = await buildGraph(loadContent(root, contentDir, problems), { base: '/kb/', brokenLinks }, problems);
  return { ...built, problems, messages: problems.sorted().map(formatProblem) };
}

describe('knowledge graph of the fixture site', () => {
  let built: BuiltGraph;
  let problems: ProblemList;
  beforeAll(async () => {
    problems = new ProblemList();
    built = await buildGraph(loadContent(fixtureRoot, join(fixtureRoot, 'content'), problems), { base: '/', brokenLinks: 'error' }, problems);
  });

  it('has no errors', () => {
    expect(problems.errors.map(formatProblem)).toEqual([]);
  });

  it('derives titles, URLs, heading anchors and paper flags', () => {
    const scaling = built.graph.pages.find((p) => p.slug === 'scaling-laws')!;
    expect(scaling.href).toBe('/topics/scaling-laws/');
    expect(scaling.headings.map((h) => h.anchor)).toEqual(['introduction', 'the-scaling-function', 'fitting-the-curve', 'conclusion']);
    const paper = built.graph.pages.find((p) => p.slug === 'papers/diffdis')!;
    expect(paper.isPaper).toBe(true);
    expect(built.graph.pages.find((p) => p.kind === 'tree')?.href).toBe('/trees/ml-map/');
  });

  it('resolves wikilinks by title, alias and heading, with backlinks and their sentences', () => {
    const toAttention = backlinks(built.graph, { kind: 'note', slug: 'attention' });
    expect(toAttention.map((b) => b.slug)).toEqual(['scaling-laws']);
    expect(toAttention[0]!.contexts[0]).toContain('Scaling laws describe how the loss');
    const toScaling = backlinks(built.graph, { kind: 'note', slug: 'scaling-laws' });
    expect(toScaling.map((b) => b.slug)).toEqual(['attention']);
  });

  it('parses the tree: nodes link to terms by id, edges carry their source paper', () => {
    const tree = built.graph.diagrams.find((d) => d.primary)!;
    expect(tree.id).toBe('diagram-1');
    const vi = tree.nodes.find((n) => n.id === 'VI')!;
    expect(vi).toMatchObject({ anchor: 'node-VI', target: { kind: 'term', slug: 'vision', href: '/glossary/#vision' } });
    const edge = tree.edges.find((e) => e.from === 'VI' && e.to === 'DI')!;
    const source = tree.sources[edge.source!]!;
    expect(source).toMatchObject({ label: 'P7', paper: { slug: 'papers/diffdis' } });
    expect(tree.edges.find((e) => e.from === 'LA')?.source).toBe(1);
    expect(appearsInDiagrams(built.graph, { kind: 'term', slug: 'vision' })[0]?.nodes[0]?.href).toBe('/trees/ml-map/#node-VI');
  });

  it('gives note diagrams ids from the heading above and prefixed node anchors', () => {
    const d = built.graph.diagrams.find((x) => x.page.slug === 'attention')!;
    expect(d.id).toBe('multi-head-attention-diagram');
    expect(d.nodes.find((n) => n.id === 'Q')?.anchor).toBe('multi-head-attention-diagram-node-Q');
  });

  it('records which notes mention a term', () => {
    const lora = built.graph.terms.find((t) => t.slug === 'lora')!;
    expect(mentionsOf(built.graph, lora).map((p) => p.slug)).toEqual(['attention']);
  });
});

describe('term mentions and the term’s autolink', () => {
  const term = (name: string, autolink?: string) => `---\nterm: ${name}\nshort: About ${name}.\n${autolink ? `autolink: ${autolink}\n` : ''}---\n\n${name} is a term.\n`;
  const files = {
    'glossary/vision.md': term('Vision', '"as-written"'),
    'glossary/detection.md': term('Detection', 'false'),
    'glossary/gpt.md': term('GPT'),
    'glossary/zero.md': term('ZeRO'),
    'notes/a.md': '# A\n\nA long-term vision, AI Detection Tools, GPT-4, down to zero.\n',
    'notes/b.md': '# B\n\nComputer Vision and GPT models with ZeRO; see [[Detection]].\n',
  };

  it('links the first mention in the term’s sense only; autolink: false is linked by wikilink only', async () => {
    const { graph, plans, messages } = await graphOf(files);
    expect(messages).toEqual([]);
    const linked = (slug: string) => plans.get(`note:${slug}`)!.mentions.map((m) => m.term);
    expect(linked('a')).toEqual([]);
    expect(linked('b')).toEqual(['vision', 'gpt', 'zero']);
    expect(graph.mentions.map((m) => m.term).sort()).toEqual(['gpt', 'vision', 'zero']);
    expect(backlinks(graph, { kind: 'term', slug: 'detection' }).map((p) => p.slug)).toEqual(['b']);
    expect(plans.get('note:b')!.wikiLinks[0]).toMatchObject({ kind: 'term', href: '/kb/glossary/#detection' });
  });
});

describe('link problems', () => {
  it('lists every broken link with file:line and close matches, in one run', async () => {
    const { messages } = await graphOf({
      'notes/a.md': '# A\n\nSee [[Attenton]].\n\nAnd [[Nowhere at all]] and [x](missing.md).\n',
      'notes/attention.md': '---\ntitle: Attention\n---\nHi [[A#No Such Heading]]',
    });
    expect(messages).toEqual([
      'content/notes/a.md:3: [[Attenton]] not found (did you mean [[Attention]]?)',
      'content/notes/a.md:5: [[Nowhere at all]] not found (create the note or fix the name)',
      'content/notes/a.md:5: link to missing.md not found (check the relative path of the .md file)',
      'content/notes/attention.md:4: [[A#No Such Heading]]: "A" has no heading "No Such Heading" (check the heading text)',
    ]);
  });

  it('reports an ambiguous name with its candidates', async () => {
    const { messages } = await graphOf({
      'notes/a.md': '[[Shared]]',
      'notes/b.md': '---\ntitle: Shared\n---\n',
      'notes/c.md': '---\ntitle: Shared\n---\n',
    });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^content\/notes\/a\.md:1: \[\[Shared\]\] is ambiguous: it matches note "Shared" \(\/kb\/topics\/b\/\), note "Shared" \(\/kb\/topics\/c\/\)/);
  });

  it('downgrades broken links to warnings when configured', async () => {
    const { problems } = await graphOf({ 'notes/a.md': '[[Nothing]]' }, 'warn');
    expect(problems.errors).toHaveLength(0);
    expect(problems.warnings[0]?.message).toBe('[[Nothing]] not found');
  });

  it('resolves relative .md links and anchors, and rejects javascript: links', async () => {
    const { messages, graph } = await graphOf({
      'notes/a.md': '[B](sub/b.md#part) and [bad](javascript:alert(1))',
      'notes/sub/b.md': '# B\n\n## Part\n',
    });
    expect(messages).toEqual(['content/notes/a.md:1: "javascript:alert(1)" is a javascript: link (links must point to pages or web addresses)']);
    expect(graph.links[0]?.to.href).toBe('/kb/topics/sub/b/#part');
  });

  it('reports invalid Mermaid at its line in the Markdown file, for every bad diagram', async () => {
    const { messages } = await graphOf({
      'notes/a.md': '# A\n\n```mermaid\nflowchart TD\n  A --> B\n  B --> --> C\n```\n\n```mermaid\nflowchart TD\n  X[(bad]\n```\n',
    });
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/^content\/notes\/a\.md:6: invalid Mermaid: /);
    expect(messages[1]).toMatch(/^content\/notes\/a\.md:11: invalid Mermaid: /);
  });

  it('reports two notes with the same slug and a term defined twice', async () => {
    const { messages } = await graphOf({
      'notes/Same.md': 'one',
      'notes/same.markdown': 'two',
      'glossary/a.md': '---\nterm: LoRA\n---\n',
      'glossary/b.md': '---\nterm: lora\n---\n',
    });
    expect(messages.some((m) => /two notes have the URL slug "same"/.test(m))).toBe(true);
    expect(messages.some((m) => /the term "lora" is defined twice/.test(m))).toBe(true);
  });
});
