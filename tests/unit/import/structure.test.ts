import { describe, expect, it } from 'vitest';
import { build, canonicalPaperComments, hpcPapers, looseNotes, mergeParts, outlines, papersOf } from '../../../scripts/import/build.ts';
import { extractDiagrams, headings, splitSections } from '../../../scripts/import/extract.ts';
import { fixMermaid, joinSplitEdges, quoteLabels, splitStyles } from '../../../scripts/import/mermaid.ts';
import { loadSeeds, SEED_DIR as SEEDS } from '../../../scripts/import/seeds.ts';
import { serialise } from '../../../scripts/import/write.ts';

const seeds = loadSeeds(SEEDS);

describe('sections and diagrams', () => {
  it('splits top-level sections outside code fences', () => {
    const secs = splitSections(['# A', 'x', '```', '# not a heading', '```', '## sub', '# B', 'y'], 1);
    expect(secs.map((s) => s.heading)).toEqual(['A', 'B']);
    expect(secs[0]!.body).toContain('## sub');
  });

  it('finds fenced and unfenced mermaid diagrams', () => {
    const ds = extractDiagrams(seeds.s001);
    expect(ds.filter((d) => d.fenced)).toHaveLength(5);
    expect(ds.filter((d) => !d.fenced)).toHaveLength(21); // 20 paper graphs + MPI4Dask repeated
    expect(headings('# a\n```\n# b\n```\n## c').map((h) => h.text)).toEqual(['a', 'c']);
  });

  it('merges the two-part map into one: 15 nodes once, P1-P20, inherent edges', () => {
    const ds = extractDiagrams(seeds.s001).map((d) => d.source);
    const map = mergeParts(ds.find((s) => s.includes('(P1-P10)'))!, ds.find((s) => s.includes('(P11-P20)'))!);
    expect(map.match(/^\s*MM\[/gm)).toHaveLength(1);
    const papers = papersOf(map);
    expect(papers.map((p) => p.n)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // same edges as the older single-diagram version (app.py v1)
    const v1 = ds.find((s) => s.includes('%% Paper Relationships\n') || /%% Paper Relationships\s*\n\s*\n\s*%% P1/.test(s))!;
    const edges = (s: string) => s.split('\n').filter((l) => l.includes('-->')).map((l) => l.trim()).sort();
    expect(edges(map)).toEqual(edges(v1));
    expect(edges(map)).toHaveLength(45); // 40 paper edges + 5 inherent
  });

  it('gives the paper-labelled variant canonical %% P<n>: <title> comments, keeping the short labels', () => {
    const ds = extractDiagrams(seeds.s001).map((d) => d.source);
    const papers = papersOf(mergeParts(ds[0]!, ds[1]!));
    const { source, labels } = canonicalPaperComments(ds.find((s) => s.includes('|LAION5B|'))!, papers);
    expect(source).toContain('%% P3: LAION-5B: An Open Large-Scale Dataset for Training Next Generation Image-Text Models\n');
    expect(labels.get(3)).toBe('LAION5B');
    expect(labels.size).toBe(20);
  });

  it('reads both outlines: 15 concepts with short and long definitions, relationship labels', () => {
    const { concepts, relations } = outlines(seeds.s001);
    expect(concepts).toHaveLength(15);
    expect(concepts[0]).toMatchObject({ emoji: '🤖', name: 'Multimodal', id: 'MM', short: 'Systems integrating various data types.' });
    expect(concepts[0]!.long).toMatch(/^Represents systems or models/);
    expect(relations.length).toBeGreaterThanOrEqual(40);
    expect(relations.find((r) => r.name === 'Adapts for Video')?.short).toBe('Connects visuals and language to video.');
  });

  it('dedupes the HPC paper summaries and attaches the abstract', () => {
    const ps = hpcPapers(seeds.s001);
    expect(ps).toHaveLength(20);
    expect(ps[0]).toMatchObject({ date: '2021-01-21', authors: ['Aamir Shafi', 'Jahanzeb Maqbool Hashmi', 'Hari Subramoni', 'Dhabaleswar K. Panda'] });
    expect(ps[0]!.abstract).toMatch(/^Dask is a popular/);
  });

  it('turns terse lines into Markdown', () => {
    expect(looseNotes(['# RAG', 'Limitations on LLM', '- staleness', 'conda info --envs'], /^conda /)).toEqual(['## RAG', '', '- Limitations on LLM', '- staleness', '```bash', 'conda info --envs', '```']);
  });

  it('is deterministic', () => {
    const a = build(seeds).map(serialise).join('\n');
    const b = build(loadSeeds(SEEDS)).map(serialise).join('\n');
    expect(a).toBe(b);
  });
});

describe('mermaid repairs', () => {
  it('quotes labels with parentheses or $', () => {
    expect(quoteLabels('    B -->|x| C[Multi-Head Latent Attention (MLA)];')).toBe('    B -->|x| C["Multi-Head Latent Attention (MLA)"];');
    expect(quoteLabels('  G -->|q| H[Expensive Reasoning ($5-$20 per query) 💰];')).toBe('  G -->|q| H["Expensive Reasoning ($5-$20 per query) 💰"];');
    expect(quoteLabels('    A["already (quoted)"] --> B(round)')).toBe('    A["already (quoted)"] --> B(round)');
  });
  it('joins an edge split over two lines, keeping the comment above it', () => {
    expect(joinSplitEdges(['    A["x"]', '        %% c', '        --> B["y"]'])).toEqual(['        %% c', '    A["x"] --> B["y"]']);
  });
  it('splits multi-node style lines', () => {
    expect(splitStyles('  style B,C fill:#f99;')).toEqual(['  style B fill:#f99;', '  style C fill:#f99;']);
  });
  it('is idempotent', () => {
    for (const d of extractDiagrams(seeds.s000)) expect(fixMermaid(fixMermaid(d.source))).toBe(fixMermaid(d.source));
  });
});
