import { describe, expect, it } from 'vitest';
import { filterGlossary } from '../../src/core/glossary-match.ts';
import { exactness, rankResults } from '../../src/core/search-rank.ts';

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

describe('search ranking', () => {
  it('puts an exact title or alias match first, then title prefixes, then the score', () => {
    const hits = [
      { title: 'Attention and LoRA adapters', aliases: [], score: 9 },
      { title: 'LoRA tricks', aliases: [], score: 5 },
      { title: '🧩 Low-Rank Adaptation', aliases: ['LoRA'], score: 1 },
    ];
    expect(rankResults('lora', hits).map((h) => h.title)).toEqual(['🧩 Low-Rank Adaptation', 'LoRA tricks', 'Attention and LoRA adapters']);
    expect(exactness('Low-Rank Adaptation', hits[2]!)).toBe(2);
  });
});
