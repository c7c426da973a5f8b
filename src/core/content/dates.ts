/**
 * When each page last changed: the date of the last commit that touched its file, where the content
 * folder is in a git repository, else the frontmatter's `updated`, else its `date`, else none.
 * Never the build time, so a build is the same whenever it runs. One `git log` reads the whole
 * content folder's history per build.
 */
import { execFile } from 'node:child_process';

/**
 * The last commit date (ISO 8601, the committer's offset) of each file by its path relative to
 * `dir`, from one `git log` over `dir`. Uncommitted changes keep their last commit's date; a file
 * never committed has none. A file moved without changing (a pure rename) keeps the date of its
 * last change before the move. No repository, or no git: an empty map.
 */
export async function gitDates(dir: string): Promise<Map<string, string>> {
  const out = await new Promise<string | undefined>((done) => {
    execFile(
      'git',
      ['-c', 'log.showSignature=false', 'log', '--format=%x00%cI', '--name-status', '-M', '-z', '--relative', '--no-color', '--', '.'],
      { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } },
      (err, stdout) => done(err ? undefined : stdout),
    );
  });
  return out === undefined ? new Map() : parseGitLog(out);
}

/**
 * Reads `git log --format=%x00%cI --name-status -M -z` (newest commit first): each commit is an
 * empty field, its date, then a status field (`M`, `A`, `D`, `R085`…) and one path, or two for a
 * rename or copy. NUL-separated (`-z`), so no path is quoted or split.
 */
export function parseGitLog(out: string): Map<string, string> {
  const dates = new Map<string, string>();
  // Which file of today a path at this point of history is (null: none, it was deleted or renamed in later).
  const current = new Map<string, string | null>();
  const today = (p: string) => (current.has(p) ? current.get(p)! : p);
  const touch = (p: string, date: string) => {
    const file = today(p);
    if (file !== null && !dates.has(file)) dates.set(file, date);
  };
  const fields = out.split('\0').map((f) => f.replace(/^\n+/, ''));
  let date: string | undefined;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    if (field === '') {
      date = fields[++i];
      continue;
    }
    if (date === undefined) continue;
    const status = field[0];
    if (status === 'R' || status === 'C') {
      const from = fields[++i]!;
      const to = fields[++i]!;
      if (status === 'C') {
        touch(to, date);
        current.set(to, null);
        continue;
      }
      const file = today(to);
      // A pure move changes no content: the file's date is that of its last change under the old name.
      if (field !== 'R100') touch(to, date);
      current.set(from, file);
      current.set(to, null);
      continue;
    }
    const path = fields[++i]!;
    if (status === 'D') current.set(path, null);
    else {
      touch(path, date);
      if (status === 'A') current.set(path, null);
    }
  }
  return dates;
}

/** A frontmatter date that reads as an ISO date (`2024-01-31`, `2024-01-31T10:00:00Z`), else undefined. */
export function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const text = value.trim();
  return /^\d{4}-\d{2}-\d{2}([T ]|$)/.test(text) && !Number.isNaN(Date.parse(text)) ? text : undefined;
}

/** The date a page last changed: git's, else `updated`, else `date` (when they read as dates). */
export function lastChanged(git: string | undefined, data: { updated?: string; date?: string }): string | undefined {
  return git ?? isoDate(data.updated) ?? isoDate(data.date);
}

// Spelled out rather than Intl: `en-GB` writes September as "Sept" in some ICU versions and not others.
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-12-02…` as `2 Dec 2026`: the calendar date as written (the committer's day), in any time zone. */
export function displayDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return `${d} ${MONTHS[m! - 1]} ${y}`;
}

/** Minutes to read a body of this many words, at 220 words a minute; at least 1. */
export function readingMinutes(words: number): number {
  return Math.max(1, Math.round(words / 220));
}
