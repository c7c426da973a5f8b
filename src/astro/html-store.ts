/**
 * The rendered HTML of each note, tree and term, kept out of Astro's content store. Astro inlines
 * its whole store in the server build (one `JSON.parse("…")` module that vite bundles and page
 * generation compiles again), so the HTML, most of the store, is a file per body in Arbor's cache
 * instead, named by a hash of its content, and the entry names that file. A page reads it when it
 * is rendered.
 *
 * Several builds of one content folder may run at once (tests, a dev server and a build), sharing
 * this folder: a file is written whole then renamed, so no reader sees half of one, and one is
 * removed only when no build has used it for a long while (`KEEP_UNUSED_MS`), never because
 * another build's store does not name it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** An HTML file that no store of this process named and no build touched for this long is removed. */
export const KEEP_UNUSED_MS = 12 * 60 * 60 * 1000;

/** The folder of one content store's HTML: `<cacheRoot>/html/<key>`, the key naming the content folder and base. */
export function htmlDir(cacheRoot: string, contentDir: string, base: string): string {
  return join(cacheRoot, 'html', createHash('sha256').update(`${contentDir}\n${base}`).digest('hex').slice(0, 12));
}

/** Stores one body's HTML (the file is named by its content, so it is written once) and returns the file's path. */
export function writeHtml(dir: string, html: string): string {
  const file = join(dir, `${createHash('sha256').update(html).digest('base64url')}.html`);
  if (touchHtml(file)) return file;
  mkdirSync(dir, { recursive: true });
  // Written whole, then renamed: a page or a concurrent build never reads half a file.
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, html);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  return file;
}

/** Marks a stored file as used by this build (so no concurrent cleanup removes it); false when it is gone. */
export function touchHtml(file: string): boolean {
  try {
    const now = new Date();
    utimesSync(file, now, now);
    return true;
  } catch {
    return false;
  }
}

/** The HTML an entry names; `entry` says which entry it is in the error when the file is gone. */
export async function readHtml(file: string, entry: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(
      `Arbor: the rendered HTML of ${entry} is ${code === 'ENOENT' ? 'missing' : `unreadable (${code ?? (err as Error).message})`}: ${file}. ` +
        'Something removed it from Arbor\'s cache; build again (`npm run build`, or restart `npm run dev`) and it is rendered again.',
      { cause: err },
    );
  }
}

/**
 * Removes the files of `dir` that `keep` does not name and that were last used more than
 * `unusedFor` ms ago (left-over temporary files too). Returns how many went; a folder that cannot
 * be read or a file another build removed first only leaves them for the next cleanup.
 */
export function cleanHtml(dir: string, keep: Iterable<string>, unusedFor = KEEP_UNUSED_MS, now = Date.now()): number {
  const kept = new Set([...keep].map((f) => basename(f)));
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (kept.has(name)) continue;
    const file = join(dir, name);
    try {
      if (now - statSync(file).mtimeMs <= unusedFor) continue;
      rmSync(file, { force: true });
      removed++;
    } catch {
      // Gone already.
    }
  }
  return removed;
}
