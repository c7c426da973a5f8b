import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanHtml, htmlDir, KEEP_UNUSED_MS, readHtml, touchHtml, writeHtml } from '../../src/astro/html-store.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'arbor-html-store-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const ago = (file: string, ms: number) => {
  const t = new Date(Date.now() - ms);
  utimesSync(file, t, t);
};

describe('htmlDir', () => {
  it('gives each content folder and base a folder of its own under <cache>/html', () => {
    const a = htmlDir(root, '/k/content', '/');
    expect(dirname(a)).toBe(join(root, 'html'));
    expect(htmlDir(root, '/k/content', '/')).toBe(a);
    expect(htmlDir(root, '/k/content', '/kb/')).not.toBe(a);
    expect(htmlDir(root, '/other/content', '/')).not.toBe(a);
  });
});

describe('writeHtml and readHtml', () => {
  it('writes a file named by the content and reads it back', async () => {
    const dir = join(root, 'html', 'x');
    const html = '<p>Ünïcode &amp; <code>x</code></p>';
    const file = writeHtml(dir, html);
    expect(dirname(file)).toBe(dir);
    expect(file.endsWith('.html')).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(html);
    expect(await readHtml(file, 'note a')).toBe(html);
    // No temporary file is left behind.
    expect(readdirSync(dir)).toEqual([file.slice(dir.length + 1)]);
  });

  it('gives the same HTML the same file and different HTML another', () => {
    const dir = join(root, 'd');
    const a = writeHtml(dir, '<p>a</p>');
    expect(writeHtml(dir, '<p>a</p>')).toBe(a);
    const b = writeHtml(dir, '<p>b</p>');
    expect(b).not.toBe(a);
    expect(readFileSync(b, 'utf8')).toBe('<p>b</p>');
    expect(readdirSync(dir).sort()).toEqual([a, b].map((f) => f.slice(dir.length + 1)).sort());
  });

  it('marks a file it finds already written as used', () => {
    const dir = join(root, 'd');
    const a = writeHtml(dir, '<p>a</p>');
    ago(a, 2 * KEEP_UNUSED_MS);
    writeHtml(dir, '<p>a</p>');
    expect(Date.now() - statSync(a).mtimeMs).toBeLessThan(60_000);
  });

  it('names the entry and says to build again when the file is gone', async () => {
    const file = writeHtml(join(root, 'd'), '<p>gone</p>');
    rmSync(file);
    const err = await readHtml(file, 'note notes/a.md').catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain('note notes/a.md');
    expect((err as Error).message).toContain('missing');
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).toMatch(/build again/);
  });
});

describe('touchHtml', () => {
  it('refreshes a file and reports a missing one', () => {
    const file = writeHtml(join(root, 'd'), '<p>t</p>');
    ago(file, 2 * KEEP_UNUSED_MS);
    expect(touchHtml(file)).toBe(true);
    expect(Date.now() - statSync(file).mtimeMs).toBeLessThan(60_000);
    rmSync(file);
    expect(touchHtml(file)).toBe(false);
    expect(existsSync(file)).toBe(false);
  });
});

describe('cleanHtml', () => {
  it('removes files no store names once they are unused for long, keeping named and recent ones', () => {
    const dir = join(root, 'd');
    const named = writeHtml(dir, '<p>named</p>');
    const stale = writeHtml(dir, '<p>stale</p>');
    const recent = writeHtml(dir, '<p>recent, another build may use it</p>');
    const tmp = join(dir, 'x.html.123.abcd.tmp');
    writeFileSync(tmp, 'half');
    for (const f of [named, stale, tmp]) ago(f, KEEP_UNUSED_MS + 60_000);
    expect(cleanHtml(dir, [named])).toBe(2);
    expect(existsSync(named)).toBe(true);
    expect(existsSync(recent)).toBe(true);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(tmp)).toBe(false);
  });

  it('honours a shorter grace period', () => {
    const dir = join(root, 'd');
    const a = writeHtml(dir, '<p>a</p>');
    ago(a, 5_000);
    expect(cleanHtml(dir, [], 10_000)).toBe(0);
    expect(cleanHtml(dir, [], 1_000)).toBe(1);
    expect(existsSync(a)).toBe(false);
  });

  it('does nothing for a folder that is not there', () => {
    expect(cleanHtml(join(root, 'none'), [])).toBe(0);
    mkdirSync(join(root, 'empty'));
    expect(cleanHtml(join(root, 'empty'), [])).toBe(0);
  });
});
