/**
 * Every distinct top-/second-level heading and every distinct Mermaid diagram of the seeds has a
 * home in content/ (re-reads and repairs the seeds; run `npx tsx scripts/import-seeds.ts` first).
 */
import { describe, expect, it } from 'vitest';
import { extractDiagrams, headings, normaliseForMatch } from '../../../scripts/import/extract.ts';
import { fixMermaid, statementLines } from '../../../scripts/import/mermaid.ts';
import { loadSeeds } from '../../../scripts/import/seeds.ts';
import { contentFiles, mermaidBlocks, SEEDS } from './content-helpers.ts';

/** Headings with no home on purpose, each with its reason. */
const EXCLUDED_HEADINGS: Record<string, string> = {
  'Python app.py v2': 'the Streamlit script’s own title (code-only boilerplate around the diagrams, which do have homes)',
  'Python app.py': 'the same, for the older script',
  R: 'a one-letter fragment heading in 003, followed only by a bare "1."',
};

const seeds = loadSeeds(SEEDS);
const texts = { '000': seeds.s000, '001': seeds.s001, '002': seeds.s002, '003': seeds.s003 };
const files = contentFiles();
const corpus = normaliseForMatch(files.map((f) => f.text).join('\n'));
const contentDiagrams = files.flatMap((f) => mermaidBlocks(f.body).map((src) => ({ file: f.path, lines: new Set(statementLines(src)) })));

describe('every seed heading has a home', () => {
  const all = new Map<string, string>();
  for (const [name, text] of Object.entries(texts)) for (const h of headings(text)) if (h.level <= 2 && !all.has(h.text)) all.set(h.text, `${name}:${h.line}`);
  it('found the headings', () => expect(all.size).toBeGreaterThanOrEqual(190));
  it.each([...all].filter(([h]) => !(h in EXCLUDED_HEADINGS)))('%s (%s)', (heading) => {
    expect(corpus).toContain(normaliseForMatch(heading));
  });
});

describe('every seed diagram has a home', () => {
  const distinct = new Map<string, string>();
  for (const [name, text] of Object.entries(texts))
    for (const d of extractDiagrams(text)) {
      const key = statementLines(d.source).join('\n');
      if (!distinct.has(key)) distinct.set(key, `${name}:${d.line} ${d.source.split('\n')[0]!.trim()}`);
    }
  it('found the diagrams', () => expect(distinct.size).toBeGreaterThanOrEqual(45));
  it.each([...distinct].map(([src, where]) => [where, src]))('%s', (_where, src) => {
    // the same diagram after the documented syntax repairs, comments aside, inside one content diagram
    const want = statementLines(fixMermaid(src));
    const home = contentDiagrams.find((d) => want.every((l) => d.lines.has(l)));
    expect(home, 'no content diagram holds all its statements').toBeDefined();
  });

  it('keeps every %% P<n>: <paper title> comment of the concept map, in that form', () => {
    const tree = files.find((f) => f.path === 'trees/ml-in-2025-concept-map.md')!;
    const comments = new Set(
      extractDiagrams(seeds.s001)
        .filter((d) => /\(P1-P10\)|\(P11-P20\)/.test(d.source))
        .flatMap((d) => d.source.split('\n').filter((l) => /^\s*%% P\d+: /.test(l)).map((l) => l.trim())),
    );
    expect(comments.size).toBe(20);
    const body = tree.body.split('\n').map((l) => l.trim());
    for (const c of comments) expect(body).toContain(c);
  });
});
