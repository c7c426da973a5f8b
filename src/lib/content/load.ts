/**
 * Reads `content/` into typed, validated source files. Every problem (bad encoding, broken
 * YAML, a wrong field) is collected with its position; nothing stops at the first one.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { z } from 'astro/zod';
import { ProblemList } from '../problems.ts';
import { slugFromPath, type Slug } from '../paths.ts';
import { normaliseText, parseYaml, splitFrontmatter } from './frontmatter.ts';
import { noteSchema, termSchema, treeSchema, type NoteData, type TermData } from './schemas.ts';

export type SourceKind = 'note' | 'tree' | 'term';

interface SourceBase {
  kind: SourceKind;
  /** Path relative to the project root (posix), used in every message. */
  file: string;
  absPath: string;
  /** Path relative to the collection folder, e.g. `papers/diffdis.md`. */
  relPath: string;
  slug: Slug;
  /** The whole file, normalised (no BOM, LF line endings). */
  text: string;
  body: string;
  bodyStartLine: number;
}
export interface PageSource extends SourceBase {
  kind: 'note' | 'tree';
  data: NoteData;
}
export interface TermSource extends SourceBase {
  kind: 'term';
  data: TermData;
}
export type SourceFile = PageSource | TermSource;

export interface LoadedContent {
  notes: PageSource[];
  trees: PageSource[];
  terms: TermSource[];
}

export const COLLECTION_DIRS = { note: 'notes', tree: 'trees', term: 'glossary' } as const;
const MARKDOWN = /\.(md|markdown)$/i;

function listMarkdown(dir: string): string[] {
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory()) return [];
    entries = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  return entries
    .filter((p) => MARKDOWN.test(p) && !p.split(sep).some((part) => part.startsWith('.') || part.startsWith('_')))
    .sort();
}

/** Decode strictly: a file that is not UTF-8 is reported with the line of its first bad byte. */
function decodeUtf8(bytes: Buffer): { text: string } | { badLine: number } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const loose = new TextDecoder('utf-8').decode(bytes);
    const bad = loose.indexOf('\uFFFD');
    return { badLine: loose.slice(0, Math.max(bad, 0)).split('\n').length };
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.length ? issue.path.join('.') : 'frontmatter';
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type') {
    const expected = issue.expected === 'array' ? 'a list, e.g. [a, b]' : issue.expected;
    return `field "${field}": expected ${expected}`;
  }
  return `field "${field}": ${issue.message}`;
}

const HINTS: Record<SourceKind, string> = {
  note: 'allowed fields: title, tags, aliases, summary, description, authors, date, url, autolink',
  tree: 'allowed fields: title, tags, aliases, summary, description, authors, date, url, autolink',
  term: 'allowed fields: term, aliases, emoji, kind (concept | relationship | term), short, related, tags',
};

export function loadContent(projectRoot: string, contentDir: string, problems = new ProblemList()): LoadedContent {
  const out: LoadedContent = { notes: [], trees: [], terms: [] };
  for (const kind of ['note', 'tree', 'term'] as const) {
    const dir = join(contentDir, COLLECTION_DIRS[kind]);
    for (const relPath of listMarkdown(dir)) {
      const absPath = join(dir, relPath);
      const file = relative(projectRoot, absPath).split(sep).join('/');
      const decoded = decodeUtf8(readFileSync(absPath));
      if ('badLine' in decoded) {
        problems.error(file, decoded.badLine, 'file is not valid UTF-8', 'save the file as UTF-8 in your editor');
        continue;
      }
      const text = normaliseText(decoded.text);
      const split = splitFrontmatter(text);
      if (split.unclosed) {
        problems.error(file, 1, 'frontmatter starts with "---" but is never closed', 'add a line "---" after the last field');
        continue;
      }
      let raw: Record<string, unknown> = {};
      let lineOf: (path: ReadonlyArray<PropertyKey>) => number = () => 1;
      if (split.yaml !== null) {
        const parsed = parseYaml(split.yaml, split.yamlStartLine);
        for (const e of parsed.errors) problems.error(file, e.line, `frontmatter is not valid YAML: ${e.message}`, 'check quotes, colons and indentation', e.column);
        if (parsed.errors.length) continue;
        raw = parsed.data;
        lineOf = parsed.lineOf;
      }
      const schema = kind === 'term' ? termSchema : kind === 'tree' ? treeSchema : noteSchema;
      const result = schema.safeParse(raw);
      if (!result.success) {
        for (const issue of result.error.issues) problems.error(file, lineOf(issue.path), describeIssue(issue), HINTS[kind]);
        continue;
      }
      const base = { file, absPath, relPath: relPath.split(sep).join('/'), slug: slugFromPath(relPath), text, body: split.body, bodyStartLine: split.bodyStartLine };
      if (kind === 'term') out.terms.push({ ...base, kind, data: result.data as TermData });
      else (kind === 'tree' ? out.trees : out.notes).push({ ...base, kind, data: result.data as NoteData });
    }
  }
  return out;
}
