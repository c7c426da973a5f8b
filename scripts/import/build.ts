/**
 * From repaired seeds to content pages: trees, notes, papers and glossary terms.
 * Pure: takes the seeds' text, returns pages (path + frontmatter + body); write.ts puts them on disk.
 */
import { extractDiagrams, plainHeading, splitSections, trimBlank } from './extract.ts';
import { fixMermaid } from './mermaid.ts';
import { FACT_TITLES, MNEMONIC_ID_CLASHES, NOTES_000, NOTES_003, TREES_FROM_NOTES, type NoteSpec } from './curation.ts';
import { TERMS } from './glossary-data.ts';
import type { Seeds } from './seeds.ts';

export type Collection = 'notes' | 'trees' | 'glossary';
export interface Page {
  collection: Collection;
  /** Path under the collection folder, without `.md`. */
  path: string;
  frontmatter: Record<string, unknown>;
  body: string;
}

// ------------------------------------------------------------------------------------------------
// helpers

export function slugify(text: string, maxWords = 8): string {
  return plainHeading(text)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .slice(0, maxWords)
    .join('-');
}

/** One line of plain text from Markdown: for summaries. */
export function plainText(md: string): string {
  return md
    .replace(/\[\[([^\]|]+)\|([^\]]+)\]\]/g, '$2')
    .replace(/\[\[([^\]]+)\]\]/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .replace(/\\\(|\\\)|\\\[|\\\]/g, '')
    .replace(/[*_`]/g, '')
    .replace(/[\p{Extended_Pictographic}\uFE0F\u20E3\u200D\u{1F1E6}-\u{1F1FF}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** First bullet or paragraph line of a body, as a one-line summary. */
export function summarise(body: string, max = 200): string {
  let inFence = false;
  for (const line of body.split('\n')) {
    if (/^\s*```/.test(line)) inFence = !inFence;
    if (inFence || /^\s*(#|\||```|---|!\[)/.test(line)) continue;
    const t = plainText(line.replace(/^\s*([-*]|\d+\.)\s+/, ''));
    if (t.length > 20) return t.length > max ? `${t.slice(0, max - 1).replace(/\s+\S*$/, '')}…` : t;
  }
  return '';
}

/**
 * The passage of `text` starting at `from`, up to the end of the `sentences`-th sentence (or of
 * its line). Throws when `from` is not in the text, so quotes cannot silently drift.
 */
export function quote(text: string, from: string, sentences = 1): string {
  const at = text.indexOf(from);
  if (at < 0) throw new Error(`quote not found: ${from}`);
  let end = at;
  for (let s = 0; s < sentences; s++) {
    const rest = text.slice(end);
    const m = /[.!?](?=\s)|\n/.exec(rest.slice(s === 0 ? from.length : 1));
    const stop = m ? (s === 0 ? from.length : 1) + m.index + (m[0] === '\n' ? 0 : 1) : rest.length;
    end += stop;
    if (text[end] === '\n' && s < sentences - 1 && text[end + 1] === '\n') break;
  }
  return text
    .slice(at, end)
    .replace(/\s*\n\s*/g, ' ')
    .replace(/^[-*]\s+/, '')
    .trim();
}

/** Turn the first mention of each `text` (outside code, headings and links) into a wikilink. */
export function addLinks(body: string, links: [string, string][] | undefined): string {
  if (!links?.length) return body;
  const lines = body.split('\n');
  for (const [text, to] of links) {
    let inFence = false;
    let done = false;
    for (let i = 0; i < lines.length && !done; i++) {
      const line = lines[i]!;
      if (/^\s*```/.test(line)) inFence = !inFence;
      if (inFence || /^\s*#/.test(line)) continue;
      const at = line.indexOf(text);
      if (at < 0) continue;
      const before = line.slice(0, at);
      if ((before.match(/\[\[/g)?.length ?? 0) > (before.match(/\]\]/g)?.length ?? 0)) continue;
      // Bold markers at the edges stay outside the link.
      const lead = text.match(/^\*+/)?.[0] ?? '';
      const trail = text.match(/\*+$/)?.[0] ?? '';
      const inner = text.slice(lead.length, text.length - trail.length);
      lines[i] = `${before}${lead}[[${to}|${inner}]]${trail}${line.slice(at + text.length)}`;
      done = true;
    }
    if (!done) (process.env.IMPORT_LINK_REPORT ? console.error : (m: string) => { throw new Error(m); })(`link text not found: "${text}" -> ${to}`);
  }
  return lines.join('\n');
}

/** Apply the Mermaid repairs to every ```mermaid block of a Markdown body. */
export function fixMermaidBlocks(body: string): string {
  return body.replace(/(```mermaid[^\n]*\n)([\s\S]*?)(\n```)/g, (_, open: string, src: string, close: string) => open + fixMermaid(src) + close);
}

function fence(source: string): string {
  return '```mermaid\n' + fixMermaid(source) + '\n```';
}

/** Loose lines (no Markdown) into Markdown: headings by rule, everything else a bullet. */
export function structureLoose(lines: string[], rules: { h2?: (l: string) => boolean; h3?: (l: string) => boolean; para?: (l: string) => boolean }): string[] {
  const out: string[] = [];
  for (const raw of lines) {
    const l = raw.trim();
    if (!l) continue;
    if (rules.h2?.(l)) out.push('', `## ${l}`, '');
    else if (rules.h3?.(l)) out.push('', `### ${l}`, '');
    else if (rules.para?.(l)) out.push('', l, '');
    else out.push(`- ${l}`);
  }
  return squeezeBlank(out);
}

export function squeezeBlank(lines: string[]): string[] {
  const out: string[] = [];
  for (const l of lines) if (!(l.trim() === '' && (out.length === 0 || out[out.length - 1]!.trim() === ''))) out.push(l);
  return trimBlank(out);
}

/** Section body: no leading/trailing rules or blank lines, repaired Mermaid. */
function cleanBody(lines: string[]): string[] {
  let b = trimBlank(lines);
  while (b.length && /^---\s*$/.test(b[0]!)) b = trimBlank(b.slice(1));
  while (b.length && /^---\s*$/.test(b[b.length - 1]!)) b = trimBlank(b.slice(0, -1));
  return b.map((l) => l.replace(/\s+$/, (m) => (m === '  ' ? m : m.length >= 2 ? '  ' : '')));
}

function between(text: string, start: string, end?: string): string {
  const a = text.indexOf(start);
  if (a < 0) throw new Error(`marker not found: ${start}`);
  const b = end === undefined ? text.length : text.indexOf(end, a + start.length);
  if (b < 0) throw new Error(`marker not found: ${end}`);
  return text.slice(a + start.length, b);
}

// ------------------------------------------------------------------------------------------------
// the ML in 2025 concept map

export interface PaperRef {
  n: number;
  title: string;
  edges: { from: string; to: string; label: string }[];
  /** Short label used on the edges of the paper-labelled variant. */
  label?: string;
}

const NODE_DECL = /^\s*(\w+)\[(\S+)\s+([^\]]+)\]\s*$/u;
const EDGE = /^\s*(\w+)\s*-->\|([^|]+)\|\s*(\w+)\s*$/;

/** Merge the two parts of the map (app.py v2) into one: part 1, then part 2 without its repeated node block. */
export function mergeParts(part1: string, part2: string): string {
  const seen = new Set(part1.split('\n').filter((l) => NODE_DECL.test(l)).map((l) => l.trim()));
  const extra = part2
    .split('\n')
    .filter((l) => !/^\s*flowchart\b/.test(l) && !/redeclared/.test(l) && !(NODE_DECL.test(l) && seen.has(l.trim())));
  return squeezeBlank([...part1.split('\n'), '', ...trimBlank(extra)]).join('\n');
}

export function papersOf(map: string): PaperRef[] {
  const out: PaperRef[] = [];
  let cur: PaperRef | undefined;
  for (const line of map.split('\n')) {
    const c = /^\s*%%\s*P(\d+):\s*(.+?)\s*$/.exec(line);
    if (c) {
      cur = { n: Number(c[1]), title: c[2]!, edges: [] };
      out.push(cur);
      continue;
    }
    if (/^\s*%%/.test(line)) {
      cur = undefined;
      continue;
    }
    const e = EDGE.exec(line);
    if (e && cur) cur.edges.push({ from: e[1]!, to: e[3]!, label: e[2]!.trim() });
  }
  return out;
}

/** `%% P1: Title: "Label"` (paper-labelled variant) -> `%% P1: <full title>`; returns labels by number. */
export function canonicalPaperComments(source: string, papers: PaperRef[]): { source: string; labels: Map<number, string> } {
  const labels = new Map<number, string>();
  const out = source
    .split('\n')
    .map((line) => {
      const m = /^(\s*)%%\s*P(\d+):\s*(.+?):\s*"([^"]+)"\s*$/.exec(line);
      if (!m) return line;
      const n = Number(m[2]);
      const paper = papers.find((p) => p.n === n);
      if (!paper) throw new Error(`P${n} is not in the map`);
      labels.set(n, m[4]!);
      return `${m[1]}%% P${n}: ${paper.title}`;
    })
    .join('\n');
  return { source: out, labels };
}

interface ConceptDef {
  emoji: string;
  name: string;
  id: string;
  short: string;
  long: string;
}
interface RelationDef {
  emoji: string;
  name: string;
  long: string;
  short?: string;
}

/** Concept and relationship definitions from the two outlines of 001 (short: v2, long: v1). */
export function outlines(s001: string): { concepts: ConceptDef[]; relations: RelationDef[]; shortRelations: { emoji: string; name: string; def: string }[] } {
  const short = between(s001, 'markdown_outline = \'\'\'---\n### Outline & Glossary', "'''");
  const long = between(s001, 'markdown_outline = \'\'\'---\n### Markdown Outline & Glossary', "'''");
  const concepts: ConceptDef[] = [];
  for (const m of short.matchAll(/^- \*\*(\S+) (.+?) \((\w+)\):\*\* (.+)$/gmu)) {
    const [, emoji, name, id, def] = m;
    const lm = new RegExp(`^- \\*\\*\\S+ ${name} \\(${id}\\):\\*\\*\\s*\\n\\s+(.+)$`, 'mu').exec(long);
    concepts.push({ emoji: emoji!, name: name!, id: id!, short: def!.trim(), long: lm ? lm[1]!.trim() : def!.trim() });
  }
  const shortRelations = [...between(short, '#### Relationships Glossary').matchAll(/^- \*\*(\S+) (.+?):\*\* (.+)$/gmu)].map((m) => ({ emoji: m[1]!, name: m[2]!, def: m[3]!.trim() }));
  const relations: RelationDef[] = [];
  for (const m of between(long, '#### Edge Labels (Relationships)').matchAll(/^- \*\*(.+?) (\S+):\*\*\s*\n\s+(.+)$/gmu)) {
    relations.push({ name: m[1]!, emoji: m[2]!, long: m[3]!.trim() });
  }
  // Match merged short entries ("Adapts/Aligns for Video") to labels by significant words.
  const STOP = new Set(['for', 'with', 'to', 'into', 'the', 'of', '&']);
  const words = (s: string) => s.toLowerCase().split(/\s+/).filter((w) => !STOP.has(w));
  for (const sr of shortRelations) {
    const tokens = sr.name.split(/\s+/);
    const variants: string[] = [];
    const slashAt = tokens.findIndex((t) => t.includes('/'));
    if (slashAt < 0) variants.push(sr.name);
    else for (const alt of tokens[slashAt]!.split('/')) variants.push([...tokens.slice(0, slashAt), alt, ...tokens.slice(slashAt + 1)].join(' '));
    for (const v of variants) {
      const vw = words(v);
      for (const r of relations) {
        const rw = words(r.name);
        if (!r.short && vw.every((w) => rw.includes(w))) r.short = sr.def;
      }
    }
  }
  return { concepts, relations, shortRelations };
}

// ------------------------------------------------------------------------------------------------
// HPC paper summaries

export interface HpcPaper {
  title: string;
  authors: string[];
  date: string;
  dateAsWritten: string;
  wordCounts: string;
  highInfoTerms: string;
  rouge: string;
  graph: string;
  abstract?: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function splitAuthors(s: string): string[] {
  return s
    .split(/,\s*(?:and\s+)?|\s+and\s+/)
    .map((a) => a.trim())
    .filter(Boolean);
}

export function hpcPapers(s001: string): HpcPaper[] {
  const region = between(s001, 'Here are Paper mermaid trees:', 'Mapping the flow');
  const [summaries, research] = region.split('🔎 Research Papers');
  const papers = new Map<string, HpcPaper>();
  for (const block of summaries!.split(/^📄 /m).slice(1)) {
    const lines = block.split('\n');
    const title = lines[0]!.trim();
    const get = (key: string) => (lines.find((l) => l.startsWith(key)) ?? '').slice(key.length).trim();
    const dateAsWritten = get('Date:').replace(/^#+\s*/, '');
    const [d, mon, y] = dateAsWritten.split(/\s+/);
    const date = `${y}-${String(MONTHS.indexOf(mon!) + 1).padStart(2, '0')}-${d!.padStart(2, '0')}`;
    const g = lines.findIndex((l) => /^flowchart TD/.test(l));
    let e = g + 1;
    while (e < lines.length && /^\s+\S/.test(lines[e]!)) e++;
    const p: HpcPaper = {
      title,
      authors: splitAuthors(get('Authors:')),
      date,
      dateAsWritten,
      wordCounts: get('Word Count (Title):') ? `Word Count (Title): ${get('Word Count (Title):')}` : '',
      highInfoTerms: get('High Info Terms:'),
      rouge: get('ROUGE Score:'),
      graph: lines.slice(g, e).join('\n'),
    };
    if (!papers.has(title)) papers.set(title, p);
  }
  // Abstracts: "### date | Title — Arxiv Link)" ... "Authors: ..." then the abstract paragraph.
  for (const block of (research ?? '').split(/^📄 /m).slice(1)) {
    const title = block.split('\n')[0]!.trim();
    const paras = block.split(/\n\s*\n/).map((p) => p.trim());
    const abstract = paras.find((p) => p.length > 300 && !p.startsWith('Authors:'));
    const p = papers.get(title);
    if (p && abstract && !p.abstract) p.abstract = abstract.replace(/\s*-{5,}\s*$/, '');
  }
  return [...papers.values()];
}

// ------------------------------------------------------------------------------------------------
// build everything

const ML_TREE = 'ml-in-2025-concept-map';
const ML_TREE_TITLE = 'ML in 2025: Concept Map';
const LABELLED_TREE = 'ml-in-2025-paper-labelled-map';
const LABELLED_TREE_TITLE = 'ML in 2025: Paper-Labelled Map';
const HPC_TREE = 'asynchronous-hpc-patterns';
const HPC_TREE_TITLE = 'Asynchronous High-Performance Patterns';

export function build(seeds: Seeds): Page[] {
  const pages: Page[] = [];
  const { s000, s001, s002, s003 } = seeds;
  const d001 = extractDiagrams(s001);
  const find = (pred: (s: string) => boolean, what: string) => {
    const d = d001.find((x) => pred(x.source));
    if (!d) throw new Error(`diagram not found: ${what}`);
    return d.source;
  };
  const part1 = find((s) => s.includes('%% Paper Relationships (P1-P10)'), 'part 1');
  const part2 = find((s) => s.includes('%% Paper Relationships (P11-P20)'), 'part 2');
  const labelledRaw = find((s) => s.includes('|Enhancing MLLMs|'), 'paper-labelled map');
  const hpcRaw = find((s) => s.includes('Asynchronous<br>High-Performance'), 'HPC map');

  const map = mergeParts(part1, part2);
  const papers = papersOf(map);
  const { source: labelled, labels } = canonicalPaperComments(labelledRaw, papers);
  for (const p of papers) p.label = labels.get(p.n);
  const { concepts, relations } = outlines(s001);
  const conceptName = new Map(concepts.map((c) => [c.id, c.name]));
  const paperSlug = (p: PaperRef) => `papers/p${String(p.n).padStart(2, '0')}-${slugify(p.label ?? p.title, 4)}`;

  // --- trees -----------------------------------------------------------------------------------
  const intro = s001.split('\n')[0]!.trim();
  pages.push({
    collection: 'trees',
    path: ML_TREE,
    frontmatter: {
      title: ML_TREE_TITLE,
      tags: ['ml-2025', 'multimodal', 'knowledge-tree'],
      aliases: ['ML in 2025', 'Top Discoveries in ML'],
      summary: 'Fifteen ML concepts and the relationships twenty 2023–2024 papers draw between them.',
      description: 'The 15 concepts most in demand for ML in 2025 (Multimodal, Vision, Language, …) and how papers P1–P20 relate them, plus the inherent concept relationships.',
    },
    body: [
      intro,
      '',
      'Each group of edges below names the paper it comes from (`%% P1: …`); each paper has its own note. The map merges the notebook’s two halves, “Mermaid Diagram - Part 1 (P1-P10)” and “Mermaid Diagram - Part 2 (P11-P20 + Inherent Relationships)”, into one. The definitions of its nodes and edge labels (the “Dense Markdown Outline with Glossary for Nodes and Relationships”) are in the glossary.',
      '',
      fence(map),
      '',
      '## Papers',
      '',
      ...papers.map((p) => `- P${p.n}: [[${paperSlug(p)}|${p.title}]]`),
      '',
      `The same map with each edge named after its paper: [[${LABELLED_TREE}|${LABELLED_TREE_TITLE}]].`,
    ].join('\n'),
  });
  pages.push({
    collection: 'trees',
    path: LABELLED_TREE,
    frontmatter: {
      title: LABELLED_TREE_TITLE,
      tags: ['ml-2025', 'knowledge-tree', 'paper'],
      aliases: ['Top Discoveries in ML - Mermaid Model of LLM Integration'],
      summary: 'The ML in 2025 concept map with every edge labelled by the paper behind it.',
      description: 'Top Discoveries in ML - Mermaid Model of LLM Integration: the concept map’s edges, each named by its paper’s short name (“LAION5B”, “DiffDis”, …).',
    },
    body: [
      `The [[${ML_TREE}|concept map]] again, with edges labelled by paper instead of by relationship. The notebook's short names for the papers are kept as the edge labels; the \`%%\` lines give each paper's full title.`,
      '',
      fence(labelled),
    ].join('\n'),
  });

  // HPC tree with its explanation (a ```python fence in the seed that holds prose)
  const explanation = between(s001, '```python\nExplanation of the Integrated Model', '```').split('\n');
  const prompt = between(s001, 'Create a mermaid model from the consolidated 20 mermaid models below.', 'Here are Paper mermaid trees:');
  const trace = between(s001, 'Mapping the flow\nCreating an integrated model', '\nMapping the flow\n').split('\n');
  const hpcPaperList = hpcPapers(s001);
  pages.push({
    collection: 'trees',
    path: HPC_TREE,
    frontmatter: {
      title: HPC_TREE_TITLE,
      tags: ['hpc', 'async', 'python', 'knowledge-tree'],
      aliases: ['Async HPC patterns map'],
      summary: 'Asynchronous high-performance scaling patterns for intelligent dynamic clusters, synthesised from twenty HPC papers.',
      description: 'One mermaid model integrating twenty paper key-term trees: MPI/UCX/GPU, async Python and dataflow, web-scale inference, decentralized learning, IoT/edge, neuromorphic hardware and developer tools.',
    },
    body: [
      'The follow-up session to [[move-37|Move 37]]: the mermaid knowledge trees of twenty HPC papers combined for main idea synthesis and breeding of children trees.',
      '',
      fence(hpcRaw),
      '',
      ...structureLoose(['Explanation of the Integrated Model', ...explanation], {
        h2: (l) => l === 'Explanation of the Integrated Model' || l === 'Key Takeaways',
        h3: (l) => /^[A-Z][^.]*\([A-Z, ]+\):$/.test(l) || l === 'Center (A):',
        para: (l) => l.startsWith('In practice') || l.startsWith('This consolidated model'),
      }),
      '',
      '## The prompt',
      '',
      `> Create a mermaid model from the consolidated 20 mermaid models below.${prompt.trimEnd()}`,
      '',
      '## How the model was synthesised',
      '',
      ...structureLoose(['Creating an integrated model', ...trace], { h3: (l) => !/[.,]$/.test(l) && l.split(' ').length <= 4, para: () => true }),
      '',
      '## Source papers',
      '',
      ...hpcPaperList.map((p) => `- [[papers/${slugify(p.title, 6)}|${p.title}]]`),
    ].join('\n'),
  });

  // --- P1-P20 paper notes ----------------------------------------------------------------------
  for (const p of papers) {
    const aliases = p.label && p.label.toLowerCase() !== p.title.toLowerCase() ? [p.label] : [];
    pages.push({
      collection: 'notes',
      path: paperSlug(p),
      frontmatter: { title: p.title, tags: ['paper', 'ml-2025'], aliases, summary: `Paper P${p.n} of the ML in 2025 concept map: ${p.edges.map((e) => e.label).join(', ')}.` },
      body: [
        `Paper P${p.n} of the [[${ML_TREE}|${ML_TREE_TITLE}]]${p.label ? `, labelled “${p.label}” in the [[${LABELLED_TREE}|${LABELLED_TREE_TITLE}]]` : ''}.`,
        '',
        '## Relationships it contributes',
        '',
        ...p.edges.map((e) => `- ${conceptName.get(e.from) ?? e.from} → ${conceptName.get(e.to) ?? e.to}: *${e.label}*`),
      ].join('\n'),
    });
  }

  // --- HPC paper notes -------------------------------------------------------------------------
  for (const p of hpcPaperList) {
    const short = /^([^:]{2,30}):/.exec(p.title)?.[1];
    const aliases = short && !/\s.*\s/.test(short) ? [short] : [];
    if (p.title.startsWith('Efficient MPI-based Communication')) aliases.push('MPI4Dask');
    pages.push({
      collection: 'notes',
      path: `papers/${slugify(p.title, 6)}`,
      frontmatter: {
        title: p.title,
        tags: ['paper', 'hpc'],
        aliases,
        summary: p.abstract ? summarise(p.abstract) : `HPC paper summary (${p.dateAsWritten}): ${p.highInfoTerms.split(', ').slice(0, 6).join(', ')}.`,
        authors: p.authors,
        date: p.date,
      },
      body: [
        `One of the twenty papers behind the [[${HPC_TREE}|${HPC_TREE_TITLE}]] map.`,
        '',
        `- **Date:** ${p.dateAsWritten}`,
        `- **${p.wordCounts}**`.replace('**Word Count (Title):', '**Word Count (Title):**').replace(/\*\*$/, ''),
        `- **ROUGE Score:** ${p.rouge}`,
        '',
        ...(p.abstract ? ['## Abstract', '', p.abstract, ''] : []),
        '## Key terms',
        '',
        `High Info Terms: ${p.highInfoTerms}`,
        '',
        fence(p.graph),
      ].join('\n'),
    });
  }

  // --- 001 notes: skills table, prompts, Move 37 ---------------------------------------------
  const top10 = between(s001, 'This list is descending order frequency by volume of demand.', '# Prompts to See SOTA Papers');
  pages.push({
    collection: 'notes',
    path: 'top-10-ml-skills',
    frontmatter: { title: 'Top 10 ML Skills by Demand (2025)', tags: ['skills', 'ml-2025', 'career'], aliases: ['Top 10 skills'], summary: 'The ten skills most in demand for ML in 2025, by organization: NVIDIA, OpenAI, Anthropic, Hugging Face.' },
    body: addLinks(['This list is descending order frequency by volume of demand.', '', ...cleanBody(top10.split('\n')), '', 'Each skill comes with a prompt to explore it in code: [[prompts-to-see-sota-papers-and-ideas-in-code|Prompts to See SOTA Papers and Ideas in Code]].'].join('\n'), [['3D Computer Vision', ML_TREE]]),
  });
  const prompts = between(s001, '# Prompts to See SOTA Papers and Ideas in Code.', '# Move 37');
  pages.push({
    collection: 'notes',
    path: 'prompts-to-see-sota-papers-and-ideas-in-code',
    frontmatter: { title: 'Prompts to See SOTA Papers and Ideas in Code.', tags: ['prompts', 'skills', 'python'], aliases: [], summary: 'One code-generation prompt per top-10 skill: Python, HPC, GPU, transformers, org-specific languages, PyTorch, datasets, cloud, MLOps, 3D vision.' },
    body: addLinks(cleanBody(prompts.split('\n')).join('\n'), [['For position 5 demand varies', 'top-10-ml-skills']]),
  });
  const move37 = between(s001, '# Move 37\n', '```mermaid').split('\n');
  const codeAt = move37.findIndex((l) => l.startsWith('# Patch the asyncio'));
  pages.push({
    collection: 'notes',
    path: 'move-37',
    frontmatter: { title: 'Move 37', tags: ['python', 'async', 'hpc'], aliases: [], summary: 'A “move 37” moment: o3-mini-high solved a cross-platform async issue in Python for HPC scaling patterns.' },
    body: [
      ...trimBlank(move37.slice(0, codeAt)),
      '',
      '```python',
      ...move37.slice(codeAt, codeAt + 3),
      '```',
      '',
      ...trimBlank(move37.slice(codeAt + 3)).map((l) => l.replace('the mermaid based knowledge trees', `the mermaid based knowledge trees ([[${HPC_TREE}|${HPC_TREE_TITLE}]])`)),
    ].join('\n'),
  });

  // --- 000 notes ---------------------------------------------------------------------------------
  const startAt = s000.indexOf('---\ntitle: TeachingCV');
  const tail = s000.slice(startAt).split('\n');
  const hfFrontmatter = tail.slice(0, tail.indexOf('---', 1) + 1);
  const sections = splitSections(tail, 1);
  const count = new Map<string, number>();
  const treeByNote = new Map(TREES_FROM_NOTES.map((t) => [t.note, t]));
  for (const sec of sections) {
    const plain = plainHeading(sec.heading);
    const n = (count.get(plain) ?? 0) + 1;
    count.set(plain, n);
    const key = n === 1 ? plain : `${plain}#${n}`;
    const spec = NOTES_000[key];
    if (!spec) throw new Error(`no curation for 000 section "${key}"`);
    let body = cleanBody(sec.body);
    if (key === 'Streamlit Teaching CV for Skill Based AGI MoE MA Systems') {
      body = [...body, '', 'The Space’s settings:', '', '```yaml', ...hfFrontmatter.slice(1, -1), '```'];
    }
    if (key.startsWith('OpenAI Operator')) body = looseTail(body, '🔑 Why AI-Controlled App Automation Matters', (l) => /^(🔑|🚀 Final Thoughts)/.test(l), (l) => /^✅ \d\./.test(l));
    if (key.startsWith('The Role of Semiconductors')) body = looseTail(body, 'ASML: The Backbone of AI & Semiconductor Manufacturing', (l) => l.startsWith('ASML:'), (l) => l.startsWith('🔹'));
    let text = fixMermaidBlocks(body.join('\n'));
    const tree = treeByNote.get(key);
    if (tree) {
      const m = /```mermaid\n([\s\S]*?)\n```/.exec(text);
      if (!m) throw new Error(`no diagram in ${key}`);
      pages.push({
        collection: 'trees',
        path: tree.slug,
        frontmatter: { title: tree.title, tags: [...tree.tags, 'knowledge-tree'], aliases: [], summary: tree.description, description: tree.description },
        body: [`From the note [[${spec.slug}|${spec.title}]].`, '', '```mermaid\n' + m[1] + '\n```'].join('\n'),
      });
      text = text.replace(m[0], `The diagram is a knowledge tree of its own: [[${tree.slug}|${tree.title}]].`);
    }
    text = addLinks(text, spec.links);
    pages.push(notePage(spec, text));
  }

  // --- 002: twenty facts -------------------------------------------------------------------------
  const facts = s002.split(/^(?=\d+\. )/m).filter((f) => /^\d+\. /.test(f));
  if (facts.length !== FACT_TITLES.length) throw new Error(`expected ${FACT_TITLES.length} facts, found ${facts.length}`);
  pages.push({
    collection: 'notes',
    path: 'twenty-ml-and-systems-facts',
    frontmatter: {
      title: 'Twenty ML & Systems Facts',
      tags: ['facts', 'llm', 'hardware', 'systems'],
      aliases: [],
      summary: 'Twenty numbered notes: GANs vs diffusion, DeepSpeed, ONNX, BERT vs GPT, tokenizers, attention Q/K/V, KV cache, interconnects, collectives and more.',
    },
    body: addLinks(
      facts
        .map((f, i) => {
          const textLines = trimBlank(f.replace(/^\d+\.\s+/, '').split('\n')).map((l) => l.replace(/\s+$/, ''));
          return [`## ${i + 1}. ${FACT_TITLES[i]}`, '', ...textLines].join('\n');
        })
        .join('\n\n'),
      [
        ['The attention operation can be thought of as a retrieval process', 'attention-mechanism-in-neural-networks'],
        ['stable diffusion techniques', 'study/diffusion-papers'],
      ],
    ),
  });

  // --- 003: loose study notes --------------------------------------------------------------------
  const l003 = s003.split('\n');
  const starts = NOTES_003.map((spec) => {
    const i = l003.findIndex((l) => l.trim() === spec.start);
    if (i < 0) throw new Error(`003 start not found: ${spec.start}`);
    return i;
  });
  NOTES_003.forEach((spec, k) => {
    const seg = l003.slice(starts[k], starts[k + 1] ?? l003.length).filter((l) => !spec.drop?.includes(l.trim()));
    pages.push(notePage(spec, addLinks(looseNotes(seg, spec.code).join('\n'), spec.links)));
  });

  // --- glossary ----------------------------------------------------------------------------------
  const neighbours = new Map<string, Set<string>>();
  const relEdges = new Map<string, { from: string; to: string; paper: string }[]>();
  let source = '';
  for (const line of map.split('\n')) {
    const c = /^\s*%%\s*(.+?)\s*$/.exec(line);
    if (c) source = c[1]!;
    const e = EDGE.exec(line);
    if (!e) continue;
    const [, from, rawLabel, to] = e;
    const a = conceptName.get(from!)!;
    const b = conceptName.get(to!)!;
    if (!neighbours.has(a)) neighbours.set(a, new Set());
    if (!neighbours.has(b)) neighbours.set(b, new Set());
    neighbours.get(a)!.add(b);
    neighbours.get(b)!.add(a);
    const label = rawLabel!.replace(/\s*[\p{Extended_Pictographic}\uFE0F]+\s*$/u, '').trim();
    if (!relEdges.has(label)) relEdges.set(label, []);
    relEdges.get(label)!.push({ from: a, to: b, paper: source });
  }
  for (const c of concepts) {
    pages.push({
      collection: 'glossary',
      path: slugify(c.name) === '3d' ? 'concept-3d' : slugify(c.name),
      frontmatter: { term: c.name, aliases: [c.id], emoji: c.emoji, kind: 'concept', short: c.short, related: [...(neighbours.get(c.name) ?? [])].filter((x) => x !== c.name).sort(), tags: ['ml-2025'] },
      body: `${c.long}\n\nA node (\`${c.id}\`) of the [[${ML_TREE}|${ML_TREE_TITLE}]].`,
    });
  }
  for (const r of relations) {
    const edges = relEdges.get(r.name) ?? [];
    pages.push({
      collection: 'glossary',
      path: `rel-${slugify(r.name)}`,
      frontmatter: {
        term: r.name,
        aliases: [],
        emoji: r.emoji,
        kind: 'relationship',
        short: r.short ?? r.long,
        related: [...new Set(edges.flatMap((e) => [e.from, e.to]))].sort(),
        tags: ['ml-2025'],
      },
      body: [r.long, '', `Edges with this label in the [[${ML_TREE}|${ML_TREE_TITLE}]]:`, '', ...edges.map((e) => `- ${e.from} → ${e.to} (${e.paper.replace(/^(P\d+):.*/, '$1')})`)].join('\n'),
    });
  }
  // skill-tree mnemonics (000's TeachingCV README)
  for (const m of s000.matchAll(/^\s+- (.+?) is titled with "(\w+)" and its root node is abbreviated as (\w+)\.$/gm)) {
    const [, name, mnemonic, root] = m;
    const aliases = MNEMONIC_ID_CLASHES.has(root!) ? [mnemonic!] : [mnemonic!, root!];
    pages.push({
      collection: 'glossary',
      path: `skill-${slugify(name!)}`,
      frontmatter: { term: name, aliases, emoji: '🌳', kind: 'term', short: `Skill-tree area; mnemonic “${mnemonic}”, root node ${root}.`, related: [], tags: ['skill-tree'] },
      body: `${m[0].trim().replace(/^- /, '')}${MNEMONIC_ID_CLASHES.has(root!) ? ` (The root id ${root} is not an alias here: in the concept map ${root} is ${conceptName.get(root!)}.)` : ''}\n\nFrom the [[teaching-cv-skill-tree|Streamlit Teaching CV]].`,
    });
  }
  const texts = { s000, s001, s002, s003 };
  for (const t of TERMS) {
    pages.push({
      collection: 'glossary',
      path: `term-${slugify(t.term)}`,
      frontmatter: { term: t.term, aliases: t.aliases ?? [], ...(t.emoji ? { emoji: t.emoji } : {}), kind: 'term', short: t.short, related: t.related ?? [], tags: t.tags ?? [] },
      body: [`> ${quote(texts[t.quote.seed], t.quote.from, t.quote.sentences ?? 1)}`, ...(t.see ? ['', `More in [[${t.see}]].`] : [])].join('\n'),
    });
  }
  return pages;
}

function notePage(spec: NoteSpec, body: string): Page {
  return {
    collection: 'notes',
    path: spec.slug,
    frontmatter: { title: spec.title, tags: spec.tags, aliases: spec.aliases ?? [], summary: spec.summary ?? summarise(body) },
    body,
  };
}

/** A section that ends in unformatted lines (pasted without Markdown): structure that tail. */
function looseTail(body: string[], first: string, h2: (l: string) => boolean, h3: (l: string) => boolean): string[] {
  const at = body.findIndex((l) => l.trim() === first);
  if (at < 0) throw new Error(`loose tail not found: ${first}`);
  // The tail ends at the next fenced block (kept as is).
  const end = body.findIndex((l, i) => i > at && /^```/.test(l));
  const stop = end < 0 ? body.length : end;
  return [...body.slice(0, at), ...structureLoose(body.slice(at, stop), { h2, h3 }), '', ...body.slice(stop)];
}

/**
 * 003's terse notes as Markdown: `#` headings go one level down (the note's title is level 1),
 * plain lines become bullets, numbered/bulleted lines stay, commands become a code block.
 */
export function looseNotes(lines: string[], code?: RegExp): string[] {
  const out: string[] = [];
  let inCode = false;
  for (const raw of lines) {
    const line = raw.replace(/\s+$/, '');
    const t = line.trim();
    if (code && code.test(t)) {
      if (!inCode) out.push('```bash');
      inCode = true;
      out.push(t);
      continue;
    }
    if (inCode && t === '') continue;
    if (inCode) {
      out.push('```', '');
      inCode = false;
    }
    if (t === '' || t === '---') out.push('');
    else if (/^#{1,5}\s/.test(t)) out.push('', `#${t}`, '');
    else if (/^\s*([-*]|\d+\.)\s/.test(line) || /^\s+\S/.test(line)) out.push(line);
    else out.push(`- ${t}`);
  }
  if (inCode) out.push('```');
  return squeezeBlank(out);
}
