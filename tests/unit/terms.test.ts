import { describe, expect, it } from 'vitest';
import { TermMatcher, type TermName } from '../../src/core/graph/terms.ts';

const matcher = new TermMatcher([
  { slug: 'vision', name: 'Vision' },
  { slug: 'vision', name: 'VI' },
  { slug: 'lora', name: 'LoRA' },
  { slug: 'kv-cache', name: 'KV cache' },
  { slug: 'cache', name: 'cache' },
]);
const found = (text: string, m = matcher) => m.find(text).map((x) => `${x.slug}:${x.text}`);

describe('term matching in text', () => {
  it('matches upper-case abbreviations only as written, other names in any case', () => {
    // "Lora" does not find LoRA: a word written with inner capitals matches only as written (LoRa is a radio).
    expect(found('VI and vision and vi and Lora and LORA and LoRA')).toEqual(['vision:VI', 'vision:vision', 'lora:LoRA']);
  });
  it('prefers the longest name and respects word boundaries', () => {
    expect(found('the KV cache, a cache, caches, VIP, kv')).toEqual(['kv-cache:KV cache', 'cache:cache']);
  });
  it('reports where each match is', () => {
    const text = 'A KV cache here';
    const [m] = matcher.find(text);
    expect(m).toEqual({ slug: 'kv-cache', start: 2, end: 10, text: 'KV cache' });
    expect(text.slice(m!.start, m!.end)).toBe(m!.text);
  });
});

/** The notebook's glossary, in the part the examples touch. */
const notebook: TermName[] = [
  { slug: 'gpt', name: 'GPT' },
  { slug: 'zero', name: 'ZeRO' },
  { slug: 'zero', name: 'Zero Redundancy Optimizer' },
  { slug: 'deepspeed', name: 'DeepSpeed' },
  { slug: 'mixture-of-experts', name: 'Mixture of Experts' },
  { slug: 'mixture-of-experts', name: 'MoE' },
  { slug: 'kv-cache', name: 'KV Cache' },
  { slug: 'multi-head-attention', name: 'Multi-Head Attention' },
  { slug: 'allreduce', name: 'All-Reduce' },
  { slug: 'nccl', name: 'NCCL' },
  { slug: 'artificial-general-intelligence', name: 'AGI' },
  { slug: 'term', name: 'term' },
  { slug: 'machine-learning-ai', name: 'Machine Learning AI' },
  { slug: 'machine-learning-ai', name: 'MLAI' },
  { slug: 'software-cloud-mlops', name: 'Software Cloud MLOps' },
  { slug: 'software-cloud-mlops', name: 'SCMI' },
];
const nb = new TermMatcher(notebook);
const slugsIn = (text: string, m = nb) => m.find(text).map((x) => x.slug);

describe('boundaries: hyphens and apostrophes join words', () => {
  it('"GPT" inside "GPT-4" is not a mention of GPT; "GPT models" and "BERT and GPT." are', () => {
    expect(slugsIn('OpenAI (GPT-4) and GPT-4o, GPT\u20114 with a non-breaking hyphen')).toEqual([]);
    expect(found('Most AIs, including GPT models, struggle. BERT and GPT.', nb)).toEqual(['gpt:GPT', 'gpt:GPT']);
  });
  it('a name joined by a hyphen on either side does not match ("pre-ZeRO", "long-term", "AGI-like")', () => {
    expect(slugsIn('pre-ZeRO, ZeRO-2, a long-term plan, term-wise, AGI-like vibes, 4-GPT')).toEqual([]);
    // a hyphen or dash standing alone is punctuation, not a join
    expect(slugsIn('ZeRO - the optimizer; - ZeRO; AGI – soon; the term-')).toEqual(['zero', 'zero', 'artificial-general-intelligence', 'term']);
  });
  it('a name that contains a hyphen matches as a whole, but not inside a longer hyphenated word', () => {
    expect(found('all-reduce and Multi-Head Attention', nb)).toEqual(['allreduce:all-reduce', 'multi-head-attention:Multi-Head Attention']);
    expect(slugsIn('non-all-reduce and all-reduce-based')).toEqual([]);
  });
  it('an apostrophe joins too, except for a possessive ’s', () => {
    expect(found("NCCL’s bottleneck and MoE's router", nb)).toEqual(['nccl:NCCL', 'mixture-of-experts:MoE']);
    expect(slugsIn("l'AGI, d’AGI, NCCL'ed, MoE’st")).toEqual([]);
  });
  it('keeps the old boundaries: letters, digits and _', () => {
    expect(slugsIn('GPTs, xGPT, GPT4, GPT_4, _MoE, MoE2, terms, determine')).toEqual([]);
  });
});

describe('case: words with inner capitals match only as written', () => {
  it('"down to zero" and "Zero" are not ZeRO; the long name matches in any case', () => {
    expect(slugsIn('scale down to zero, Zero, ZERO, zero-shot')).toEqual([]);
    expect(found('ZeRO, the zero redundancy optimizer', nb)).toEqual(['zero:ZeRO', 'zero:zero redundancy optimizer']);
  });
  it('an abbreviation keeps its case, the other words of the name do not ("KV cache" finds KV Cache)', () => {
    expect(found('the KV cache and the KV CACHE', nb)).toEqual(['kv-cache:KV cache', 'kv-cache:KV CACHE']);
    expect(slugsIn('the kv cache and the Kv Cache')).toEqual([]);
  });
  it('DeepSpeed and MoE only as written; plain words in any case', () => {
    expect(slugsIn('Deepspeed, deepspeed, moe, Moe, MOE')).toEqual([]);
    expect(found('DeepSpeed, MoE and a mixture of experts', nb)).toEqual(['deepspeed:DeepSpeed', 'mixture-of-experts:MoE', 'mixture-of-experts:mixture of experts']);
  });
  it('a name spread over a line break still matches', () => {
    expect(found('a Mixture of\nExperts', nb)).toEqual(['mixture-of-experts:Mixture of\nExperts']);
  });
});

describe('skill-tree areas are found only by their names (not "ML" or "SM")', () => {
  it('"SM (Streaming Multiprocessor)" and "ML" are not skill areas', () => {
    expect(slugsIn('ML models on an SM (Streaming Multiprocessor), SCM, Mlai')).toEqual([]);
    expect(found('Machine Learning AI, machine learning AI, machine learning ai, MLAI', nb)).toEqual(['machine-learning-ai:Machine Learning AI', 'machine-learning-ai:machine learning AI', 'machine-learning-ai:MLAI']);
  });
});

describe('a term’s autolink setting', () => {
  const terms = (autolink: TermName['autolink']) =>
    new TermMatcher([
      { slug: 'vision', name: 'Vision', autolink },
      { slug: 'vision', name: 'Computer Vision', autolink },
      { slug: 'detection', name: 'Detection', autolink: false },
      { slug: 'object-detection', name: 'object detection' },
    ]);
  it('"as-written": only the exact case of every word ("a long-term vision" is not Vision)', () => {
    const m = terms('as-written');
    expect(found('a long-term vision; Computer Vision; VISION; Vision.', m)).toEqual(['vision:Computer Vision', 'vision:Vision']);
    expect(found('a long-term vision', terms(true))).toEqual(['vision:vision']);
  });
  it('false: never a mention, though a longer name containing the word still is', () => {
    const m = terms(undefined);
    expect(found('AI Detection Tools, detection, object detection', m)).toEqual(['object-detection:object detection']);
  });
  it('true is the default', () => {
    expect(found('vision, VISION', terms(true))).toEqual(found('vision, VISION', terms(undefined)));
    expect(found('vision, VISION', terms(undefined))).toEqual(['vision:vision', 'vision:VISION']);
  });
});
