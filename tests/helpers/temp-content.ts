import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Writes `{ 'notes/a.md': '...' }` under a fresh temp root's `content/`; returns the root. */
export function tempContent(files: Record<string, string | Buffer>): { root: string; contentDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'arbor-test-'));
  const contentDir = join(root, 'content');
  for (const [path, text] of Object.entries(files)) {
    const file = join(contentDir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return { root, contentDir };
}
