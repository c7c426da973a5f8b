/**
 * Deterministic benchmark corpus for Arbor: `generateCorpus({ seed, notes, outDir })`.
 *
 * Writes `<out>/notes/**.md` (topic notes and papers), `<out>/trees/*.md` (knowledge trees, one
 * primary Mermaid flowchart each) and `<out>/glossary/*.md` (about notes/5 terms). `notes` counts
 * every page: 10 % are trees and another 5 % of notes embed one Mermaid tree, so 15 % of pages
 * carry a 10-40 node diagram (150 diagrams at 1,000 notes). Every wikilink resolves and every
 * title, alias, term and slug is unique (the build fails on a broken link and on ambiguity).
 *
 * CLI: `tsx bench/generate.ts --notes 1000 [--seed 1] [--out bench/out/corpus-1000]`
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { slug as githubSlug } from 'github-slugger';

// ---------------------------------------------------------------------------------------------
// randomness

/**
 * mulberry32: a 32-bit seeded PRNG in five lines. Math.random cannot be seeded, and the corpus must
 * be byte-identical for a given --seed so that runs on different days and machines are comparable;
 * statistical quality far beyond "looks varied" is not needed here.
 */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** `k` distinct items. */
  sample<T>(list: readonly T[], k: number): T[] {
    const copy = [...list];
    const out: T[] = [];
    for (let i = 0; i < Math.min(k, copy.length); i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      out.push(copy[i]!);
    }
    return out;
  }
  /** Skewed towards the start of the list (a few hubs get many links, like a real notebook). */
  skewed<T>(list: readonly T[]): T {
    const u = this.next();
    return list[Math.floor(u * u * list.length)]!;
  }
}

// ---------------------------------------------------------------------------------------------
// vocabulary

const ADJ = [
  'Sparse', 'Dense', 'Contrastive', 'Causal', 'Latent', 'Adaptive', 'Hierarchical', 'Recurrent', 'Residual', 'Spectral',
  'Federated', 'Quantized', 'Distilled', 'Generative', 'Self-Supervised', 'Low-Rank', 'Gated', 'Rotary', 'Stochastic',
  'Variational', 'Bayesian', 'Graph', 'Differentiable', 'Implicit', 'Cross-Modal', 'Temporal', 'Spatial', 'Structured',
  'Probabilistic', 'Robust', 'Efficient', 'Grouped', 'Linear', 'Masked', 'Autoregressive', 'Energy-Based', 'Equivariant',
  'Curriculum', 'Continual', 'Offline', 'Hybrid', 'Multilingual', 'Streaming', 'Speculative', 'Mixed-Precision', 'Sharded',
  'Retrieval-Augmented', 'Instruction-Tuned', 'Preference-Based', 'Multi-Scale',
];
const HEAD = [
  'Attention', 'Tokenizer', 'Embedding', 'Decoder', 'Encoder', 'Router', 'Retrieval', 'Sampling', 'Pruning', 'Distillation',
  'Normalization', 'Regularization', 'Optimizer', 'Scheduler', 'Memory', 'Cache', 'Alignment', 'Fusion', 'Pretraining',
  'Fine-Tuning', 'Inference', 'Quantization', 'Compression', 'Augmentation', 'Objective', 'Loss', 'Gradients', 'Kernels',
  'Projection', 'Pooling', 'Transformer', 'Adapter', 'Prompting', 'Reasoning', 'Planning', 'Search', 'Evaluation',
  'Benchmark', 'Labeling', 'Parallelism',
];
const DOMAIN = [
  'Long-Context Retrieval', 'Video Understanding', 'Code Generation', 'Speech Recognition', 'Protein Folding', 'Robotics',
  'Recommendation', 'Medical Imaging', 'Machine Translation', 'Document QA', 'Autonomous Driving', 'Weather Forecasting',
  'Chip Design', 'Edge Devices', 'Small Models', 'Multilingual Chat', 'Tabular Data', '3D Scenes', 'Music Generation',
  'Satellite Imagery', 'Legal Text', 'Math Word Problems', 'Agents', 'Dialogue Systems', 'Search Ranking', 'GPU Clusters',
];
const CONNECT = ['for', 'in', 'under', 'beyond', 'and', 'without', 'across', 'versus'];
const TITLE_FORMS: ((r: Rng) => string)[] = [
  (r) => `${r.pick(ADJ)} ${r.pick(HEAD)} ${r.pick(CONNECT)} ${r.pick(DOMAIN)}`,
  (r) => `Notes on ${r.pick(ADJ)} ${r.pick(HEAD)}`,
  (r) => `Why ${r.pick(ADJ)} ${r.pick(HEAD)} Matters for ${r.pick(DOMAIN)}`,
  (r) => `${r.pick(HEAD)} Tricks ${r.pick(CONNECT)} ${r.pick(DOMAIN)}`,
  (r) => `A Field Guide to ${r.pick(ADJ)} ${r.pick(HEAD)}`,
  (r) => `${r.pick(ADJ)} ${r.pick(HEAD)} at Scale`,
  (r) => `How ${r.pick(DOMAIN)} Teams Use ${r.pick(ADJ)} ${r.pick(HEAD)}`,
];
const VERBS = ['Scaling', 'Rethinking', 'Unifying', 'Taming', 'Accelerating', 'Revisiting', 'Bridging', 'Improving', 'Simplifying', 'Grounding'];
const SYLLABLES = ['ka', 'lo', 'mi', 'ra', 'te', 'vo', 'ze', 'xi', 'qu', 'no', 'bi', 'du', 'fa', 'ge', 'hy', 'ju', 'pe', 'sa', 'ti', 'wu'];
const FIRST = ['Ana', 'Bo', 'Chen', 'Dara', 'Emil', 'Fatima', 'Goran', 'Hana', 'Ivan', 'Jun', 'Kofi', 'Lena', 'Mateo', 'Nia', 'Omar', 'Priya', 'Quinn', 'Rui', 'Sven', 'Tala', 'Uma', 'Vikram', 'Wen', 'Yara', 'Zoe'];
const LAST = ['Abe', 'Bauer', 'Costa', 'Dubois', 'Eze', 'Fischer', 'Garcia', 'Huang', 'Ito', 'Jensen', 'Kim', 'Li', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Rossi', 'Singh', 'Tanaka', 'Usman', 'Varga', 'Wang', 'Xu', 'Yilmaz', 'Zhang'];
const EMOJI = ['🧠', '🔎', '📚', '⚙️', '🧪', '🚀', '🧩', '🔗', '📈', '🗜️', '💧', '✨', '🎯', '🛰️', '🔋', '🧭', '🪄', '📊', '🎥', '🎙️', '🏗️', '💬', '👁️', '📝'];
const EDGE_VERBS = ['Boosts', 'Enables', 'Feeds', 'Refines', 'Constrains', 'Extends', 'Grounds', 'Compresses', 'Aligns with', 'Triggers', 'Guides', 'Replaces'];
const SECTION_HEADINGS = [
  'Background', 'Key Ideas', 'Method', 'Results', 'Limitations', 'Open Questions', 'Implementation Notes', 'Related Work',
  'Evaluation', 'Discussion', 'Takeaways', 'Worked Example', 'Costs', 'Failure Modes', 'History', 'Practical Advice',
  'Setup', 'Ablations', 'Intuition', 'Scaling Behaviour',
];
const SUBHEADINGS = ['A Closer Look', 'Edge Cases', 'Numbers', 'In Code', 'Caveats', 'Variants'];
const TAG_WORDS = [
  'attention', 'scaling', 'training', 'inference', 'retrieval', 'vision', 'language', 'audio', 'video', 'systems', 'gpu',
  'optimization', 'evaluation', 'datasets', 'alignment', 'safety', 'agents', 'reasoning', 'compression', 'quantization',
  'distillation', 'robotics', 'theory', 'math', 'history', 'industry', 'open-source', 'benchmarks', 'multimodal', 'diffusion',
];
const FOLDERS = ['', '', 'architecture', 'training', 'systems', 'applications', 'study/week-1', 'study/week-2', 'people'];
// Filler prose; deliberately disjoint from ADJ/HEAD so term mentions are only where we put them.
const SUBJECTS = ['the model', 'this approach', 'the baseline', 'the team', 'a larger run', 'the ablation', 'each layer', 'the student network', 'our pipeline', 'the original paper'];
const VERB_PHRASES = ['reduces the error on', 'needs far less memory for', 'trades a little accuracy for speed on', 'was tuned by hand for', 'stays stable during', 'breaks down quickly on', 'roughly doubles throughput on', 'is surprisingly sensitive to', 'generalises well to', 'was evaluated carefully on'];
const OBJECTS = ['long sequences', 'noisy labels', 'small batches', 'the held-out split', 'rare tokens', 'out-of-distribution inputs', 'multi-node training', 'the validation curve', 'low-resource languages', 'cheap hardware'];
const TAILS = ['which matches what others reported', 'although the margin is small', 'once the learning rate is warmed up', 'at least in the regimes we tried', 'and the gap widens with compute', 'but only after a careful sweep', 'as the appendix shows in detail', 'which surprised most reviewers'];
const MATH_INLINE = [
  'L(N) = E + \\frac{A}{N^{\\alpha}}',
  '\\mathcal{O}(n^2 d)',
  '\\operatorname{softmax}(QK^\\top / \\sqrt{d_k})V',
  '\\mathbb{E}_{x \\sim p}[\\log q(x)]',
  'C \\approx 6ND',
  '\\nabla_\\theta \\mathcal{L}',
  'W + BA',
  '\\lVert x \\rVert_2',
  'p(y \\mid x)',
  '\\beta_1 = 0.9',
];
const MATH_DISPLAY = [
  '\\mathcal{L}(\\theta) = -\\sum_{t=1}^{T} \\log p_\\theta(x_t \\mid x_{<t})',
  'L(N, D) = E + \\frac{A}{N^{\\alpha}} + \\frac{B}{D^{\\beta}}',
  '\\operatorname{Attention}(Q, K, V) = \\operatorname{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right) V',
  'h_t = \\sigma\\left(W_h h_{t-1} + W_x x_t + b\\right)',
  '\\min_\\theta \\; \\mathbb{E}_{(x,y)}\\big[\\ell(f_\\theta(x), y)\\big] + \\lambda \\lVert \\theta \\rVert^2',
  'q(x_t \\mid x_0) = \\mathcal{N}\\left(\\sqrt{\\bar\\alpha_t}\\, x_0, (1 - \\bar\\alpha_t) I\\right)',
];
const CODE: { lang: string; body: (r: Rng) => string }[] = [
  { lang: 'python', body: (r) => `import torch\n\ndef ${r.pick(['loss_fn', 'step', 'score'])}(x, w, alpha=${r.int(1, 9) / 10}):\n    """One ${r.pick(['training', 'eval'])} step."""\n    y = torch.relu(x @ w)\n    return (y ** 2).mean() * alpha\n\nfor epoch in range(${r.int(2, 50)}):\n    print(epoch, step(x, w))` },
  { lang: 'ts', body: (r) => `interface Batch { tokens: number[]; mask: boolean[] }\n\nexport function pack(batches: Batch[], max = ${r.int(512, 8192)}): Batch[] {\n  const out: Batch[] = [];\n  for (const b of batches) if (b.tokens.length <= max) out.push(b);\n  return out;\n}` },
  { lang: 'bash', body: (r) => `torchrun --nproc_per_node=${r.int(2, 8)} train.py \\\n  --lr ${r.int(1, 9)}e-4 --batch-size ${r.int(8, 256)} \\\n  --warmup ${r.int(100, 4000)} --save-every 1000` },
  { lang: 'json', body: (r) => `{\n  "model": "${r.pick(SYLLABLES)}${r.pick(SYLLABLES)}-${r.int(1, 70)}b",\n  "layers": ${r.int(12, 96)},\n  "heads": ${r.int(8, 64)},\n  "rope_theta": ${r.int(10, 500) * 1000}\n}` },
  { lang: 'yaml', body: (r) => `optimizer:\n  name: adamw\n  lr: ${r.int(1, 9)}.0e-4\n  betas: [0.9, 0.95]\nschedule:\n  warmup_steps: ${r.int(100, 2000)}\n  decay: cosine` },
];

// ---------------------------------------------------------------------------------------------
// names: every name a wikilink could resolve to is unique, in every resolution tier

/** Same rules as src/core/paths.ts slugifySegment (GitHub's slugger), kept local so the generator has no src/ imports. */
function slugify(text: string): string {
  return githubSlug(text.normalize('NFC')).replace(/^-+|-+$/g, '') || 'untitled';
}
const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

/** Mermaid words a node id must not be (flowchart keywords and directions), compared lower-case. */
const MERMAID_RESERVED = new Set(['end', 'graph', 'subgraph', 'flowchart', 'style', 'class', 'classdef', 'click', 'call', 'href', 'linkstyle', 'default', 'direction', 'td', 'tb', 'bt', 'rl', 'lr', 'v', 'o', 'x']);

class Names {
  private readonly used = new Set<string>();
  free(...names: string[]): boolean {
    return names.every((n) => !this.used.has(norm(n)) && !this.used.has(slugify(n)));
  }
  take(...names: string[]): void {
    for (const n of names) this.used.add(norm(n)), this.used.add(slugify(n));
  }
}

// ---------------------------------------------------------------------------------------------
// the corpus model

interface Term {
  name: string;
  abbr: string;
  slug: string;
  emoji: string;
}
interface Page {
  kind: 'note' | 'tree';
  title: string;
  /** Path under notes/ or trees/, without `.md`. */
  path: string;
  aliases: string[];
  headings: string[];
  isPaper: boolean;
  paperShort?: string;
  hasDiagram: boolean;
}

export interface CorpusOptions {
  seed: number;
  notes: number;
  outDir: string;
}

export interface CorpusStats {
  seed: number;
  pages: number;
  notes: number;
  papers: number;
  trees: number;
  terms: number;
  diagrams: number;
  diagramNodes: number;
  wikilinks: number;
  mathBlocks: number;
  codeBlocks: number;
  files: number;
  bytes: number;
  words: number;
  /** Every Mermaid source written, exactly as the fence body (for cache keys). */
  diagramSources: string[];
}

function yamlString(s: string): string {
  return JSON.stringify(s);
}
function yamlList(list: string[]): string {
  return `[${list.map(yamlString).join(', ')}]`;
}

export function generateCorpus(opts: CorpusOptions): CorpusStats {
  const { seed, outDir } = opts;
  const total = Math.max(10, Math.floor(opts.notes));
  const r = new Rng(seed);
  const names = new Names();

  // Shares of the corpus (see the header comment).
  const treeCount = Math.max(1, Math.round(total * 0.1));
  const noteCount = total - treeCount;
  const embedCount = Math.max(1, Math.round(total * 0.05));
  const paperCount = Math.round(noteCount * 0.2);
  const termCount = Math.max(12, Math.round(total / 5));
  const tagPool = [...TAG_WORDS];
  for (let i = 0; tagPool.length < 20 + Math.round(total / 10); i++) tagPool.push(`${r.pick(TAG_WORDS)}-${slugify(r.pick(DOMAIN))}`);
  const tags = [...new Set(tagPool)];

  // Terms: "Adj Head" names, abbreviations as aliases (tree node ids match them).
  const terms: Term[] = [];
  const abbrs = new Set<string>();
  for (let tries = 0; terms.length < termCount && tries < termCount * 200; tries++) {
    const adj = r.pick(ADJ);
    const head = r.pick(HEAD);
    const name = `${adj} ${head}`;
    if (!names.free(name)) continue;
    const initials = name.split(/[\s-]+/).map((w) => w[0]!.toUpperCase()).join('');
    let abbr = '';
    for (const candidate of [initials, initials + head[1]!.toUpperCase(), ...Array.from({ length: 30 }, (_, i) => `${initials}${i + 2}`)]) {
      if (!abbrs.has(candidate) && !MERMAID_RESERVED.has(candidate.toLowerCase()) && names.free(candidate)) {
        abbr = candidate;
        break;
      }
    }
    if (!abbr) continue;
    abbrs.add(abbr);
    names.take(name, abbr);
    terms.push({ name, abbr, slug: slugify(name), emoji: r.pick(EMOJI) });
  }

  // Pages (titles, paths, aliases, headings decided first, so links can target real headings).
  const pages: Page[] = [];
  const newTitle = (make: () => string): string => {
    for (;;) {
      const t = make();
      if (names.free(t)) return t;
    }
  };
  for (let i = 0; i < noteCount; i++) {
    const isPaper = i < paperCount;
    let title: string;
    let paperShort: string | undefined;
    if (isPaper) {
      for (;;) {
        const short = Array.from({ length: r.int(2, 3) }, () => r.pick(SYLLABLES)).join('');
        paperShort = short[0]!.toUpperCase() + short.slice(1) + (r.chance(0.4) ? `-${r.int(1, 9)}` : '');
        title = `${paperShort}: ${r.pick(VERBS)} ${r.pick(ADJ)} ${r.pick(HEAD)} with ${r.pick(ADJ)} ${r.pick(HEAD)}`;
        if (names.free(title, paperShort)) break;
      }
    } else title = newTitle(() => r.pick(TITLE_FORMS)(r));
    const folder = isPaper ? 'papers' : r.pick(FOLDERS);
    let file = slugify(title).slice(0, 64).replace(/-+$/, '');
    for (let n = 2; !names.free(file) && file !== slugify(title); n++) file = `${slugify(title).slice(0, 60)}-${n}`;
    const aliases: string[] = [];
    if (isPaper && paperShort) aliases.push(paperShort);
    else if (r.chance(0.25)) {
      const alias = `${title.split(/\s+/).filter((w) => /^[A-Z]/.test(w)).map((w) => w[0]).join('')} notes ${r.int(1, 999)}`;
      if (names.free(alias)) aliases.push(alias);
    }
    names.take(title, file, ...aliases);
    const headings = r.sample(SECTION_HEADINGS, r.int(3, 6));
    pages.push({ kind: 'note', title, path: folder ? `${folder}/${file}` : file, aliases, headings, isPaper, paperShort, hasDiagram: false });
  }
  for (const p of r.sample(pages.filter((p) => !p.isPaper), embedCount)) {
    p.hasDiagram = true;
    if (!p.headings.includes('Concept Map')) p.headings.splice(1, 0, 'Concept Map');
  }
  for (let i = 0; i < treeCount; i++) {
    const title = newTitle(() => r.pick([`Map of ${r.pick(ADJ)} ${r.pick(HEAD)}`, `${r.pick(DOMAIN)} Knowledge Tree`, `${r.pick(ADJ)} ${r.pick(HEAD)} Landscape`, `Concept Tree of ${r.pick(DOMAIN)}`]));
    const file = slugify(title);
    names.take(title, file);
    pages.push({ kind: 'tree', title, path: file, aliases: [], headings: ['Reading the Map', 'Sources'], isPaper: false, hasDiagram: true });
  }
  const papers = pages.filter((p) => p.isPaper);
  // Hubs first for skewed link choice: a stable shuffle of all pages.
  const linkOrder = r.sample(pages, pages.length);

  const stats: CorpusStats = {
    seed, pages: pages.length, notes: noteCount, papers: paperCount, trees: treeCount, terms: terms.length, diagrams: 0, diagramNodes: 0,
    wikilinks: 0, mathBlocks: 0, codeBlocks: 0, files: 0, bytes: 0, words: 0, diagramSources: [],
  };

  // ------------------------------------------------------------------------------------------
  // text

  const sentence = (mentions: Term[]): string => {
    let s = `${r.pick(SUBJECTS)} ${r.pick(VERB_PHRASES)} ${r.pick(OBJECTS)}`;
    if (mentions.length && r.chance(0.35)) s += ` when combined with ${mentions.shift()!.name.toLowerCase()}`;
    if (r.chance(0.5)) s += `, ${r.pick(TAILS)}`;
    return s[0]!.toUpperCase() + s.slice(1) + '.';
  };
  const wikilink = (self: Page): string => {
    stats.wikilinks++;
    const roll = r.next();
    if (roll < 0.12) {
      const t = r.pick(terms);
      return r.chance(0.5) ? `[[${t.name}]]` : `[[${t.abbr}|${t.name.toLowerCase()}]]`;
    }
    if (roll < 0.16) return `[[#${r.pick(self.headings)}]]`;
    let target = r.skewed(linkOrder);
    if (target === self) target = linkOrder[(linkOrder.indexOf(self) + 1) % linkOrder.length]!;
    if (roll < 0.24 && target.aliases.length) return `[[${r.pick(target.aliases)}]]`;
    if (roll < 0.36) return `[[${target.title}|${r.pick(['this note', 'see here', 'the details', 'that discussion', 'as explained elsewhere'])}]]`;
    if (roll < 0.46) return `[[${target.title}#${r.pick(target.headings)}]]`;
    if (roll < 0.48) return `![[${target.title}]]`;
    if (roll < 0.52 && target.kind === 'note' && self.kind === 'note') {
      const rel = posix.relative(posix.dirname(`/${self.path}`), `/${target.path}.md`);
      return `[${target.title.toLowerCase()}](${encodeURI(rel.startsWith('.') ? rel : `./${rel}`)})`;
    }
    return `[[${target.title}]]`;
  };
  const paragraph = (self: Page, mentions: Term[], links: number): string => {
    const parts = Array.from({ length: r.int(3, 6) }, () => sentence(mentions));
    for (let i = 0; i < links; i++) {
      const at = r.int(0, parts.length - 1);
      parts[at] = parts[at]!.replace(/\.$/, ` (see ${wikilink(self)}).`);
    }
    if (r.chance(0.12)) {
      stats.mathBlocks++;
      const form = r.next();
      const m = r.pick(MATH_INLINE);
      parts.splice(r.int(0, parts.length), 0, form < 0.6 ? `The key quantity is $${m}$.` : `Recall that \\(${m}\\) holds here.`);
    }
    return parts.join(' ');
  };

  /** A 10-40 node flowchart whose node ids are term abbreviations, edges grouped by paper. */
  const mermaidTree = (): string => {
    const k = r.int(10, Math.min(40, terms.length));
    const nodes = r.sample(terms, k);
    const lines = [r.pick(['flowchart TD', 'flowchart LR', 'flowchart TD'])];
    for (const t of nodes) {
      const label = `${t.emoji} ${t.name}`;
      lines.push(r.chance(0.1) ? `    ${t.abbr}["${label} (${r.pick(['core', 'optional', 'v2', 'experimental'])})"]` : r.chance(0.15) ? `    ${t.abbr}(${label})` : `    ${t.abbr}[${label}]`);
    }
    const edges: string[] = [];
    for (let j = 1; j < k; j++) edges.push(`${nodes[r.int(0, j - 1)]!.abbr} -->${r.chance(0.8) ? `|${r.pick(EDGE_VERBS)} ${r.pick(HEAD)} ${r.pick(EMOJI)}|` : ''} ${nodes[j]!.abbr}`);
    for (let j = 0; j < Math.floor(k / 5); j++) {
      const [a, b] = r.sample(nodes, 2);
      edges.push(`${a!.abbr} -.->|${r.pick(EDGE_VERBS)} ${r.pick(HEAD)}| ${b!.abbr}`);
    }
    let p = 1;
    for (let i = 0; i < edges.length; ) {
      const n = r.int(1, 4);
      const source = papers.length && r.chance(0.85) ? r.pick(papers).title : `${r.pick(VERBS)} ${r.pick(ADJ)} ${r.pick(HEAD)} (unpublished)`;
      lines.push('', `    %% P${p++}: ${source}`);
      for (const e of edges.slice(i, i + n)) lines.push(`    ${e}`);
      i += n;
    }
    const source = lines.join('\n');
    stats.diagrams++;
    stats.diagramNodes += k;
    stats.diagramSources.push(source);
    return source;
  };

  const files = new Map<string, string>();
  const write = (rel: string, text: string) => {
    files.set(rel, text);
  };

  // ------------------------------------------------------------------------------------------
  // notes and papers

  const dateOf = () => `20${r.int(18, 25)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
  for (const page of pages.filter((p) => p.kind === 'note')) {
    const fm: string[] = [];
    const titleInHeading = !page.isPaper && r.chance(0.1);
    if (!titleInHeading) fm.push(`title: ${yamlString(page.title)}`);
    const pageTags = r.sample(tags, r.int(1, 4));
    if (page.isPaper) pageTags.unshift('paper');
    fm.push(`tags: ${yamlList(pageTags)}`);
    if (page.aliases.length) fm.push(`aliases: ${yamlList(page.aliases)}`);
    if (r.chance(0.8)) fm.push(`summary: ${yamlString(sentence([]))}`);
    if (page.isPaper) {
      fm.push(`authors: ${yamlList(Array.from({ length: r.int(1, 5) }, () => `${r.pick(FIRST)} ${r.pick(LAST)}`))}`);
      fm.push(`date: "${dateOf()}"`);
      fm.push(`url: "https://arxiv.org/abs/${r.int(1800, 2512)}.${String(r.int(1, 29999)).padStart(5, '0')}"`);
    }
    const mentions = r.chance(0.6) ? r.sample(terms, r.int(1, 4)) : [];
    const body: string[] = [];
    if (titleInHeading) body.push(`# ${page.title}`, '');
    body.push(paragraph(page, mentions, r.int(0, 2)), '');
    // Realistic length: mostly 250-900 words, a few long ones.
    const long = r.chance(0.08);
    for (const heading of page.headings) {
      body.push(`## ${heading}`, '');
      if (heading === 'Concept Map') {
        body.push('How the ideas in this note connect:', '', '```mermaid', mermaidTree(), '```', '');
        continue;
      }
      const paras = long ? r.int(3, 5) : r.int(1, 2);
      for (let i = 0; i < paras; i++) body.push(paragraph(page, mentions, r.chance(0.55) ? r.int(1, 2) : 0), '');
      if (r.chance(0.12)) {
        body.push(`### ${r.pick(SUBHEADINGS)}`, '');
        body.push(Array.from({ length: r.int(2, 5) }, () => `- ${sentence(mentions)}`).join('\n'), '');
      }
      if (r.chance(0.1)) {
        stats.codeBlocks++;
        const c = r.pick(CODE);
        body.push(`\`\`\`${c.lang}`, c.body(r), '```', '');
      }
      if (r.chance(0.07)) {
        stats.mathBlocks++;
        const m = r.pick(MATH_DISPLAY);
        body.push(r.chance(0.7) ? `$$\n${m}\n$$` : `\\[ ${m} \\]`, '');
      }
      if (r.chance(0.04)) {
        body.push('| setting | value | note |', '|---|---|---|');
        for (let i = 0; i < r.int(2, 6); i++) body.push(`| ${r.pick(OBJECTS)} | ${r.int(1, 999) / 10} | ${r.pick(TAILS)} |`);
        body.push('');
      }
      if (r.chance(0.05)) body.push(`> ${sentence(mentions)}`, '');
    }
    write(`notes/${page.path}.md`, `---\n${fm.join('\n')}\n---\n\n${body.join('\n').trimEnd()}\n`);
  }

  // ------------------------------------------------------------------------------------------
  // trees

  for (const page of pages.filter((p) => p.kind === 'tree')) {
    const fm = [
      `title: ${yamlString(page.title)}`,
      `tags: ${yamlList(['knowledge-tree', ...r.sample(tags, r.int(1, 3))])}`,
      `summary: ${yamlString(sentence([]))}`,
      `description: ${yamlString(`${sentence([])} ${sentence([])}`)}`,
    ];
    const body = [
      paragraph(page, [], 1),
      '',
      'Each group of edges names the paper it comes from; every node links to its glossary entry.',
      '',
      '```mermaid',
      mermaidTree(),
      '```',
      '',
      '## Reading the Map',
      '',
      paragraph(page, [], 2),
      '',
      '## Sources',
      '',
      paragraph(page, [], 1),
    ];
    write(`trees/${page.path}.md`, `---\n${fm.join('\n')}\n---\n\n${body.join('\n')}\n`);
  }

  // ------------------------------------------------------------------------------------------
  // glossary

  for (const t of terms) {
    const fm = [`term: ${yamlString(t.name)}`, `aliases: [${t.abbr}]`];
    if (r.chance(0.6)) fm.push(`emoji: ${yamlString(t.emoji)}`);
    fm.push(`kind: ${r.pick(['concept', 'concept', 'term', 'relationship'])}`);
    fm.push(`short: ${yamlString(sentence([]))}`);
    const related = r.sample(terms.filter((x) => x !== t), r.int(0, 3)).map((x) => x.name);
    if (related.length) fm.push(`related: ${yamlList(related)}`);
    if (r.chance(0.5)) fm.push(`tags: ${yamlList(r.sample(tags, r.int(1, 2)))}`);
    let def = `${t.name} (${t.abbr}) ${r.pick(VERB_PHRASES)} ${r.pick(OBJECTS)}. ${sentence([])}`;
    if (r.chance(0.1)) def += ` Formally, \\(${r.pick(MATH_INLINE)}\\).`;
    write(`glossary/${t.slug}.md`, `---\n${fm.join('\n')}\n---\n${def}\n`);
  }

  rmSync(outDir, { recursive: true, force: true });
  for (const [rel, text] of files) {
    const file = join(outDir, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    stats.files++;
    stats.bytes += Buffer.byteLength(text);
    stats.words += text.split(/\s+/).filter(Boolean).length;
  }
  return stats;
}

// ---------------------------------------------------------------------------------------------
// CLI

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i === -1 ? undefined : argv[i + 1];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const notes = Number(arg(argv, 'notes') ?? 100);
  const seed = Number(arg(argv, 'seed') ?? 1);
  const outDir = resolve(arg(argv, 'out') ?? `bench/out/corpus-${notes}`);
  const { diagramSources, ...stats } = generateCorpus({ seed, notes, outDir });
  console.log(`${outDir}: ${JSON.stringify(stats)} (${diagramSources.length} diagram sources)`);
}
