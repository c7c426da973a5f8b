/**
 * Reading the content folder safely and loudly: symlinks that leave it, a missing or wrong
 * folder, pipes, unreadable files and folders, and files too big to build.
 *
 * Tests run as root in CI containers, where `chmod 000` does not stop reads. `makeUnreadable`
 * checks whether the chmod took effect; when it did not, it makes the mocked `node:fs` below
 * throw the EACCES a real user would get, so the loader's handling is tested either way.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, type Mode, mkdtempSync, type OpenMode, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadContent, MAX_FILE_BYTES } from '../../src/core/content/load.ts';
import { formatProblem, ProblemList } from '../../src/core/problems.ts';
import { tempContent } from '../helpers/temp-content.ts';

const projectRoot = resolve(import.meta.dirname, '..', '..');

const fake = vi.hoisted(() => ({ denied: new Set<string>() }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const deny = (p: unknown) => {
    if (typeof p === 'string' && fake.denied.has(p)) throw Object.assign(new Error(`EACCES: permission denied, open '${p}'`), { code: 'EACCES', errno: -13, path: p });
  };
  // Opening a FIFO for reading without O_NONBLOCK waits for a writer forever: fail instead of hanging the suite.
  const guardFifo = (p: unknown, flags: unknown) => {
    if (typeof p !== 'string' || (typeof flags === 'number' && flags & fs.constants.O_NONBLOCK)) return;
    let fifo = false;
    try {
      fifo = fs.statSync(p).isFIFO();
    } catch {
      // not there or not statable: the real call reports it
    }
    if (fifo) throw new Error(`test guard: ${p} is a FIFO opened for a blocking read, which would hang the build`);
  };
  const mocked = {
    ...fs,
    readdirSync: ((p: string, ...rest: unknown[]) => (deny(p), (fs.readdirSync as (...a: unknown[]) => unknown)(p, ...rest))) as typeof fs.readdirSync,
    openSync: ((p: string, flags: OpenMode = 'r', mode?: Mode) => (deny(p), guardFifo(p, flags), fs.openSync(p, flags, mode))) as typeof fs.openSync,
    readFileSync: ((p: unknown, options?: unknown) => {
      deny(p);
      guardFifo(p, 0);
      return (fs.readFileSync as (...a: unknown[]) => unknown)(p, options);
    }) as typeof fs.readFileSync,
  };
  return { ...mocked, default: mocked };
});

const restore: string[] = [];
afterEach(() => {
  for (const p of restore.splice(0)) chmodSync(p, 0o755);
  fake.denied.clear();
});

/** chmod 000; where that does not stop reads (root), the mocked fs denies them instead. */
function makeUnreadable(path: string): void {
  chmodSync(path, 0);
  restore.push(path);
  try {
    if (statSync(path).isDirectory()) readdirSync(path);
    else readFileSync(path);
    fake.denied.add(path); // still readable: running as root
  } catch {
    // chmod worked: the real EACCES is tested
  }
}

function load(root: string, contentDir: string) {
  const problems = new ProblemList();
  const content = loadContent(root, contentDir, problems);
  const errors = problems.sorted().filter((p) => p.severity === 'error');
  return { content, problems, errors, messages: problems.sorted().map(formatProblem), notes: content.notes.map((n) => n.relPath) };
}

/** A folder outside every content folder, with one note in it. */
function outsideFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'arbor-outside-'));
  writeFileSync(join(dir, 'secret.md'), '# Secret\n');
  return dir;
}

describe('symlinks', () => {
  it('a note linking outside the content folder is refused with an error naming it', () => {
    const { root, contentDir } = tempContent({ 'notes/ok.md': '# Ok\n' });
    symlinkSync('/etc/passwd', join(contentDir, 'notes', 'passwd.md'));
    const { errors, notes } = load(root, contentDir);
    expect(notes).toEqual(['ok.md']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'content/notes/passwd.md' });
    expect(errors[0]!.message).toMatch(/links outside the content folder/);
    expect(errors[0]!.hint).toMatch(/copy .* into the content folder/);
  });

  it('a folder linking outside the content folder is refused the same way, collection folders included', () => {
    const { root, contentDir } = tempContent({ 'notes/ok.md': '# Ok\n' });
    symlinkSync(outsideFolder(), join(contentDir, 'notes', 'external'));
    symlinkSync(outsideFolder(), join(contentDir, 'glossary'));
    const { content, errors } = load(root, contentDir);
    expect(content.notes.map((n) => n.relPath)).toEqual(['ok.md']);
    expect(content.terms).toEqual([]);
    expect(errors.map((p) => [p.file, /links outside the content folder/.test(p.message)])).toEqual([
      ['content/glossary', true],
      ['content/notes/external', true],
    ]);
  });

  it('symlinks that stay inside the content folder keep working; a link loop is reported, not followed', () => {
    const { root, contentDir } = tempContent({
      'notes/ok.md': '# Ok\n',
      'shared/real.md': '# Real\n',
      'library/deep/book.md': '# Book\n',
    });
    symlinkSync('../shared/real.md', join(contentDir, 'notes', 'alias.md'));
    symlinkSync(join(contentDir, 'library'), join(contentDir, 'notes', 'lib'));
    symlinkSync('.', join(contentDir, 'notes', 'loop'));
    const { notes, errors } = load(root, contentDir);
    expect(notes).toEqual(['alias.md', 'lib/deep/book.md', 'ok.md']);
    expect(errors.map((p) => p.file)).toEqual(['content/notes/loop']);
  });

  it('the content folder itself may be a symlink', () => {
    const { root, contentDir } = tempContent({ 'notes/a.md': '# A\n' });
    const link = join(root, 'linked-content');
    symlinkSync(contentDir, link);
    symlinkSync(join(contentDir, 'notes', 'a.md'), join(contentDir, 'notes', 'b.md')); // absolute, through the real path
    const { notes, messages } = load(root, link);
    expect(messages).toEqual([]);
    expect(notes).toEqual(['a.md', 'b.md']);
  });
});

describe('the content folder', () => {
  it('a missing folder is an error naming it, relative to the project or as given', () => {
    const { root } = tempContent({ 'notes/a.md': '# A\n' });
    const inside = load(root, join(root, 'contnet'));
    expect(inside.messages).toHaveLength(1);
    expect(inside.errors[0]).toMatchObject({ file: 'contnet', message: 'the content folder does not exist' });
    expect(inside.errors[0]!.hint).toMatch(/ARBOR_CONTENT/);
    const typo = join(tmpdir(), 'arbor-no-such-folder', 'typo');
    expect(load(root, typo).messages).toEqual([expect.stringMatching(new RegExp(`^${typo}: the content folder does not exist`))]);
  });

  it('a folder with none of notes/, trees/, glossary/ is an error saying which folders are expected', () => {
    const { root, contentDir } = tempContent({ 'README.md': '# Readme\n', 'docs/a.md': '# A\n' });
    const { messages } = load(root, contentDir);
    expect(messages).toEqual([expect.stringMatching(/^content: has none of the folders notes\/, trees\/, glossary\/.*\(set contentDir in src\/site\.config\.ts \(or ARBOR_CONTENT\)/)]);
    const file = join(root, 'content-file');
    writeFileSync(file, 'x');
    expect(load(root, file).messages).toEqual([expect.stringMatching(/^content-file: the content folder is a file, not a folder/)]);
  });

  it('collection folders without Markdown files: a warning, and the build may go on', () => {
    const { root, contentDir } = tempContent({ 'notes/readme.txt': 'not markdown', 'glossary/.keep': '' });
    const { problems } = load(root, contentDir);
    expect(problems.errors).toEqual([]);
    expect(problems.warnings.map(formatProblem)).toEqual([expect.stringMatching(/^content: warning: has no Markdown files in notes\/, trees\/, glossary\//)]);
  });

  it('an unreadable subfolder is an error naming it; the rest still loads', () => {
    const { root, contentDir } = tempContent({ 'notes/ok.md': '# Ok\n', 'notes/private/hidden.md': '# Hidden\n' });
    makeUnreadable(join(contentDir, 'notes', 'private'));
    const { notes, messages } = load(root, contentDir);
    expect(notes).toEqual(['ok.md']);
    expect(messages).toEqual([expect.stringMatching(/^content\/notes\/private: folder cannot be read: permission denied \(make it readable/)]);
  });

  it('keeps the listing rules: .md/.markdown only, no names starting with . or _, sorted posix paths', () => {
    const { root, contentDir } = tempContent({
      'notes/b.md': '# B\n',
      'notes/a.markdown': '# A\n',
      'notes/Sub/c.MD': '# C\n',
      'notes/.hidden.md': '# H\n',
      'notes/_draft.md': '# D\n',
      'notes/_private/x.md': '# X\n',
      'notes/.obsidian/y.md': '# Y\n',
      'notes/readme.txt': 'text',
    });
    const { notes, messages } = load(root, contentDir);
    expect(messages).toEqual([]);
    expect(notes).toEqual(['Sub/c.MD', 'a.markdown', 'b.md']);
  });
});

describe('files that are not plain readable notes', () => {
  const mkfifo = (path: string) => execFileSync('mkfifo', [path]);

  it('a FIFO named notes/x.md is never opened: "not a regular file" with its path', () => {
    const { root, contentDir } = tempContent({ 'notes/ok.md': '# Ok\n' });
    mkfifo(join(contentDir, 'notes', 'x.md'));
    const { notes, messages } = load(root, contentDir);
    expect(notes).toEqual(['ok.md']);
    expect(messages).toEqual([expect.stringMatching(/^content\/notes\/x\.md: is not a regular file but a named pipe \(FIFO\)/)]);
  });

  it('a FIFO does not hang a real loader process (no mocks)', () => {
    const { root, contentDir } = tempContent({ 'notes/ok.md': '# Ok\n' });
    mkfifo(join(contentDir, 'notes', 'x.md'));
    const script = `const { loadContent } = await import(${JSON.stringify(join(projectRoot, 'src/core/content/load.ts'))});
const { ProblemList, formatProblem } = await import(${JSON.stringify(join(projectRoot, 'src/core/problems.ts'))});
const problems = new ProblemList();
const c = loadContent(${JSON.stringify(root)}, ${JSON.stringify(contentDir)}, problems);
console.log(JSON.stringify({ notes: c.notes.map((n) => n.relPath), messages: problems.sorted().map(formatProblem) }));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: projectRoot, encoding: 'utf8', timeout: 20_000 });
    expect(r.error?.message, 'the loader hung on the FIFO').toBeUndefined();
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { notes: string[]; messages: string[] };
    expect(out.notes).toEqual(['ok.md']);
    expect(out.messages).toEqual([expect.stringMatching(/^content\/notes\/x\.md: is not a regular file/)]);
  });

  it('every problem of the folder in one report: FIFO, dangling link, unreadable file, bad YAML; a folder named x.md is listed', () => {
    const { root, contentDir } = tempContent({
      'notes/ok.md': '# Ok\n',
      'notes/secret.md': '# Secret\n',
      'notes/bad-yaml.md': '---\ntitle: [unclosed\n---\n',
      'notes/folder.md/inside.md': '# Inside\n',
    });
    const notesDir = join(contentDir, 'notes');
    mkfifo(join(notesDir, 'pipe.md'));
    symlinkSync('does-not-exist.md', join(notesDir, 'gone.md'));
    symlinkSync('missing-image.png', join(notesDir, 'image.png'));
    makeUnreadable(join(notesDir, 'secret.md'));
    const { notes, problems, errors } = load(root, contentDir);
    expect(notes).toEqual(['folder.md/inside.md', 'ok.md']);
    const lines = errors.map(formatProblem);
    expect(lines).toEqual([
      expect.stringMatching(/^content\/notes\/bad-yaml\.md:2:\d+: frontmatter is not valid YAML/),
      'content/notes/gone.md: is a broken symlink: its target does-not-exist.md does not exist (fix the link or delete it)',
      expect.stringMatching(/^content\/notes\/pipe\.md: is not a regular file but a named pipe \(FIFO\), so it is not read \(/),
      expect.stringMatching(/^content\/notes\/secret\.md: cannot be read: permission denied \(make it readable/),
    ]);
    // A broken link Arbor would not read anyway is a warning only.
    expect(problems.warnings.map(formatProblem)).toEqual([expect.stringMatching(/^content\/notes\/image\.png: warning: is a broken symlink/)]);
    for (const line of lines) expect(line).not.toMatch(/\n|\s+at /);
  });
});

describe('size limit', () => {
  it(`a file over ${MAX_FILE_BYTES} bytes is refused with its size, the limit and a hint to split it; one at the limit loads`, () => {
    const atLimit = `# At the limit\n${'a'.repeat(MAX_FILE_BYTES - 16)}\n`;
    expect(Buffer.byteLength(atLimit)).toBe(MAX_FILE_BYTES);
    const { root, contentDir } = tempContent({ 'notes/at-limit.md': atLimit, 'trees/over.md': `${atLimit}x` });
    const { content, errors } = load(root, contentDir);
    expect(content.notes.map((n) => n.relPath)).toEqual(['at-limit.md']);
    expect(content.trees).toEqual([]);
    expect(errors).toHaveLength(1);
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1).replace('.', '\\.');
    expect(errors[0]).toMatchObject({ file: 'content/trees/over.md', hint: expect.stringMatching(/split it into several notes/) });
    expect(errors[0]!.message).toMatch(new RegExp(`is ${mb(MAX_FILE_BYTES + 1)} MB, more than the limit of ${mb(MAX_FILE_BYTES)} MB`));
  });

  it('the 20 MB note of the bug report is refused', () => {
    const { root, contentDir } = tempContent({ 'notes/ok.md': '# Ok\n' });
    const line = 'See [[Ok]] and $x^2$, then [[Ok|again]] and $$\\sum_k k$$.\n';
    writeFileSync(join(contentDir, 'notes', 'huge.md'), line.repeat(Math.ceil((20 * 1024 * 1024) / line.length)).slice(0, 20 * 1024 * 1024));
    const { errors } = load(root, contentDir);
    expect(errors.map(formatProblem)).toEqual([expect.stringMatching(/^content\/notes\/huge\.md: is 20\.0 MB, more than the limit/)]);
  });
});
