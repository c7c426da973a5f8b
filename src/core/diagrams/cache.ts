/**
 * Drawn SVGs on disk, by content hash: `<key>.svg` for a drawing, `<key>.error` for mermaid's
 * message about a source it rejected (it would reject it again). Files are written whole or not at
 * all, so a build stopped mid-write leaves no half drawing for the next one to serve.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MERMAID_CONFIG } from './drawing-page.ts';
import { MERMAID_VERSION, RENDERER_VERSION } from './version.ts';

/** Content hash of a diagram: its source plus everything else that shapes the drawing. */
export function diagramKey(source: string): string {
  return createHash('sha256').update(JSON.stringify([RENDERER_VERSION, MERMAID_VERSION, MERMAID_CONFIG, source])).digest('hex');
}

const SAFE_KEY = /^[A-Za-z0-9_-]{1,128}$/;

/** Whether `key` can name a cache file (diagramKey's keys can). */
export const isSafeKey = (key: string): boolean => SAFE_KEY.test(key);

export type Cached = { svg: string } | { error: string } | undefined;

export class SvgCache {
  readonly dir: string;
  constructor(dir: string) {
    this.dir = dir;
  }

  /** Create the folder. */
  async open(): Promise<this> {
    await mkdir(this.dir, { recursive: true });
    return this;
  }

  /** The drawing, or mermaid's remembered rejection, or undefined if `key` was never drawn. */
  async get(key: string): Promise<Cached> {
    const file = join(this.dir, `${key}.svg`);
    if (existsSync(file)) return { svg: await readFile(file, 'utf8') };
    const errorFile = join(this.dir, `${key}.error`);
    if (existsSync(errorFile)) return { error: await readFile(errorFile, 'utf8') };
    return undefined;
  }

  putSvg(key: string, svg: string): Promise<void> {
    return writeAtomic(join(this.dir, `${key}.svg`), svg);
  }

  putError(key: string, message: string): Promise<void> {
    return writeAtomic(join(this.dir, `${key}.error`), message);
  }
}

async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, text, 'utf8');
  try {
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
