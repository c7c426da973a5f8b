/** A mistyped content folder stops the real build, names the folder and keeps the previous dist/. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildFixture } from '../helpers/site.ts';

describe('a build with a mistyped content folder', () => {
  it('exits non-zero, names the folder and leaves the previous dist/ untouched', () => {
    const parent = mkdtempSync(join(tmpdir(), 'arbor-typo-'));
    const dist = join(parent, 'dist');
    mkdirSync(join(dist, 'topics'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), 'previous site');
    writeFileSync(join(dist, 'topics', 'old.html'), 'old note');
    const typo = join(parent, 'contnet');
    const r = buildFixture(typo, {}, dist);
    expect(r.status, r.output).not.toBe(0);
    expect(r.output).toContain(`${typo}: the content folder does not exist (set contentDir in src/site.config.ts (or ARBOR_CONTENT)`);
    expect(r.output).toContain(`Build failed: ${dist} was left as it was.`);
    expect(readFileSync(join(dist, 'index.html'), 'utf8')).toBe('previous site');
    expect(readFileSync(join(dist, 'topics', 'old.html'), 'utf8')).toBe('old note');
    expect(readdirSync(dist, { recursive: true }).sort()).toEqual(['index.html', 'topics', 'topics/old.html']);
    expect(readdirSync(parent)).toEqual(['dist']); // no staging folder left behind
  });
});
