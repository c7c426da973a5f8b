import { describe, expect, it } from 'vitest';
import { TermMatcher } from '../../src/core/graph/terms.ts';

const matcher = new TermMatcher([
  { slug: 'vision', name: 'Vision' },
  { slug: 'vision', name: 'VI' },
  { slug: 'lora', name: 'LoRA' },
  { slug: 'kv-cache', name: 'KV cache' },
  { slug: 'cache', name: 'cache' },
]);
const found = (text: string) => matcher.find(text).map((m) => `${m.slug}:${m.text}`);

describe('term matching in text', () => {
  it('matches upper-case abbreviations only as written, other names in any case', () => {
    expect(found('VI and vision and vi and Lora')).toEqual(['vision:VI', 'vision:vision', 'lora:Lora']);
  });
  it('prefers the longest name and respects word boundaries', () => {
    expect(found('the KV cache, a cache, caches, VIP, kv')).toEqual(['kv-cache:KV cache', 'cache:cache']);
  });
});
