/** Glossary entries: definitions that are definitions, relationships with their own words, no stray aliases. */
import { describe, expect, it } from 'vitest';
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { define, MAX_ADDED_WORDS, outlines, wordsOf } from '../../../scripts/import/build.ts';
import { TERMS } from '../../../scripts/import/glossary-data.ts';
import { loadSeeds } from '../../../scripts/import/seeds.ts';
import { parseMarkdown } from '../../../src/core/syntax/parse.ts';
import { TermMatcher, type Autolink } from '../../../src/core/graph/terms.ts';
import { TERM_AUTOLINK } from '../../../scripts/import/curation.ts';
import { contentFiles } from './content-helpers.ts';

const seeds = loadSeeds();
const glossary = contentFiles().filter((f) => f.path.startsWith('glossary/'));
const definitionOf = (body: string) => {
  const tree = parseMarkdown(body) as Root;
  return { first: tree.children[0], text: tree.children[0] ? toString(tree.children[0]).replace(/\s+/g, ' ').trim() : '' };
};

describe('define', () => {
  it('keeps the notebook’s words and drops the «» marks', () => {
    expect(define('- Represents fundamental uncertainty in data.\n- Cannot be eliminated.', '«Represents fundamental uncertainty in data»: it «cannot be eliminated».')).toBe(
      'Represents fundamental uncertainty in data: it cannot be eliminated.',
    );
    // punctuation, case and Markdown do not matter; word order does
    expect(define('[DeepSpeed](https://x) is a **library**', '«DeepSpeed is a library».')).toBe('DeepSpeed is a library.');
    expect(() => define('a library is DeepSpeed', '«DeepSpeed is a library».')).toThrow(/not in the seed/);
  });
  it('refuses words the notebook does not have, beyond a few joining ones', () => {
    expect(() => define('the cat sat', '«the cat sat» ' + 'and so on '.repeat(3))).toThrow(/adds 9 words/);
    expect(() => define('the cat sat', 'The cat sat.')).toThrow(/no «…» span/);
    expect(wordsOf('Foo (bar)')).toBe(' foo bar ');
  });
  it('fixes only typos that are in the seed', () => {
    expect(define('standard fpr models', '«standard for models»', [['standard fpr', 'standard for']])).toBe('standard for models');
    expect(() => define('standard for models', '«standard for models»', [['standard fpr', 'standard for']])).toThrow(/not in the seed/);
  });
  it('holds for every term', () => {
    for (const t of TERMS) expect(() => define(seeds[t.define.seed], t.define.text, t.define.fix), t.term).not.toThrow();
    expect(MAX_ADDED_WORDS).toBeLessThanOrEqual(8);
  });
});

describe('glossary definitions in content/', () => {
  const defs = glossary.map((f) => ({ file: f.path, term: f.data.term as string, kind: f.data.kind as string, ...definitionOf(f.body) }));

  it('open with a paragraph of one or two sentences that reads as a definition', () => {
    const bad: string[] = [];
    for (const d of defs) {
      const sentences = d.text.split(/(?<=[.!?])\s+(?=[A-Z"“])/).length;
      if (d.first?.type !== 'paragraph') bad.push(`${d.file}: starts with a ${d.first?.type}`);
      else if (sentences > 2) bad.push(`${d.file}: ${sentences} sentences`);
      else if (!/^["“(]?[A-Z0-9]/.test(d.text)) bad.push(`${d.file}: starts "${d.text.slice(0, 20)}"`);
      else if (!/[.!?)]$/.test(d.text)) bad.push(`${d.file}: ends "${d.text.slice(-20)}"`);
      else if (/^\S+$/.test(d.text) || /^\d+\./.test(d.text)) bad.push(`${d.file}: "${d.text}"`);
    }
    expect(bad).toEqual([]);
  });

  it('do not run on into other terms’ definitions', () => {
    // a term's core: its span from the notebook that names it ("Allreduce collects data …"), else its longest
    const core = new Map(
      TERMS.map((t) => {
        const spans = [...t.define.text.matchAll(/«([^«»]+)»/g)].map((m) => wordsOf(m[1]!)).sort((x, y) => y.length - x.length);
        const names = [t.term, ...(t.aliases ?? [])].map(wordsOf);
        return [t.term, spans.find((s) => names.some((n) => s.includes(n))) ?? spans[0]!];
      }),
    );
    const runOn: string[] = [];
    for (const a of defs) for (const [term, words] of core) if (term !== a.term && wordsOf(a.text).includes(words)) runOn.push(`${a.term} holds ${term}’s “${words.trim()}”`);
    expect(runOn).toEqual([]);
  });

  it('repair the fragments the first import picked (DDPM, R-CNN, BM25, DeepSpeed, KEDA, nest_asyncio …)', () => {
    const def = (term: string) => defs.find((d) => d.term === term)!.text;
    expect(def('DDPM')).toMatch(/^Denoising Diffusion Probabilistic Models: .*noise.*image is destroyed\.$/);
    expect(def('R-CNN')).toMatch(/^R-CNN \(Region CNN\): extract region proposals/);
    expect(def('DeepSpeed')).toMatch(/^DeepSpeed is a library/);
    expect(def('BM25')).toMatch(/ranking function/);
    expect(def('nest_asyncio')).toMatch(/^Patch the asyncio event loop/);
    expect(def('Scaling Laws')).toMatch(/general form/);
  });
});

describe('relationship terms', () => {
  const { shortRelations } = outlines(seeds.s001);
  const shorts = new Map(glossary.filter((f) => f.data.kind === 'relationship').map((f) => [f.data.term as string, f.data.short as string]));

  it('use every definition of the short outline', () => {
    const used = new Set(shorts.values());
    expect(shortRelations.filter((s) => !used.has(s.def)).map((s) => `${s.emoji} ${s.name}: ${s.def}`)).toEqual([]);
  });

  it('take the short definition with their own emoji', () => {
    expect(shorts.get('Unifies Modalities with Audio')).toBe('Merges audio with other modalities.');
    expect(shorts.get('Unifies Modalities')).toBe('Integrates vision and language.');
  });
});

// As the site builds its matcher: every name of every term, with the term's `autolink`.
const matcher = new TermMatcher(
  glossary.flatMap((f) => [f.data.term as string, ...((f.data.aliases as string[]) ?? [])].map((name) => ({ slug: f.path, name, autolink: f.data.autolink as Autolink | undefined }))),
);

describe('skill-tree areas', () => {

  it('have no two-letter aliases that capture ordinary words', () => {
    const skills = glossary.filter((f) => (f.data.tags as string[]).includes('skill-tree'));
    expect(skills).toHaveLength(9);
    for (const f of skills) for (const a of f.data.aliases as string[]) expect(a.length, `${f.path}: ${a}`).toBeGreaterThan(2);
    const found = matcher.find('ML models, SM (Streaming Multiprocessor), SD XL, SI units, DE, FM radio, SC, LC and CO').map((m) => m.slug);
    expect(found).toEqual([]);
  });
});

describe('auto-linking (frontmatter autolink)', () => {
  it('is set where the import’s curation says, and nowhere else', () => {
    const set = Object.fromEntries(glossary.filter((f) => 'autolink' in f.data).map((f) => [f.data.term as string, f.data.autolink]));
    expect(set).toEqual(TERM_AUTOLINK);
    expect(Object.keys(TERM_AUTOLINK).length).toBeGreaterThan(0);
  });

  it('links the notes’ words in the term’s sense only (the issue’s examples, as the notes write them)', () => {
    const slugs = (text: string) => matcher.find(text).map((m) => m.slug.replace(/^glossary\//, '').replace(/\.md$/, ''));
    expect(slugs('Advocates for a long-term vision beyond narrow AI models.')).toEqual([]);
    expect(slugs('AI Detection Tools 🔍 - We need AI detectors')).toEqual([]);
    expect(slugs('Large-scale architectures like GPT-4, Gemini, and Claude')).toEqual([]);
    expect(slugs('autoscale up to 10 on web waits, and down to zero when not used')).toEqual([]);
    expect(slugs('its root node is abbreviated as CO.')).toEqual([]);
    expect(slugs('interconnects between two 3D stacks of chiplets (e.g. AMD 3D cache)')).toEqual([]);
    expect(slugs('a set of keys (video title, description, etc.)')).toEqual([]);
    expect(slugs('either Generative Adversarial Networks (GANs) or stable diffusion')).toEqual(['term-gan', 'term-gan', 'diffusion']);
    expect(slugs('NLP (Natural Language Processing) and CV (Computer Vision); Vision → Video')).toEqual(['language', 'vision', 'vision', 'video']);
    expect(slugs('Main contribution: Zero Redundancy Optimizer (ZeRO). Lora and Dreambooth')).toEqual(['term-zero', 'term-zero', 'term-lora', 'term-dreambooth']);
  });
});
