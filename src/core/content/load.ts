/**
 * Reads `content/` into typed, validated source files. Every problem (bad encoding, broken
 * YAML, a wrong field) is collected with its position; nothing stops at the first one.
 * Only regular files inside the content folder are read (symlinks leaving it, pipes and
 * devices are reported, never opened), each at most MAX_FILE_BYTES.
 */
import { closeSync, constants as fsConstants, type Dirent, fstatSync, lstatSync, openSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { z } from 'zod';
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

/**
 * The largest content file Arbor reads, in bytes. Measured with `scripts/build.ts` (2 shared
 * cores, Node's 4 GB heap): one note of prose with a link per paragraph builds in 31 s at 5 MB
 * (1.6 GB peak), in 85 s at 8 MB (1.9 GB), in 67 s at 10 MB (2.3 GB); 8 MB leaves room above the
 * 5 MB the test suites build. Density matters more than size: a note with a link or formula
 * every 30 bytes peaks at 4.7 GB from 1 MB and runs out of memory from 2 MB, which no byte limit
 * can catch without refusing ordinary notes.
 */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

const SPLIT_HINT = 'split it into several notes linked with [[wikilinks]]';
const UNREADABLE_HINT = 'make it readable (chmod a+r for a file, a+rx for a folder) or move it out of the content folder';
const FOLDER_HINT = `set contentDir in src/site.config.ts (or ARBOR_CONTENT) to the folder that holds ${Object.values(COLLECTION_DIRS).map((d) => `${d}/`).join(', ')}`;

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const codeOf = (err: unknown) => (err as NodeJS.ErrnoException).code ?? '';
function why(err: unknown): string {
  const code = codeOf(err);
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'it does not exist';
  return code || (err as Error).message;
}
const isInside = (root: string, real: string) => real === root || real.startsWith(root.endsWith(sep) ? root : root + sep);

interface Walk {
  projectRoot: string;
  /** The content folder with every symlink resolved: nothing outside it is read. */
  realRoot: string;
  problems: ProblemList;
}
const fileOf = (walk: Walk, absPath: string) => relative(walk.projectRoot, absPath).split(sep).join('/');

type Entry = { type: 'file' } | { type: 'dir'; real: string } | { type: 'other'; what: string };

function describeOther(st: { isFIFO(): boolean; isSocket(): boolean; isBlockDevice(): boolean; isCharacterDevice(): boolean }): string {
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isBlockDevice() || st.isCharacterDevice()) return 'a device';
  return 'not a file or folder';
}

/** A Markdown name that is a pipe, socket or device: found by the listing, or swapped in before the read. */
function notRegular(problems: ProblemList, file: string, what: string): void {
  problems.error(file, undefined, `is not a regular file but ${what}, so it is not read`, 'replace it with an ordinary Markdown file or delete it');
}

/**
 * Follows a symlink only when its target stays inside the content folder; anything else is
 * reported (for a name Arbor would read) and gives `undefined`.
 */
function followLink(absPath: string, name: string, walk: Walk): Entry | undefined {
  const file = fileOf(walk, absPath);
  const matters = MARKDOWN.test(name);
  let real: string;
  try {
    real = realpathSync(absPath);
  } catch (err) {
    const target = (() => {
      try {
        return readlinkSync(absPath);
      } catch {
        return '?';
      }
    })();
    const message = codeOf(err) === 'ELOOP' ? `is a symlink loop (-> ${target})` : codeOf(err) === 'ENOENT' ? `is a broken symlink: its target ${target} does not exist` : `is a symlink that cannot be followed: ${why(err)}`;
    // A broken link under another name (an image, a folder) is reported without stopping the build.
    if (matters) walk.problems.error(file, undefined, message, 'fix the link or delete it');
    else walk.problems.warn(file, undefined, `${message}; skipped`, 'fix the link or delete it');
    return undefined;
  }
  let st;
  try {
    st = statSync(real);
  } catch (err) {
    walk.problems.error(file, undefined, `cannot be read: ${why(err)}`, UNREADABLE_HINT);
    return undefined;
  }
  if (!isInside(walk.realRoot, real)) {
    if (st.isDirectory() || matters) {
      walk.problems.error(file, undefined, `links outside the content folder (to ${real}), so it is not published`, 'copy what you want published into the content folder instead of linking to it');
    }
    return undefined;
  }
  if (st.isFile()) return { type: 'file' };
  if (st.isDirectory()) return { type: 'dir', real };
  return { type: 'other', what: describeOther(st) };
}

/**
 * The Markdown files under `dir`, as sorted posix paths relative to it. Walked by hand, one
 * entry at a time, because `readdirSync({ recursive })` gives names only: it follows symlinked
 * folders (loops included), hides pipes among files and fails whole on one unreadable folder.
 */
function listMarkdown(dir: string, realDir: string, walk: Walk): string[] {
  const found: string[] = [];
  const visit = (abs: string, real: string, rel: string, ancestors: Set<string>) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (err) {
      walk.problems.error(fileOf(walk, abs), undefined, `folder cannot be read: ${why(err)}`, UNREADABLE_HINT);
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name.startsWith('_')) continue;
      const childAbs = join(abs, e.name);
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      let entry: Entry | undefined;
      if (e.isSymbolicLink()) entry = followLink(childAbs, e.name, walk);
      else if (e.isDirectory()) entry = { type: 'dir', real: join(real, e.name) };
      else if (e.isFile()) entry = { type: 'file' };
      else entry = { type: 'other', what: describeOther(e) };
      if (!entry) continue;
      if (entry.type === 'dir') {
        if (ancestors.has(entry.real)) {
          walk.problems.error(fileOf(walk, childAbs), undefined, 'links to a folder that contains it, which would list it forever', 'delete the link');
          continue;
        }
        visit(childAbs, entry.real, childRel, new Set([...ancestors, entry.real]));
      } else if (MARKDOWN.test(e.name)) {
        if (entry.type === 'file') found.push(childRel);
        else notRegular(walk.problems, fileOf(walk, childAbs), entry.what);
      }
    }
  };
  visit(dir, realDir, '', new Set([realDir]));
  return found.sort();
}

/**
 * Reads one listed file without ever blocking: opened non-blocking (a pipe swapped in after
 * the listing would otherwise wait forever), checked to be a regular file within the size limit.
 */
function readSource(absPath: string, file: string, problems: ProblemList): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(absPath, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
  } catch (err) {
    problems.error(file, undefined, `cannot be read: ${why(err)}`, UNREADABLE_HINT);
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      notRegular(problems, file, describeOther(st));
      return undefined;
    }
    if (st.size > MAX_FILE_BYTES) {
      problems.error(file, undefined, `is ${megabytes(st.size)}, more than the limit of ${megabytes(MAX_FILE_BYTES)} for one file`, SPLIT_HINT);
      return undefined;
    }
    const bytes = readFileSync(fd);
    if (bytes.length > MAX_FILE_BYTES) {
      problems.error(file, undefined, `is ${megabytes(bytes.length)}, more than the limit of ${megabytes(MAX_FILE_BYTES)} for one file`, SPLIT_HINT);
      return undefined;
    }
    return bytes;
  } catch (err) {
    problems.error(file, undefined, `cannot be read: ${why(err)}`, UNREADABLE_HINT);
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** The content folder as the author named it: relative to the project when inside it. */
function shownFolder(projectRoot: string, dir: string): string {
  const rel = relative(projectRoot, dir);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : dir;
}

/**
 * Checks the content folder and each collection folder in it; gives the collection folders to
 * list (with their real paths), or reports why there is nothing to list.
 */
function collectionFolders(projectRoot: string, contentDir: string, problems: ProblemList): { walk: Walk; dirs: Map<SourceKind, { dir: string; real: string }> } | undefined {
  const shown = shownFolder(projectRoot, contentDir);
  let realRoot: string;
  try {
    if (!statSync(contentDir).isDirectory()) {
      problems.error(shown, undefined, 'the content folder is a file, not a folder', FOLDER_HINT);
      return undefined;
    }
    realRoot = realpathSync(contentDir);
  } catch (err) {
    if (codeOf(err) === 'ENOENT') problems.error(shown, undefined, 'the content folder does not exist', FOLDER_HINT);
    else problems.error(shown, undefined, `the content folder cannot be read: ${why(err)}`, UNREADABLE_HINT);
    return undefined;
  }
  const walk: Walk = { projectRoot, realRoot, problems };
  const dirs = new Map<SourceKind, { dir: string; real: string }>();
  let present = 0;
  for (const kind of ['note', 'tree', 'term'] as const) {
    const dir = join(contentDir, COLLECTION_DIRS[kind]);
    let st;
    try {
      st = lstatSync(dir);
    } catch (err) {
      if (codeOf(err) === 'ENOENT') continue;
      problems.error(fileOf(walk, dir), undefined, `folder cannot be read: ${why(err)}`, UNREADABLE_HINT);
      present++;
      continue;
    }
    present++;
    const entry: Entry | undefined = st.isSymbolicLink() ? followLink(dir, COLLECTION_DIRS[kind], walk) : st.isDirectory() ? { type: 'dir', real: join(realRoot, COLLECTION_DIRS[kind]) } : { type: 'file' };
    if (entry?.type === 'dir') dirs.set(kind, { dir, real: entry.real });
    else if (entry) problems.error(fileOf(walk, dir), undefined, 'should be a folder of Markdown files', `rename this file and create a folder ${COLLECTION_DIRS[kind]}/`);
  }
  if (!present) {
    problems.error(shown, undefined, `has none of the folders ${Object.values(COLLECTION_DIRS).map((d) => `${d}/`).join(', ')}, so it is probably not the content folder`, FOLDER_HINT);
    return undefined;
  }
  return { walk, dirs };
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
  term: 'allowed fields: term, aliases, emoji, kind (concept | relationship | term), short, related, tags, autolink (true | false | "as-written")',
};

export function loadContent(projectRoot: string, contentDir: string, problems = new ProblemList()): LoadedContent {
  const out: LoadedContent = { notes: [], trees: [], terms: [] };
  const folders = collectionFolders(projectRoot, contentDir, problems);
  if (!folders) return out;
  const listed = new Map<SourceKind, string[]>([...folders.dirs].map(([kind, { dir, real }]) => [kind, listMarkdown(dir, real, folders.walk)]));
  if (![...listed.values()].some((l) => l.length)) {
    problems.warn(shownFolder(projectRoot, contentDir), undefined, `has no Markdown files in ${Object.values(COLLECTION_DIRS).map((d) => `${d}/`).join(', ')}: the site will be empty`, 'add notes as .md files, e.g. notes/first-note.md, or check that this is the right content folder');
  }
  for (const [kind, relPaths] of listed) {
    const dir = join(contentDir, COLLECTION_DIRS[kind]);
    for (const relPath of relPaths) {
      const absPath = join(dir, relPath);
      const file = fileOf(folders.walk, absPath);
      const bytes = readSource(absPath, file, problems);
      if (!bytes) continue;
      const decoded = decodeUtf8(bytes);
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
      const base = { file, absPath, relPath, slug: slugFromPath(relPath), text, body: split.body, bodyStartLine: split.bodyStartLine };
      if (kind === 'term') out.terms.push({ ...base, kind, data: result.data as TermData });
      else (kind === 'tree' ? out.trees : out.notes).push({ ...base, kind, data: result.data as NoteData });
    }
  }
  return out;
}
