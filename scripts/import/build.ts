/**
 * From repaired seeds to content pages: trees, notes, papers and glossary terms.
 * Pure: takes the seeds' text, returns pages (path + frontmatter + body); write.ts puts them on disk.
 */
import { extractDiagrams, plainHeading, splitSections, trimBlank } from './extract.ts';
import { fixMermaid } from './mermaid.ts';
import { CUT_OFF, FACT_TITLES, NOTES_000, NOTES_003, TERM_AUTOLINK, TREES_FROM_NOTES, type NoteSpec } from './curation.ts';
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

/** Words only (letters and digits), lower case, Markdown links read as their text: for "is this the seed's wording". */
export function wordsOf(text: string): string {
  const words = text
    .normalize('NFKC')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return ` ${words} `;
}

/** Most words a definition may add around the notebook's own (joining words, a subject). */
export const MAX_ADDED_WORDS = 8;

/**
 * A definition from the notebook's words: each «…» span of `text` must occur in `seed` (whole
 * words, in order; case, punctuation and Markdown aside), after the typo `fix`es; at most
 * MAX_ADDED_WORDS words outside the spans. Returns the text without the «» marks; throws otherwise,
 * so a definition cannot drift from the notebook.
 */
export function define(seed: string, text: string, fix: [string, string][] = []): string {
  let source = seed;
  for (const [typo, fixed] of fix) {
    if (!source.includes(typo)) throw new Error(`definition fix: "${typo}" is not in the seed`);
    source = source.split(typo).join(fixed);
  }
  const haystack = wordsOf(source);
  const spans = [...text.matchAll(/«([^«»]+)»/g)];
  if (!spans.length) throw new Error(`definition has no «…» span from the seed: ${text}`);
  for (const m of spans) if (!haystack.includes(wordsOf(m[1]!))) throw new Error(`definition span not in the seed: «${m[1]}»`);
  const added = text.replace(/«[^«»]*»/g, ' ').match(/\p{L}+/gu) ?? [];
  if (added.length > MAX_ADDED_WORDS) throw new Error(`definition adds ${added.length} words (at most ${MAX_ADDED_WORDS}): ${added.join(' ')}`);
  return text.replace(/[«»]/g, '');
}

/** Spans of a line where an inserted link would break something: URLs, inline code, links. */
function protectedSpans(line: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const re of [/`[^`]*`/g, /\[\[[^\]]*\]\]/g, /\[[^\]]*\]\([^)]*\)/g, /<?\b(?:https?:\/\/|www\.)[^\s<>)]*>?/g]) {
    for (const m of line.matchAll(re)) spans.push([m.index, m.index + m[0].length]);
  }
  return spans;
}

/**
 * Turn the first mention of each `text` into a wikilink. Not in code, headings or table rows (the
 * link's `|` would split the cell), not inside a URL, inline code or an existing link. Emphasis
 * markers at the edges of `text` stay outside the link; any other `*` in it is refused, since a
 * link's text is shown as written (`**` would show literally and break the bold around it).
 */
export function addLinks(body: string, links: [string, string][] | undefined): string {
  if (!links?.length) return body;
  const lines = body.split('\n');
  for (const [text, to] of links) {
    const lead = text.match(/^\*+/)?.[0] ?? '';
    const trail = text.match(/\*+$/)?.[0] ?? '';
    const inner = text.slice(lead.length, text.length - trail.length);
    if (inner.includes('*')) throw new Error(`link text "${text}" -> ${to}: a link's text cannot hold emphasis; link the words inside the ** instead`);
    let inFence = false;
    let done = false;
    for (let i = 0; i < lines.length && !done; i++) {
      const line = lines[i]!;
      if (/^\s*```/.test(line)) inFence = !inFence;
      if (inFence || /^\s*#/.test(line) || /^\s*\|/.test(line)) continue;
      const spans = protectedSpans(line);
      for (let at = line.indexOf(text); at >= 0 && !done; at = line.indexOf(text, at + 1)) {
        const end = at + text.length;
        if (spans.some(([a, b]) => at < b && end > a)) continue;
        lines[i] = `${line.slice(0, at)}${lead}[[${to}|${inner}]]${trail}${line.slice(end)}`;
        done = true;
      }
    }
    if (!done) (process.env.IMPORT_LINK_REPORT ? console.error : (m: string) => { throw new Error(m); })(`link text not found: "${text}" -> ${to}`);
  }
  return lines.join('\n');
}

/** Apply the Mermaid repairs to every ```mermaid block of a Markdown body. */
export function fixMermaidBlocks(body: string): string {
  return body.replace(/(```mermaid[^\n]*\n)([\s\S]*?)(\n```)/g, (_, open: string, src: string, close: string) => open + fixMermaid(src) + close);
}

/**
 * Fence meta of the HPC papers' key-term charts: chains of a summary's most frequent words ("is",
 * "we", "1"), not names, so their nodes link only through `click` lines (see nodes.ts).
 */
export const KEY_TERMS_META = 'autolink=false';

function fence(source: string, meta = ''): string {
  return '```mermaid' + (meta ? ` ${meta}` : '') + '\n' + fixMermaid(source) + '\n```';
}

/**
 * A worked example in 002 (fact 11): a `*Label*:` line, then indented lines the writer meant as
 * lines of their own (`User: …`, `Prompt Size: …`). In Markdown they would run into one
 * paragraph: each label starts a paragraph, each `Name: …` line a list item, and other indented
 * lines continue the item above.
 */
export function structureExample(lines: string[]): string[] {
  const out: string[] = [];
  let inBlock = false;
  for (const line of lines) {
    if (/^\*[^*]+\*:$/.test(line)) {
      out.push('', line, '');
      inBlock = true;
    } else if (inBlock && /^\s+\S/.test(line)) {
      const t = line.trim();
      out.push(/^[A-Z][\w ]*:\s/.test(t) ? `- ${t}` : `  ${t}`);
    } else {
      if (inBlock && line.trim() !== '') out.push('');
      inBlock = false;
      out.push(line);
    }
  }
  return squeezeBlank(out);
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
  return escapeCurrency(nestSubItems(b.map((l) => l.replace(/\s+$/, (m) => (m === '  ' ? m : m.length >= 2 ? '  ' : '')))));
}

/**
 * `$` before a digit is money ("**$150/year** (**$12.50/month**)", "$5-$20"), but the site reads
 * `$…$` as math and would draw "150/year** (**" as a formula: escape it (outside code).
 */
export function escapeCurrency(lines: string[]): string[] {
  let inFence = false;
  return lines.map((line) => {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence || /^\s*(```|~~~)/.test(line)) return line;
    return line
      .split(/(`[^`]*`)/)
      .map((part, i) => (i % 2 ? part : part.replace(/(?<!\\)\$(?=\d)/g, '\\$')))
      .join('');
  });
}

/**
 * List items indented past their parent's marker but short of its text (`  1.` under `5. `) are
 * sub-points to the writer; in Markdown they start a new list at the parent's level. Indent them
 * to the parent's text.
 */
export function nestSubItems(lines: string[]): string[] {
  const out: string[] = [];
  let parents: { marker: number; text: number; shift: number }[] = [];
  let inFence = false;
  for (const line of lines) {
    if (/^\s*```/.test(line)) inFence = !inFence;
    const m = inFence ? null : /^(\s*)(\d+[.)]|[-*+])(\s+)\S/.exec(line);
    if (!m) {
      if (!inFence && line.trim() !== '' && !/^\s/.test(line)) parents = [];
      out.push(line);
      continue;
    }
    const indent = m[1]!.length;
    while (parents.length && indent <= parents[parents.length - 1]!.marker) parents.pop();
    const parent = parents[parents.length - 1];
    // a line already under a shifted parent moves with it
    const shift = parent ? (indent < parent.text ? parent.text - indent : parent.shift) : 0;
    out.push(' '.repeat(shift) + line);
    parents.push({ marker: indent, text: indent + m[2]!.length + m[3]!.length, shift });
  }
  return out;
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
  // Match merged short entries ("Adapts/Aligns for Video") to labels by significant words: every
  // word of a variant is in the label. Of several matches, the entry with the label's own emoji
  // wins ("🎧 Unifies with Audio" for "Unifies Modalities with Audio 🎧"), then the one naming most words.
  const STOP = new Set(['for', 'with', 'to', 'into', 'the', 'of', '&']);
  const words = (s: string) => s.toLowerCase().split(/\s+/).filter((w) => !STOP.has(w));
  const stripVs = (e: string) => e.replace(/\uFE0F/g, '');
  for (const r of relations) {
    const rw = words(r.name);
    let best: { def: string; score: [number, number] } | undefined;
    for (const sr of shortRelations) {
      const tokens = sr.name.split(/\s+/);
      const slashAt = tokens.findIndex((t) => t.includes('/'));
      const variants = slashAt < 0 ? [sr.name] : tokens[slashAt]!.split('/').map((alt) => [...tokens.slice(0, slashAt), alt, ...tokens.slice(slashAt + 1)].join(' '));
      for (const v of variants) {
        const vw = words(v);
        if (!vw.every((w) => rw.includes(w))) continue;
        const score: [number, number] = [stripVs(sr.emoji) === stripVs(r.emoji) ? 1 : 0, vw.length];
        if (!best || score[0] > best.score[0] || (score[0] === best.score[0] && score[1] > best.score[1])) best = { def: sr.def, score };
      }
    }
    if (best) r.short = best.def;
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
// Not the root node's label ("Asynchronous High-Performance Patterns"): that node would link to its own page.
const HPC_TREE_TITLE = 'Asynchronous High-Performance Patterns: The Integrated Model';

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
        `One of the twenty papers behind the map [[${HPC_TREE}|${HPC_TREE_TITLE}]].`,
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
        fence(p.graph, KEY_TERMS_META),
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
    const cut = CUT_OFF[key];
    if (cut !== undefined) body = markCutOff(body, cut, key);
    if (key === 'Streamlit Teaching CV for Skill Based AGI MoE MA Systems') {
      body = [...body, '', 'The Space’s settings:', '', '```yaml', ...hfFrontmatter.slice(1, -1), '```'];
    }
    if (key.startsWith('OpenAI Operator')) body = looseTail(body, '🔑 Why AI-Controlled App Automation Matters', (l) => /^(🔑|🚀 Final Thoughts)/.test(l), (l) => /^✅ \d\./.test(l));
    if (key.startsWith('The Role of Semiconductors')) body = looseTail(body, 'ASML: The Backbone of AI & Semiconductor Manufacturing', (l) => l.startsWith('ASML:'), (l) => l.startsWith('🔹'));
    let text = fixMermaidBlocks(body.join('\n'));
    const tree = treeByNote.get(key);
    if (tree) {
      // The diagram also becomes a tree page of its own; the note keeps showing it.
      const m = /```mermaid\n([\s\S]*?)\n```/.exec(text);
      if (!m) throw new Error(`no diagram in ${key}`);
      pages.push({
        collection: 'trees',
        path: tree.slug,
        frontmatter: { title: tree.title, tags: [...tree.tags, 'knowledge-tree'], aliases: [], summary: tree.description, description: tree.description },
        body: [`From the note [[${spec.slug}|${spec.title}]].`, '', '```mermaid\n' + m[1] + '\n```'].join('\n'),
      });
      text = text.replace(m[0], `${m[0]}\n\nThe diagram is also a knowledge tree of its own: [[${tree.slug}|${tree.title}]].`);
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
          const textLines = structureExample(trimBlank(f.replace(/^\d+\.\s+/, '').split('\n')).map((l) => l.replace(/\s+$/, '')));
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
  // skill-tree areas (000's TeachingCV README). Their two-letter root ids (ML, SM, SD, ...) are not
  // aliases: as words they occur all over the notes ("ML") and would all link to a skills table.
  for (const m of s000.matchAll(/^\s+- (.+?) is titled with "(\w+)" and its root node is abbreviated as (\w+)\.$/gm)) {
    const [, name, mnemonic, root] = m;
    pages.push({
      collection: 'glossary',
      path: `skill-${slugify(name!)}`,
      frontmatter: { term: name, aliases: [mnemonic!], emoji: '🌳', kind: 'term', short: `Skill-tree area; mnemonic “${mnemonic}”, root node ${root}.`, related: [], tags: ['skill-tree'] },
      body: `${m[0].trim().replace(/^- /, '')}\n\nFrom the [[teaching-cv-skill-tree|Streamlit Teaching CV]].`,
    });
  }
  const texts = { s000, s001, s002, s003 };
  const titleOf = new Map(pages.filter((p) => p.collection !== 'glossary').map((p) => [p.path, p.frontmatter.title as string]));
  for (const t of TERMS) {
    const seeTitle = t.see && titleOf.get(t.see);
    if (t.see && !seeTitle) throw new Error(`${t.term}: see "${t.see}" is not a note`);
    pages.push({
      collection: 'glossary',
      path: `term-${slugify(t.term)}`,
      frontmatter: { term: t.term, aliases: t.aliases ?? [], ...(t.emoji ? { emoji: t.emoji } : {}), kind: 'term', short: t.short, related: t.related ?? [], tags: t.tags ?? [] },
      body: [define(texts[t.define.seed], t.define.text, t.define.fix), ...(t.see ? ['', `More in [[${t.see}|${seeTitle}]].`] : [])].join('\n'),
    });
  }
  const unused = new Set(Object.keys(TERM_AUTOLINK));
  for (const p of pages) {
    const term = p.frontmatter.term as string | undefined;
    if (p.collection !== 'glossary' || !term || !Object.hasOwn(TERM_AUTOLINK, term)) continue;
    p.frontmatter.autolink = TERM_AUTOLINK[term];
    unused.delete(term);
  }
  if (unused.size) throw new Error(`TERM_AUTOLINK entries name no term: ${[...unused].join(', ')}`);
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

/** The text a note shows where its seed section stops mid-sentence. */
export const CUT_OFF_MARK = '*(cut off here in the source)*';

/**
 * Mark the last line of a section as cut off in the seed: `…` and CUT_OFF_MARK after it, and bold
 * opened on that line closed before them (else `**` shows literally). Throws when the section no
 * longer ends with `last`.
 */
export function markCutOff(body: string[], last: string, where: string): string[] {
  const end = body[body.length - 1];
  if (end?.replace(/\s+$/, '') !== last) throw new Error(`${where}: expected the section to end with "${last}", found "${end}"`);
  const open = (last.match(/\*\*/g)?.length ?? 0) % 2 === 1 ? '**' : '';
  return [...body.slice(0, -1), `${last}…${open} ${CUT_OFF_MARK}`];
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
 * 003's terse notes as Markdown: the segment's highest `#` heading becomes h2 (the note's title is
 * h1), the others keep their distance to it; a heading with nothing under it (a paper title or a
 * go-link written as a `#` line) is a plain line; plain lines become bullets, numbered/bulleted
 * lines stay, commands become a code block. A numbered list that the seed began in the previous
 * note (the segment opens at "3.") is numbered from 1.
 */
export function looseNotes(lines: string[], code?: RegExp): string[] {
  const headingOf = (l: string) => /^(#{1,6})\s+(.*)$/.exec(l.trim());
  const levels = lines.map((l) => headingOf(l)?.[1]!.length).filter((n): n is number => n !== undefined);
  const shift = levels.length ? 2 - Math.min(...levels) : 1;
  const isEmptyHeading = (i: number): boolean => {
    const h = headingOf(lines[i]!);
    if (!h) return false;
    let j = i + 1;
    while (j < lines.length && (lines[j]!.trim() === '' || lines[j]!.trim() === '---')) j++;
    const next = j < lines.length ? headingOf(lines[j]!) : null;
    return j >= lines.length || (next !== null && next[1]!.length <= h[1]!.length);
  };
  const out: string[] = [];
  let inCode = false;
  lines.forEach((raw, i) => {
    const line = raw.replace(/\s+$/, '');
    const t = line.trim();
    if (code && code.test(t)) {
      if (!inCode) out.push('```bash');
      inCode = true;
      out.push(t);
      return;
    }
    if (inCode && t === '') return;
    if (inCode) {
      out.push('```', '');
      inCode = false;
    }
    const h = headingOf(t);
    if (t === '' || t === '---') out.push('');
    else if (h && isEmptyHeading(i)) out.push(`- ${h[2]}`);
    else if (h) out.push('', `${'#'.repeat(h[1]!.length + shift)} ${h[2]}`, '');
    else if (/^\s*([-*]|\d+\.)\s/.test(line) || /^\s+\S/.test(line)) out.push(line);
    else out.push(`- ${t}`);
  });
  if (inCode) out.push('```');
  return renumberOpeningList(squeezeBlank(out));
}

/** A note that opens with a numbered list starting above 1: its top-level items from 1. */
function renumberOpeningList(lines: string[]): string[] {
  const first = /^(\d+)\. /.exec(lines[0] ?? '');
  if (!first || first[1] === '1') return lines;
  const by = Number(first[1]) - 1;
  const out = [...lines];
  for (let i = 0; i < out.length; i++) {
    const l = out[i]!;
    const m = /^(\d+)\. /.exec(l);
    if (m) out[i] = `${Number(m[1]) - by}. ${l.slice(m[0].length)}`;
    else if (l.trim() !== '' && !/^\s/.test(l)) break;
  }
  return out;
}
