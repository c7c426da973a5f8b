/**
 * How diagram nodes find what they link to (`autolink=false` charts, abbreviations in parentheses,
 * papers by title or alias, never the page a node is drawn on) and which unlinked nodes the build
 * reports as linking nowhere.
 */
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/core/content/load.ts';
import { buildGraph } from '../../src/core/graph/build.ts';
import { abbreviationParts, labelNames, looksLikeName, looseName, plainLabel } from '../../src/core/graph/diagrams.ts';
import { ProblemList } from '../../src/core/problems.ts';
import { tempContent } from '../helpers/temp-content.ts';

async function graphOf(files: Record<string, string>) {
  const { root, contentDir } = tempContent(files);
  const problems = new ProblemList();
  const built = await buildGraph(loadContent(root, contentDir, problems), { base: '/', brokenLinks: 'error' }, problems);
  return { graph: built.graph, problems };
}

/** The "link nowhere" report's lines (node id and label), or [] when there is none. */
function reported(problems: ProblemList): string[] {
  const w = problems.warnings.find((x) => /diagram node\(s\) link nowhere/.test(x.message));
  return w ? w.message.split('\n').slice(1).map((l) => l.trim().replace(/^.*: (\S+ ".*")$/, '$1')) : [];
}

/** A page holding one flowchart whose nodes N1, N2, … carry these labels (quoted: they may hold parentheses). */
function page(title: string, labels: string[], meta = '', extra: string[] = []): string {
  const nodes = labels.map((l, i) => `  N${i + 1}["${l}"]`);
  return [`# ${title}`, '', `\`\`\`mermaid ${meta}`.trimEnd(), 'flowchart LR', ...nodes, ...extra, '```', ''].join('\n');
}

const term = (name: string, aliases: string[] = []) => `---\nterm: ${JSON.stringify(name)}\naliases: ${JSON.stringify(aliases)}\n---\nA definition of ${name}.\n`;
const targets = (graph: Awaited<ReturnType<typeof graphOf>>['graph'], slug = 'chart') => graph.diagrams.find((d) => d.page.slug === slug)!.nodes.map((n) => n.target?.slug);

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
    expect(reported(problems)).toEqual([]);
  });

  it('otherwise link by label, but never to the page they are drawn on, and such a node is not reported', async () => {
    const { graph, problems } = await graphOf({ 'notes/bluefog.md': chart(''), ...terms });
    const nodes = graph.diagrams[0]!.nodes;
    expect(nodes.map((n) => [n.id, n.target?.slug])).toEqual([['A', 'glossary-word'], ['B', undefined], ['C', 'allreduce'], ['D', undefined]]);
    // D "BlueFog" names the page it is on; B "is" is a plain word
    expect(reported(problems)).toEqual([]);
  });

  it('a click line may still link a node to its own page', async () => {
    const { graph, problems } = await graphOf({ 'notes/chart.md': page('DeepSeek V3', ['DeepSeek V3', 'DeepSeek V3'], '', ['  click N2 "DeepSeek V3"']) });
    expect(targets(graph)).toEqual([undefined, 'chart']);
    expect(reported(problems)).toEqual([]);
  });
});

describe('a label with an abbreviation in parentheses', () => {
  it('is split only where one part abbreviates the other (Schwartz–Hearst)', () => {
    expect(abbreviationParts('Multi-Head Latent Attention (MLA)')).toEqual({ long: 'Multi-Head Latent Attention', short: 'MLA' });
    expect(abbreviationParts('MLA (Multi-Head Latent Attention)')).toEqual({ long: 'Multi-Head Latent Attention', short: 'MLA' });
    expect(abbreviationParts('Mixture of Experts (MoE)')).toEqual({ long: 'Mixture of Experts', short: 'MoE' });
    expect(abbreviationParts('EUV Lithography (EUVL)')).toEqual({ long: 'EUV Lithography', short: 'EUVL' });
    for (const label of ['Expensive Reasoning ($5-$20 per query)', 'DeepSpark & Caffe HPC (GPI-2)', 'Reasoning Models (R1, O1)', 'BlueFog (Decentralized)', 'Isabelle/jEdit (PIDE) Prover Integration', 'Attention (LMA)', 'Shared Expert (EX)', 'Deep Learning Models Are Often Too Large (DLM)', 'Vision']) {
      expect(abbreviationParts(label), label).toBeUndefined();
    }
    expect(labelNames('Mixture of Experts (MoE)')).toEqual(['Mixture of Experts (MoE)', 'Mixture of Experts', 'MoE']);
    expect(labelNames('Input Data')).toEqual(['Input Data']);
  });

  it('links to the term named by the long form, the short form or an alias, either way round', async () => {
    const labels = ['Multi-Head Latent Attention (MLA)', 'MLA (Multi-Head Latent Attention)', '🧠 Mixture-of-Experts Layer (MoE)', 'Extreme Ultraviolet (EUVL)'];
    const { graph } = await graphOf({
      'notes/chart.md': page('Chart', labels),
      'glossary/mla.md': term('Multi-Head Latent Attention'),
      'glossary/moe.md': term('Mixture of Experts', ['MoE']),
      'glossary/euvl.md': term('EUVL'),
    });
    expect(targets(graph)).toEqual(['multi-head-latent-attention', 'multi-head-latent-attention', 'mixture-of-experts', 'euvl']);
  });

  it('does not split a parenthesis that is no abbreviation', async () => {
    const { graph } = await graphOf({
      'notes/chart.md': page('Chart', ['Expensive Reasoning ($5-$20 per query)', 'DeepSpark & Caffe HPC (GPI-2)']),
      'glossary/reasoning.md': term('Expensive Reasoning'),
      'glossary/gpi.md': term('GPI-2'),
    });
    expect(targets(graph)).toEqual([undefined, undefined]);
  });

  it('never links through either part to the page it is drawn on', async () => {
    const { graph } = await graphOf({ 'trees/moe.md': '---\ntitle: MoE\n---\n' + page('Ignored', ['Mixture of Experts (MoE)']).split('\n').slice(1).join('\n') });
    expect(targets(graph, 'moe')).toEqual([undefined]);
  });
});

describe('a node naming a paper', () => {
  const paper = '---\ntitle: "LAION-5B: An Open Large-Scale Dataset"\ntags: [paper]\naliases: [LAION5B]\n---\nThe paper.\n';

  it('links to the paper’s note by its title or alias, ignoring case, emoji, punctuation and spaces', async () => {
    const labels = ['LAION5B', 'laion5b', 'LAION-5B', '📄 Laion-5B', 'laion-5b: an open large-scale dataset', 'LAION-5B — An Open Large Scale Dataset', 'LAION-5B Dataset'];
    const { graph } = await graphOf({ 'notes/papers/laion.md': paper, 'notes/chart.md': page('Chart', labels) });
    expect(targets(graph)).toEqual(['papers/laion', 'papers/laion', 'papers/laion', 'papers/laion', 'papers/laion', 'papers/laion', undefined]);
    expect(looseName('📄 LAION 5B')).toBe(looseName('LAION5B'));
    expect(looseName('LAION-5B — An Open')).toBe(looseName('LAION-5B: an open'));
  });

  it('never links on the paper’s own page (nor is reported there), and yields to a glossary term of the same name', async () => {
    const ownChart = page('x', ['LAION-5B', 'LAION5B']).split('\n').slice(1).join('\n');
    const { graph: alone, problems } = await graphOf({ 'notes/papers/laion.md': paper + ownChart });
    expect(targets(alone, 'papers/laion')).toEqual([undefined, undefined]);
    expect(reported(problems)).toEqual([]);
    const { graph } = await graphOf({ 'notes/papers/laion.md': paper + ownChart, 'notes/chart.md': page('Chart', ['LAION5B']), 'glossary/laion.md': term('LAION5B') });
    expect(targets(graph)).toEqual(['laion5b']);
    // terms are matched as written: `LAION-5B` finds only the paper's alias, on its own page
    expect(targets(graph, 'papers/laion')).toEqual([undefined, 'laion5b']);
  });
});

describe('the "link nowhere" report', () => {
  const plain = ['Input Data', 'Expert 1', 'AIs Score ~30%', 'Expensive Reasoning ($5-$20 per query)', 'Struggles with Abstraction', 'AI Progress is Unstoppable', 'Large-Scale AI Training', 'Fake News', 'Web Forms, Buttons, APIs', '2021: 10K GPU Cluster', 'Try 4, 8, 128 Experts', 'State-of-the-Art AI', 'Catch-up to TSMC & Nvidia', 'Shared Expert Ns', '🇺🇸 US Enforces Export Controls', 'DeepSeek 10K GPU Cluster', 'MoE Expert 1', 'DeepSeek Scaling with Fewer GPUs', ''];
  const names = ['OpenAI O3', 'TSMC 🇹🇼', 'Nvidia, AMD, Intel', 'Reasoning Models (R1, O1)', 'DeepSeek Custom GPU Layer', 'GPT-4', 'MoE Router', 'K8s-like Orchestration', 'SYCL-DNN'];

  it('lists a node whose label begins with a word written as a name, and holds no number or joining word', () => {
    for (const label of plain) expect(looksLikeName(plainLabel(label)), label).toBe(false);
    for (const label of names) expect(looksLikeName(plainLabel(label)), label).toBe(true);
    // flags are emoji too
    expect(plainLabel('TSMC 🇹🇼')).toBe('TSMC');
    expect(plainLabel('🇺🇸 US Enforces 🏭 Export Controls')).toBe('US Enforces Export Controls');
  });

  it('in a build, lists only those of the unlinked nodes, and none of a chart fenced autolink=false', async () => {
    const labels = [...plain.filter(Boolean), ...names];
    const { problems } = await graphOf({ 'notes/chart.md': page('Chart', labels), 'notes/quiet.md': page('Quiet', labels, 'autolink=false') });
    const expected = names.map((l) => `N${labels.indexOf(l) + 1} "${plainLabel(l)}"`);
    expect(reported(problems).filter((l) => !l.startsWith('…'))).toEqual(expected);
    expect(problems.warnings.find((w) => /link nowhere/.test(w.message))!.message).toMatch(new RegExp(`^${names.length} diagram node\\(s\\) link nowhere`));
  });
});
