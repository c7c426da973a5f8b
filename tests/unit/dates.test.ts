/** Page dates from git (a real repository in a temp folder), frontmatter fallbacks, reading time, the edit link and its config. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayDate, gitDates, isoDate, lastChanged, parseGitLog, readingMinutes } from '../../src/core/content/dates.ts';
import { loadContent } from '../../src/core/content/load.ts';
import { buildGraph } from '../../src/core/graph/build.ts';
import { editUrl, pageView } from '../../src/core/graph/views.ts';
import { ProblemList } from '../../src/core/problems.ts';
import { resolveSiteConfig } from '../../src/site.config.ts';
import { tempContent } from '../helpers/temp-content.ts';

function repo() {
  const root = mkdtempSync(join(tmpdir(), 'arbor-git-'));
  const content = join(root, 'content');
  mkdirSync(content);
  const git = (args: string[], date?: string) =>
    execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_NAME: 'A', GIT_AUTHOR_EMAIL: 'a@example.org', GIT_COMMITTER_NAME: 'A', GIT_COMMITTER_EMAIL: 'a@example.org', GIT_CONFIG_NOSYSTEM: '1', HOME: root, ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) },
    });
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(content, path)), { recursive: true });
    writeFileSync(join(content, path), text);
  };
  const commit = (date: string) => {
    git(['add', '-A']);
    git(['commit', '-q', '-m', `at ${date}`], date);
  };
  git(['init', '-q']);
  return { root, content, write, commit, git };
}

describe('dates from git', () => {
  it('give each file its last commit’s date, one change moves one file’s date, uncommitted files get none', async () => {
    const r = repo();
    r.write('notes/a.md', '# A\n');
    r.write('notes/sub dir/b é.md', '# B\n');
    r.write('trees/t.md', '# T\n');
    writeFileSync(join(r.root, 'outside.md'), 'not content');
    r.commit('2026-01-05T10:00:00+01:00');
    const first = await gitDates(r.content);
    expect(Object.fromEntries(first)).toEqual({
      'notes/a.md': '2026-01-05T10:00:00+01:00',
      'notes/sub dir/b é.md': '2026-01-05T10:00:00+01:00',
      'trees/t.md': '2026-01-05T10:00:00+01:00',
    });

    r.write('notes/a.md', '# A, changed\n');
    r.commit('2026-12-02T09:30:00+00:00');
    // A change not committed, and a file never committed: the last commit's date, and none.
    r.write('trees/t.md', '# T, edited, not committed\n');
    r.write('notes/new.md', '# New\n');
    const second = await gitDates(r.content);
    expect(second.get('notes/a.md')).toBe('2026-12-02T09:30:00+00:00');
    expect(second.get('notes/sub dir/b é.md')).toBe('2026-01-05T10:00:00+01:00');
    expect(second.get('trees/t.md')).toBe('2026-01-05T10:00:00+01:00');
    expect(second.has('notes/new.md')).toBe(false);
  });

  it('keep a moved file’s date when the move changed nothing, and give a deleted and re-added path its new date', async () => {
    const r = repo();
    r.write('notes/old.md', '# Old\n\nSome text that stays the same.\n');
    r.write('notes/gone.md', '# Gone\n');
    r.commit('2025-03-01T12:00:00Z');
    renameSync(join(r.content, 'notes/old.md'), join(r.content, 'notes/moved.md'));
    r.git(['rm', '-q', 'content/notes/gone.md']);
    r.commit('2025-06-01T12:00:00Z');
    r.write('notes/gone.md', '# Back\n');
    r.commit('2025-09-01T12:00:00Z');
    const dates = await gitDates(r.content);
    expect(dates.get('notes/moved.md')).toBe('2025-03-01T12:00:00Z'.replace('Z', '+00:00'));
    expect(dates.has('notes/old.md')).toBe(false);
    expect(dates.get('notes/gone.md')).toBe('2025-09-01T12:00:00+00:00');
  });

  it('are none for a folder outside any repository', async () => {
    const { contentDir } = tempContent({ 'notes/a.md': '# A\n' });
    expect((await gitDates(contentDir)).size).toBe(0);
  });

  it('read a move that changed the file as a change', () => {
    const log = '\0' + '2025-02-01T00:00:00+00:00\0\nR085\0a.md\0b.md\0' + '\0' + '2025-01-01T00:00:00+00:00\0\nA\0a.md\0';
    expect(Object.fromEntries(parseGitLog(log))).toEqual({ 'b.md': '2025-02-01T00:00:00+00:00' });
  });
});

describe('a page’s date', () => {
  it('is git’s, else frontmatter `updated`, else `date`, only when it reads as a date', () => {
    expect(lastChanged('2026-12-02T09:30:00+00:00', { updated: '2020-01-01', date: '2019-01-01' })).toBe('2026-12-02T09:30:00+00:00');
    expect(lastChanged(undefined, { updated: '2020-01-01', date: '2019-01-01' })).toBe('2020-01-01');
    expect(lastChanged(undefined, { date: '2019-01-01' })).toBe('2019-01-01');
    expect(lastChanged(undefined, { date: 'spring 2019' })).toBeUndefined();
    expect(lastChanged(undefined, {})).toBeUndefined();
    expect(isoDate('2024-13-45')).toBeUndefined();
  });

  it('shows as the calendar day written, whatever the time zone', () => {
    expect(displayDate('2026-12-02T23:30:00-08:00')).toBe('2 Dec 2026');
    expect(displayDate('2024-09-01')).toBe('1 Sep 2024');
  });

  it('reaches the page view with the reading time (words / 220, at least 1) and the frontmatter `updated`', async () => {
    const words = Array.from({ length: 900 }, (_, i) => `word${i}`).join(' ');
    const { root, contentDir } = tempContent({ 'notes/long.md': `---\nupdated: 2024-05-06\n---\n${words}\n`, 'notes/short.md': '# Short\n\nTwo words.\n' });
    const problems = new ProblemList();
    const { graph } = await buildGraph(loadContent(root, contentDir, problems), { base: '/', brokenLinks: 'error' }, problems);
    expect(problems.errors).toEqual([]);
    const long = graph.pages.find((p) => p.slug === 'long')!;
    const src = loadContent(root, contentDir, new ProblemList()).notes.find((s) => s.slug === 'long')!;
    expect(src.data.updated).toBe('2024-05-06');
    const view = pageView(graph, long, [], { updated: lastChanged(undefined, src.data) });
    expect(view.readingMinutes).toBe(4);
    expect(view.updated).toBe('2024-05-06');
    expect(pageView(graph, graph.pages.find((p) => p.slug === 'short')!).readingMinutes).toBe(1);
    expect(readingMinutes(0)).toBe(1);
    expect(readingMinutes(1100)).toBe(5);
  });
});

describe('the edit link', () => {
  it('is the prefix and the file’s path, each segment URL-encoded', () => {
    expect(editUrl('https://github.com/me/notes/edit/main/content/', 'notes/sub dir/b é#1.md')).toBe('https://github.com/me/notes/edit/main/content/notes/sub%20dir/b%20%C3%A9%231.md');
  });

  it('comes from an http(s) `repository` in the site config (ARBOR_REPOSITORY overrides)', () => {
    expect(resolveSiteConfig({}).repository).toBeUndefined();
    expect(resolveSiteConfig({ ARBOR_REPOSITORY: 'https://example.org/edit/main/content/' }).repository).toBe('https://example.org/edit/main/content/');
    expect(() => resolveSiteConfig({ ARBOR_REPOSITORY: 'ftp://example.org/content/' })).toThrow(/field "repository": repository must be an http\(s\) URL/);
    expect(() => resolveSiteConfig({ ARBOR_REPOSITORY: 'not a url' })).toThrow(/field "repository"/);
  });
});
