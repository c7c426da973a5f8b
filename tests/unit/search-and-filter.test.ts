import { describe, expect, it } from 'vitest';
import { filterGlossary } from '../../src/core/glossary-match.ts';
import { JSDOM } from 'jsdom';
import { renderExcerpt } from '../../src/client/pagefind-client.ts';
import { isRelevant, rankResults, tier, TIER, wordMatches, type RankedResult } from '../../src/core/search-rank.ts';

const terms = [
  { names: ['Vision', 'VI'], text: 'Visual processing and image data.' },
  { names: ['Video', 'VD'], text: 'Moving images; provides temporal context.' },
  { names: ['LoRA', 'Low-Rank Adaptation'], text: 'Fine-tuning with small low-rank updates.' },
];

describe('glossary filter', () => {
  it('keeps only the exact abbreviation when there is one', () => {
    expect(filterGlossary('VI', terms)).toEqual([true, false, false]);
    expect(filterGlossary('vi', terms)).toEqual([true, false, false]);
  });
  it('otherwise matches word prefixes of names and definitions, every word', () => {
    expect(filterGlossary('vi', [terms[1]!, terms[2]!])).toEqual([true, false]);
    expect(filterGlossary('low rank', terms)).toEqual([false, false, true]);
    expect(filterGlossary('temporal images', terms)).toEqual([false, true, false]);
    expect(filterGlossary('', terms)).toEqual([true, true, true]);
    expect(filterGlossary('zzz', terms)).toEqual([false, false, false]);
  });
});

describe('search relevance', () => {
  it("drops Pagefind's short-prefix fallback (\"zzqxj\" matched as \"z\") and keeps plurals, stems and prefixes", () => {
    expect(wordMatches('zzqxj', 'z')).toBe(false);
    expect(wordMatches('zzqxj', 'zz')).toBe(false);
    expect(wordMatches('moexyz', 'moe')).toBe(false);
    expect(wordMatches('gpus', 'gpu')).toBe(true);
    expect(wordMatches('deepseeks', 'deepseek')).toBe(true);
    expect(wordMatches('studies', 'study')).toBe(true);
    expect(wordMatches('moe', 'moe')).toBe(true);
    expect(wordMatches('mo', 'moe')).toBe(true);
    expect(wordMatches('zebra', 'zzqxj')).toBe(false);
  });

  it('keeps a result only when every query word is matched by its text, title or aliases', () => {
    const page = { title: 'Asynchronous HPC Patterns', aliases: [] };
    expect(isRelevant('zzqxj', { ...page, matched: ['Z):'] })).toBe(false);
    expect(isRelevant('attention zzqxj', { ...page, matched: ['attention', 'Z'] })).toBe(false);
    expect(isRelevant('moe', { ...page, matched: ['(MoE).'] })).toBe(true);
    expect(isRelevant('gpt-4', { ...page, matched: ['GPT-4,'] })).toBe(true);
    expect(isRelevant('4', { ...page, matched: ['GPT-4,'] })).toBe(true);
    expect(isRelevant('hpc', { ...page, matched: [] })).toBe(true);
    expect(isRelevant('low rank', { title: 'LoRA', aliases: ['Low-Rank Adaptation'], matched: [] })).toBe(true);
    expect(isRelevant('zzqxj', { ...page, matched: [], phrase: true })).toBe(true);
  });
});

describe('search ranking', () => {
  const hit = (title: string, kind: string, score: number, more: Partial<RankedResult> = {}): RankedResult => ({ title, kind, aliases: [], score, matched: [title], ...more });

  it('puts an exact title or alias match first, then title prefixes, then titles holding the query, then the score', () => {
    const hits = [
      hit('Attention and LoRA adapters', 'note', 9),
      hit('LoRA tricks', 'note', 5),
      hit('Notes', 'note', 12, { matched: ['LoRA'] }),
      hit('🧩 Low-Rank Adaptation', 'term', 1, { aliases: ['LoRA'] }),
    ];
    expect(rankResults('lora', hits).map((h) => h.title)).toEqual(['🧩 Low-Rank Adaptation', 'LoRA tricks', 'Attention and LoRA adapters', 'Notes']);
    expect(tier('Low-Rank Adaptation', hits[3]!)).toBe(TIER.exact);
    expect(tier('low rank adapt', hits[3]!)).toBe(TIER.titleStart);
  });

  it('ranks the term named by an alias first however low Pagefind scores it, and tag pages after the other pages', () => {
    const hits = [
      hit('#moe', 'tag', 17, { matched: ['#moe'] }),
      hit('#architecture', 'tag', 16, { matched: ['MoE'] }),
      hit('DeepSeek Routing', 'tree', 18.9, { matched: ['MoE'] }),
      hit('DeepSeek MoE Routing', 'tree', 18.8),
      hit('Gating Network', 'term', 8.2, { aliases: ['MoE router'], matched: ['MoE'] }),
      hit('Mixture of Experts', 'term', 8.1, { aliases: ['MoE'], matched: ['MoE.'] }),
    ];
    expect(rankResults('moe', hits).map((h) => h.title)).toEqual([
      'Mixture of Experts',
      'DeepSeek MoE Routing',
      '#moe',
      'DeepSeek Routing',
      'Gating Network',
      '#architecture',
    ]);
  });

  it('ranks a page holding a several-word query as a phrase (a diagram label) above pages that only have its words', () => {
    const hits = [
      hit('Token budgets', 'note', 30, { matched: ['token', 'dropping', 'threshold'] }),
      hit('#routing', 'tag', 25, { matched: ['token', 'dropping', 'threshold'], phrase: true }),
      hit('Routing Map', 'tree', 3, { matched: ['Token', 'Dropping', 'Threshold'], phrase: true }),
    ];
    expect(rankResults('token dropping threshold', hits).map((h) => h.title)).toEqual(['Routing Map', 'Token budgets', '#routing']);
    // One word is no phrase: the score decides.
    expect(tier('token', hits[2]!)).toBe(TIER.other);
  });

  it('returns nothing for a query only a one-letter prefix matched', () => {
    expect(rankResults('zzqxj', [hit('Asynchronous HPC Patterns', 'tree', 2.6, { matched: ['Z):'] })])).toEqual([]);
  });
});

describe('search excerpts', () => {
  it('keep the spaces around each highlight and show markup in the text as text', () => {
    const { document } = new JSDOM('<!doctype html><p></p>').window;
    const el = document.querySelector('p')!;
    renderExcerpt(el, 'the <mark>attention</mark> mechanism and <mark>LoRA</mark> and &lt;img src=x onerror=alert(1)&gt; too');
    expect(el.textContent).toBe('the attention mechanism and LoRA and <img src=x onerror=alert(1)> too');
    expect([...el.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['attention', 'LoRA']);
    expect(el.querySelector('img')).toBeNull();
    expect(el.innerHTML).toBe('the <mark>attention</mark> mechanism and <mark>LoRA</mark> and &lt;img src=x onerror=alert(1)&gt; too');
  });
});
