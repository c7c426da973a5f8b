/** A build with bad content fails, names every bad file and field, and keeps the old dist/. */
import { existsSync, mkdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildFixture, projectRoot } from '../helpers/site.ts';

describe('a build with malformed frontmatter', () => {
  it('fails with file:line and field for every bad file, and leaves the previous dist untouched', () => {
    const dist = join(mkdtempSync(join(tmpdir(), 'arbor-bad-')), 'dist');
    mkdirSync(dist);
    writeFileSync(join(dist, 'index.html'), 'previous site');
    const r = buildFixture(join(projectRoot, 'tests', 'fixtures', 'bad-frontmatter', 'content'), {}, dist);
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('tests/fixtures/bad-frontmatter/content/notes/bad-tags.md:3: field "tags": expected a list');
    expect(r.output).toMatch(/tests\/fixtures\/bad-frontmatter\/content\/notes\/bad-yaml\.md:\d+(:\d+)?: frontmatter is not valid YAML/);
    expect(r.output).toContain('[[Broken]] not found');
    expect(readFileSync(join(dist, 'index.html'), 'utf8')).toBe('previous site');
    expect(existsSync(join(dist, 'topics'))).toBe(false);
  });
});
