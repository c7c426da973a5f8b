/**
 * What the notebook's diagram nodes link to, as the site resolves them (the real graph over
 * content/, run `npm run import-seeds` first).
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { KEY_TERMS_META } from '../../../scripts/import/build.ts';
import { NODE_LINKS } from '../../../scripts/import/curation.ts';
import { plainLabel } from '../../../scripts/import/nodes.ts';
import { loadContent } from '../../../src/core/content/load.ts';
import { buildGraph } from '../../../src/core/graph/build.ts';
import type { TermMatcher } from '../../../src/core/graph/terms.ts';
import type { KnowledgeGraph } from '../../../src/core/graph/types.ts';
import { ProblemList } from '../../../src/core/problems.ts';
import { CONTENT, contentFiles } from './content-helpers.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
let graph: KnowledgeGraph;
let matcher: TermMatcher;

beforeAll(async () => {
  const problems = new ProblemList();
  ({ graph, matcher } = await buildGraph(loadContent(ROOT, join(CONTENT), problems), { base: '/', brokenLinks: 'error' }, problems));
  expect(problems.items.filter((p) => p.severity === 'error')).toEqual([]);
}, 120_000);

const isKeyTerms = (d: KnowledgeGraph['diagrams'][number]) => d.page.slug.startsWith('papers/') && d.id === 'key-terms-diagram';
const nodes = () => graph.diagrams.flatMap((d) => d.nodes.map((n) => ({ d, n, label: plainLabel(n.label) })));

describe('diagram nodes', () => {
  it('found the diagrams', () => {
    expect(graph.diagrams.filter(isKeyTerms)).toHaveLength(20);
    expect(nodes().length).toBeGreaterThan(450);
  });

  it('never link to the page they are drawn on', () => {
    const self = nodes().filter(({ d, n }) => n.target && n.target.kind === d.page.kind && n.target.slug === d.page.slug);
    expect(self.map(({ d, n }) => `${d.file}: ${n.id} "${n.label}"`)).toEqual([]);
  });

  it('never link to a skill-tree area (ML, SM, … are not their names)', () => {
    const skill = new Set(graph.terms.filter((t) => t.tags.includes('skill-tree')).map((t) => t.slug));
    const bad = nodes().filter(({ n }) => n.target?.kind === 'term' && skill.has(n.target.slug));
    expect(bad.map(({ d, n }) => `${d.file}: ${n.id} "${n.label}"`)).toEqual([]);
  });

  it('of the key-term charts are marked, and link only a word that is a term', () => {
    const blocks = contentFiles()
      .filter((f) => f.path.startsWith('notes/papers/') && (f.data.tags as string[]).includes('hpc'))
      .map((f) => f.body.match(/```mermaid([^\n]*)\n/)?.[1]?.trim());
    expect(blocks).toEqual(Array(20).fill(KEY_TERMS_META));
    const linked = nodes().filter(({ d, n }) => isKeyTerms(d) && n.target);
    expect(linked.every(({ n }) => n.target!.kind === 'term')).toBe(true);
    expect(linked.map(({ label }) => label).sort()).toEqual(['allreduce', 'benchmark']);
  });

  it('outside the key-term charts, link wherever the label names a term', () => {
    const missed = nodes().filter(({ d, n, label }) => !isKeyTerms(d) && !n.target && !n.external && matcher.find(label).length > 0);
    expect(missed.map(({ d, n }) => `${d.file}: ${n.id} "${n.label}"`)).toEqual([]);
    const router = nodes().find(({ d, label }) => d.page.slug === 'deepseek-moe-shared-and-routed-experts' && label === 'Router');
    expect(router?.n.target).toMatchObject({ kind: 'term', slug: 'gating-network' });
    const mla = nodes().find(({ d, label }) => d.page.slug === 'deepseek-mla-gpu-stack' && label === 'Multi-Head Latent Attention (MLA)');
    expect(mla?.n.target).toMatchObject({ kind: 'term', slug: 'multi-head-latent-attention' });
  });

  it('carry no click line where the site finds the term by a part of `Long Form (LF)`', () => {
    const cases = [
      ['trees/deepseek-mla-gpu-stack.md', 'Multi-Head Latent Attention (MLA)', 'multi-head-latent-attention'],
      ['trees/deepseek-mla-gpu-stack.md', 'Mixture of Experts (MoE)', 'mixture-of-experts'],
      ['notes/euv-lithography-and-ai-chips.md', 'EUV Lithography (EUVL)', 'extreme-ultraviolet-lithography'],
    ] as const;
    for (const [file, label, slug] of cases) {
      const found = nodes().find(({ d, label: l }) => d.file === `content/${file}` && l === label);
      expect(found?.n.target, label).toMatchObject({ kind: 'term', slug });
      expect(contentFiles().find((f) => f.path === file)!.body, label).not.toMatch(new RegExp(`click ${found!.n.id} `));
    }
  });

  it('of the async-HPC map link the papers they name', () => {
    const map = graph.diagrams.find((d) => d.page.kind === 'tree' && d.page.slug === 'asynchronous-hpc-patterns')!;
    const papers = Object.entries(NODE_LINKS).filter(([, to]) => to.startsWith('papers/'));
    expect(papers.length).toBeGreaterThanOrEqual(12);
    for (const [label, to] of papers) {
      const node = map.nodes.find((n) => plainLabel(n.label) === label);
      expect(node?.target, label).toMatchObject({ kind: 'note', slug: to });
    }
    // the short names the papers go by, each on the node that names it first
    for (const name of ['SamurAI', 'Walle', 'JIZHI', 'BlueFog', 'TensAIR', 'DeepSpark', 'Isabelle/jEdit', 'SYCL-DNN']) {
      const node = map.nodes.find((n) => n.label.includes(name));
      expect(node?.target?.kind, name).toBe('note');
      expect(graph.pages.find((p) => p.slug === node!.target!.slug)?.title, name).toContain(name.split('/')[0]);
    }
  });
});

describe('term mentions in the notes (issue 13: linked in the wrong sense)', () => {
  const mentionedOn = (term: string) => (graph.mentions.find((m) => m.term === term)?.pages ?? []).map((p) => p.slug).sort();
  const glossary = () => contentFiles().filter((f) => f.path.startsWith('glossary/'));

  it('a skill-tree area is mentioned only on the skill tree’s own note ("ML", "SM" are not its names)', () => {
    const skills = graph.terms.filter((t) => t.tags.includes('skill-tree'));
    expect(skills).toHaveLength(9);
    for (const t of skills) expect(mentionedOn(t.slug), t.term).toEqual(['teaching-cv-skill-tree']);
  });

  it('a term with autolink: false is mentioned nowhere, and is still in the glossary and its diagrams', () => {
    const off = glossary().filter((f) => f.data.autolink === false).map((f) => f.data.term as string);
    expect(off.sort()).toEqual(['3D', 'Compression', 'Detection']);
    for (const name of off) {
      const t = graph.terms.find((x) => x.term === name)!;
      expect(mentionedOn(t.slug), name).toEqual([]);
      expect(nodes().some(({ n }) => n.target?.kind === 'term' && n.target.slug === t.slug), name).toBe(true);
    }
  });

  it('the issue’s examples no longer link, and the right sense still does', () => {
    // "down to zero" (KEDA's prompt) is not ZeRO; "Zero Redundancy Optimizer (ZeRO)" is
    expect(mentionedOn('zero')).toEqual(['twenty-ml-and-systems-facts']);
    // "GPT-4" is not a mention of GPT; "GPT models" and "BERT and GPT" are
    expect(mentionedOn('gpt')).toEqual(['arc-agi-benchmark', 'twenty-ml-and-systems-facts']);
    // "a long-term vision" is not Vision (as-written); "Computer Vision" is
    expect(mentionedOn('vision')).not.toContain('liang-wenfeng-agi-vision');
    expect(mentionedOn('vision')).toContain('attention-mechanism-in-transformers');
    // "Generative Adversarial Networks" is GAN, not Generative; "Lora", "Dreambooth" are the notes' spellings
    expect(mentionedOn('generative')).not.toContain('twenty-ml-and-systems-facts');
    expect(mentionedOn('gan')).toEqual(['twenty-ml-and-systems-facts']);
    expect(mentionedOn('lora')).toEqual(['study/lora-and-dreambooth']);
    expect(mentionedOn('dreambooth')).toEqual(['study/lora-and-dreambooth']);
  });
});
