import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/core/content/load.ts';
import { formatProblem, ProblemList } from '../../src/core/problems.ts';
import { tempContent } from '../helpers/temp-content.ts';

function load(files: Record<string, string | Buffer>) {
  const { root, contentDir } = tempContent(files);
  const problems = new ProblemList();
  const content = loadContent(root, contentDir, problems);
  return { content, problems, messages: problems.sorted().map(formatProblem) };
}

describe('content loader', () => {
  it('loads notes, trees and terms with defaults and path slugs', () => {
    const { content, messages } = load({
      'notes/Deep/My Note.md': '---\ntitle: Mine\ntags: [ml]\n---\nBody',
      'trees/map.md': '# Map\n',
      'glossary/vision.md': '---\nterm: Vision\naliases: [VI]\n---\nSees.',
    });
    expect(messages).toEqual([]);
    expect(content.notes[0]).toMatchObject({ slug: 'deep/my-note', file: 'content/notes/Deep/My Note.md', data: { title: 'Mine', tags: ['ml'], aliases: [], autolink: true }, bodyStartLine: 5 });
    expect(content.trees[0]?.slug).toBe('map');
    expect(content.terms[0]?.data).toMatchObject({ term: 'Vision', aliases: ['VI'], kind: 'term' });
  });

  it('reports a wrong field type with the file, the line of the field and what was expected', () => {
    const { messages } = load({ 'notes/bad.md': '---\ntitle: Fine\ntags: 42\n---\nBody' });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^content\/notes\/bad\.md:3: field "tags": expected a list/);
  });

  it('reports unknown fields and bad enum values, naming the allowed ones', () => {
    const { messages } = load({
      'notes/a.md': '---\ntitel: Typo\n---\n',
      'glossary/t.md': '---\nterm: T\nkind: thing\n---\n',
    });
    expect(messages.join('\n')).toMatch(/content\/glossary\/t\.md:3: field "kind": .*concept.*relationship.*term/);
    expect(messages.join('\n')).toMatch(/content\/notes\/a\.md:\d: unknown field "titel" \(allowed fields: title,/);
  });

  it('reports broken YAML with its line, and every bad file of the run at once', () => {
    const { messages } = load({
      'notes/one.md': '---\ntitle: "unclosed\ntags: [a]\n---\n',
      'notes/two.md': '---\ntags: [a\n---\n',
      'notes/three.md': '---\ntitle: x\n',
      'notes/ok.md': 'fine',
    });
    expect(messages.filter((m) => m.startsWith('content/notes/one.md:'))).not.toHaveLength(0);
    expect(messages.some((m) => m.startsWith('content/notes/two.md:'))).toBe(true);
    expect(messages).toContain('content/notes/three.md:1: frontmatter starts with "---" but is never closed (add a line "---" after the last field)');
  });

  it('accepts a BOM and CRLF line endings, and rejects bytes that are not UTF-8 with the line', () => {
    const { content, messages } = load({
      'notes/bom.md': '\uFEFF---\r\ntitle: Bom\r\n---\r\nText\r\n',
      'notes/latin1.md': Buffer.concat([Buffer.from('line one\nline two caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
    });
    expect(content.notes.find((n) => n.slug === 'bom')?.data.title).toBe('Bom');
    expect(content.notes.find((n) => n.slug === 'bom')?.body).toBe('Text\n');
    expect(messages).toEqual(['content/notes/latin1.md:2: file is not valid UTF-8 (save the file as UTF-8 in your editor)']);
  });

  it('treats an empty file as a note with no frontmatter', () => {
    const { content, messages } = load({ 'notes/empty.md': '' });
    expect(messages).toEqual([]);
    expect(content.notes[0]?.slug).toBe('empty');
  });

  it('rejects tags that would not make clean URLs', () => {
    const { messages } = load({ 'notes/t.md': '---\ntags: [Machine Learning]\n---\n' });
    expect(messages[0]).toMatch(/content\/notes\/t\.md:2: field "tags\.0": tags are lower-case/);
  });
});
