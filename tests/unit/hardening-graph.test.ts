/**
 * Hardening of the knowledge graph: content text that names Object.prototype keys, nesting deeper
 * than the renderer can follow, a note and a term with one name, links in headings and in glossary
 * definitions, and tags that differ only in slashes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { loadContent } from '../../src/core/content/load.ts';
import { buildGraph } from '../../src/core/graph/build.ts';
import { backlinks, mentionsOf } from '../../src/core/graph/query.ts';
import { pageView, tagIndex } from '../../src/core/graph/views.ts';
import type { KnowledgeGraph } from '../../src/core/graph/types.ts';
import { MAX_NESTING, parseMarkdown } from '../../src/core/syntax/parse.ts';
import { renderSource } from '../../src/render/content.ts';
import { formatProblem, ProblemList } from '../../src/core/problems.ts';
import { tempContent } from '../helpers/temp-content.ts';

const BASE = '/kb/';

async function graphOf(files: Record<string, string>) {
  const { root, contentDir } = tempContent(files);
  const problems = new ProblemList();
  const content = loadContent(root, contentDir, problems);
  const built = await buildGraph(content, { base: BASE, brokenLinks: 'error' }, problems);
  const errors = problems.sorted().filter((p) => p.severity === 'error');
  return { root, content, ...built, errors, messages: errors.map(formatProblem) };
}

/** Renders a note through Astro's processor with Arbor's plugins, as the site build does. */
async function render(built: Awaited<ReturnType<typeof graphOf>>, file: string): Promise<string> {
  const src = [...built.content.notes, ...built.content.terms].find((n) => n.file === file)!;
  return renderSource(built, src);
}

/** The graph after a round trip through JSON, as data that leaves the process (a worker, a content store) comes back. */
function asModule(graph: KnowledgeGraph): KnowledgeGraph {
  return JSON.parse(JSON.stringify(graph)) as KnowledgeGraph;
}

/** The tag index the tag pages are built from: each tag with its pages, from the pages' views. */
const tagsOf = (graph: KnowledgeGraph) => tagIndex(graph.pages.map((p) => pageView(graph, p)));
const tagCounts = (graph: KnowledgeGraph) => tagsOf(graph).map((t) => ({ tag: t.tag, count: t.pages.length }));
const pagesTagged = (graph: KnowledgeGraph, tag: string) => tagsOf(graph).find((t) => t.tag === tag)?.pages ?? [];

const PROTO_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];

describe('names of Object.prototype keys', () => {
  it('terms named constructor, __proto__, toString, hasOwnProperty: mentions, links and backlinks', async () => {
    // (File names starting with `_` are skipped by the loader, so the files are numbered.)
    const terms = Object.fromEntries(PROTO_NAMES.map((name, i) => [`glossary/term-${i}.md`, `---\nterm: ${name}\n---\nA definition.\n`]));
    const prose = PROTO_NAMES.map((n) => n.replaceAll('_', '\\_')).join(', '); // `__proto__` unescaped is bold "proto"
    const built = await graphOf({
      ...terms,
      'notes/a.md': `# A\n\nProse naming ${prose}.\n\nLinks: ${PROTO_NAMES.map((n) => `[[${n}]]`).join(' ')}.\n`,
      'notes/b.md': '# B\n\nNothing here.\n',
    });
    expect(built.messages).toEqual([]);
    for (const graph of [built.graph, asModule(built.graph)]) {
      expect(graph.terms.map((t) => t.term).sort()).toEqual([...PROTO_NAMES].sort());
      for (const term of graph.terms) {
        expect(mentionsOf(graph, term).map((p) => p.slug), term.term).toEqual(['a']);
        expect(backlinks(graph, { kind: 'term', slug: term.slug }).map((b) => b.slug), term.term).toEqual(['a']);
      }
      // A name that is in no graph at all finds nothing, not Object.prototype's member.
      expect(mentionsOf(graph, { ...graph.terms[0]!, slug: 'valueOf' })).toEqual([]);
    }
  });

  it('tags constructor, tostring, hasownproperty and nested x/__proto__: one tag page each', async () => {
    const tags = ['constructor', 'tostring', 'hasownproperty', 'x/__proto__', 'x/constructor'];
    const built = await graphOf({
      'notes/a.md': `---\ntags: [${tags.join(', ')}]\n---\n# A\n`,
      'notes/b.md': '---\ntags: [constructor]\n---\n# B\n',
    });
    expect(built.messages).toEqual([]);
    for (const graph of [built.graph, asModule(built.graph)]) {
      expect(tagCounts(graph)).toEqual([{ tag: 'constructor', count: 2 }, ...tags.slice(1).sort().map((tag) => ({ tag, count: 1 }))]);
      expect(pagesTagged(graph, 'constructor').map((p) => p.slug)).toEqual(['a', 'b']);
      expect(pagesTagged(graph, 'x/__proto__').map((p) => p.slug)).toEqual(['a']);
      for (const missing of ['__proto__', 'toString', 'hasOwnProperty', 'valueOf']) expect(pagesTagged(graph, missing), missing).toEqual([]);
    }
  });

  it('tags __proto__, toString, hasOwnProperty (not tag syntax): a content error with file:line, not a TypeError', async () => {
    const built = await graphOf({ 'notes/a.md': '---\ntitle: A\ntags:\n  - __proto__\n  - toString\n  - hasOwnProperty\n---\n# A\n' });
    expect(built.messages).toEqual([4, 5, 6].map((line) => expect.stringMatching(new RegExp(`^content/notes/a\\.md:${line}: field "tags\\.${line - 4}": tags are lower-case words`))));
  });
});

describe('nesting deeper than the renderer can follow', () => {
  const FRONT = '---\ntitle: Deep\n---\n# Deep\n\nIntro.\n\n'; // the nesting starts on line 8
  const shapes: Record<string, (depth: number) => string> = {
    'block quotes': (d) => `${'>'.repeat(d)} innermost\n`,
    'an ordered list': (d) => `${'1. '.repeat(d)}innermost\n`,
    'a bullet list': (d) => `${'+ '.repeat(d)}innermost\n`,
    'quotes in lists': (d) => `${'> 1. '.repeat(d / 2)}innermost\n`,
    'strong emphasis': (d) => `${'**'.repeat(d)}innermost${'**'.repeat(d)}\n`,
    'an indented list': (d) => Array.from({ length: d }, (_, i) => `${'  '.repeat(i)}- ${i === d - 1 ? 'innermost' : `level ${i + 1}`}`).join('\n'),
  };

  it('2,000 nested block quotes: a content error naming the file, the line and the limit', async () => {
    const built = await graphOf({ 'notes/deep.md': FRONT + shapes['block quotes']!(2000), 'notes/other.md': '# Other\n\n[[Nowhere]]\n' });
    expect(built.messages).toEqual([
      `content/notes/deep.md:8: nested 2,000 levels deep; Arbor allows at most ${MAX_NESTING} (flatten the nested quotes or lists, e.g. into headings or separate notes)`,
      'content/notes/other.md:3: [[Nowhere]] not found (create the note or fix the name)',
    ]);
    // The page is still there (links to it resolve), with nothing of its body.
    expect(built.graph.pages.find((p) => p.slug === 'deep')).toMatchObject({ title: 'Deep', headings: [], words: 0 });
  });

  it.each([['an ordered list'], ['a bullet list']])('a 10,000-deep list (%s): the same error, in about a second', async (shape) => {
    const started = performance.now();
    const built = await graphOf({ 'notes/deep.md': FRONT + shapes[shape]!(10_000) });
    expect(built.messages).toEqual([expect.stringMatching(new RegExp(`^content/notes/deep\\.md:8: nested 10,000 levels deep; Arbor allows at most ${MAX_NESTING} `))]);
    // Building the tree first costs over a minute for this (quadratic in the depth of lists).
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it('a glossary definition nested too deep: the error names the term file and line', async () => {
    const built = await graphOf({ 'glossary/deep.md': `---\nterm: Deep\n---\nFirst line.\n\n${'>'.repeat(MAX_NESTING + 1)} x\n` });
    expect(built.messages).toEqual([expect.stringMatching(new RegExp(`^content/glossary/deep\\.md:6: nested ${MAX_NESTING + 1} levels deep`))]);
  });

  // Measured once (Node 24, default stack; see MAX_NESTING): hast→HTML overflows first, at about 1,030
  // nested list items. This checks MAX_NESTING itself goes through every stage, in vitest's stack.
  it.each(Object.keys(shapes))(`%s, ${MAX_NESTING} deep: accepted, and safe in every later stage; one more is refused`, async (shape) => {
    const ok = await graphOf({ 'notes/deep.md': FRONT + shapes[shape]!(MAX_NESTING) });
    expect(ok.messages).toEqual([]);
    const tree = parseMarkdown(ok.content.notes[0]!.body);
    expect(toString(tree)).toContain('innermost');
    const html = await render(ok, 'content/notes/deep.md');
    expect(html).toContain('innermost');
    let elements = 0;
    visit(fromHtml(html, { fragment: true }), 'element', () => void elements++); // the link checker's parse
    expect(elements).toBeGreaterThanOrEqual(MAX_NESTING / 2);

    const over = shape === 'an indented list' ? shapes[shape]!(MAX_NESTING + 1) : shapes[shape]!(MAX_NESTING + 2);
    const refused = await graphOf({ 'notes/deep.md': FRONT + over });
    expect(refused.messages).toEqual([expect.stringMatching(new RegExp(`^content/notes/deep\\.md:\\d+: nested ${MAX_NESTING + (shape === 'an indented list' ? 1 : 2)} levels deep; Arbor allows at most ${MAX_NESTING} `))]);
  });
});

describe('a note and a glossary term with one name', () => {
  const files = {
    'notes/sparse-attention.md': '# Sparse attention\n\nAttends to a few positions.\n',
    'glossary/sparse-attention.md': '---\nterm: Sparse attention\naliases: [SA]\n---\nAttention over a subset of positions.\n',
    'notes/uses.md': [
      '# Uses',
      '',
      'By file name [[sparse-attention]], by title [[Sparse attention]], in lower case [[sparse attention]], by the term alias [[SA]].',
      '',
      '```mermaid',
      'flowchart LR',
      '  SA --> X[Sparse attention] --> Y[Other name]',
      '  click Y "Sparse attention"',
      '```',
    ].join('\n'),
  };

  it('[[name]] is the note (file name first, notes before terms); no "ambiguous" error', async () => {
    const built = await graphOf(files);
    expect(built.messages).toEqual([]);
    const links = built.graph.links.filter((l) => l.from.slug === 'uses' && l.via === 'wikilink');
    expect(links.map((l) => [l.text, l.to.kind, l.to.href])).toEqual([
      ['sparse-attention', 'note', '/kb/topics/sparse-attention/'],
      ['Sparse attention', 'note', '/kb/topics/sparse-attention/'],
      ['sparse attention', 'note', '/kb/topics/sparse-attention/'],
      ['SA', 'term', '/kb/glossary/#sparse-attention'],
    ]);
    // The rendered page agrees (the render plugin uses the same resolver).
    const html = await render(built, 'content/notes/uses.md');
    expect(html).toContain('<a href="/kb/topics/sparse-attention/" class="internal-link" data-kind="note">sparse-attention</a>');
    expect(html).toContain('<a href="/kb/topics/sparse-attention/" class="internal-link" data-kind="note">Sparse attention</a>');
  });

  it('diagram nodes keep their own order: click line, id, label, a glossary term first', async () => {
    const built = await graphOf(files);
    const d = built.graph.diagrams.find((x) => x.page.slug === 'uses')!;
    expect(d.nodes.map((n) => [n.id, n.target?.kind, n.target?.slug])).toEqual([
      ['SA', 'term', 'sparse-attention'],
      ['X', 'term', 'sparse-attention'],
      ['Y', 'term', 'sparse-attention'], // a click line names the target; a term first there too
    ]);
  });

  it('a whole path beats a file name in a folder; a file name beats a title', async () => {
    const built = await graphOf({
      'notes/x.md': '# Top-level x\n',
      'notes/deep/x.md': '# Nested x\n',
      'notes/titled.md': '# lora\n',
      'glossary/lora.md': '---\nterm: LoRA\n---\nLow-rank adaptation.\n',
      'notes/a.md': '# A\n\n[[x]] [[deep/x]] [[lora]] [[titled]]\n',
    });
    expect(built.messages).toEqual([]);
    expect(built.graph.links.filter((l) => l.from.slug === 'a').map((l) => `${l.to.kind}:${l.to.slug}`)).toEqual(['note:x', 'note:deep/x', 'term:lora', 'note:titled']);
  });

  it('"ambiguous" only for a real tie within one rank', async () => {
    const built = await graphOf({
      'notes/one.md': '# Same title\n',
      'notes/two.md': '# Same title\n',
      'notes/both.md': '# Both\n',
      'trees/both.md': '# Both tree\n',
      'notes/a.md': '# A\n\n[[Same title]]\n\n[[both]]\n',
    });
    expect(built.messages).toEqual([
      'content/notes/a.md:3: [[Same title]] is ambiguous: it matches note "Same title" (/kb/topics/one/), note "Same title" (/kb/topics/two/) (link by the file name (slug) instead, or remove the duplicate title/alias)',
      'content/notes/a.md:5: [[both]] is ambiguous: it matches note "Both" (/kb/topics/both/), tree "Both tree" (/kb/trees/both/) (link by the file name (slug) instead, or remove the duplicate title/alias)',
    ]);
  });
});

describe('links in headings and in glossary definitions', () => {
  const files = {
    'notes/a.md': '---\ntitle: A\n---\n## About [[B]]\n\n## Broken [[Nowhere In A Heading]]\n\nText.\n',
    'notes/b.md': '# B\n',
    'glossary/t.md': '---\nterm: T\n---\nSee [[B]], the term [[U]], itself [[T]], and [[Nowhere In A Term]].\n\nAlso [[#Some heading]].\n',
    'glossary/u.md': '---\nterm: U\n---\nA second term.\n',
  };

  it('broken ones are reported with file:line', async () => {
    const built = await graphOf(files);
    expect(built.messages).toEqual([
      'content/glossary/t.md:4: [[Nowhere In A Term]] not found (create the note or fix the name)',
      'content/glossary/t.md:6: [[#Some heading]]: "T" has no heading "Some heading" (a glossary entry has no headings to link to: link [[T]] itself)',
      'content/notes/a.md:6: [[Nowhere In A Heading]] not found (create the note or fix the name)',
    ]);
  });

  it('valid ones make backlinks: from the heading, and from the term as "Glossary › T"', async () => {
    const built = await graphOf(files);
    const toB = backlinks(built.graph, { kind: 'note', slug: 'b' });
    expect(toB.map((b) => ({ kind: b.kind, title: b.title, href: b.href, contexts: b.contexts }))).toEqual([
      { kind: 'note', title: 'A', href: '/kb/topics/a/', contexts: ['About B'] },
      { kind: 'term', title: 'Glossary › T', href: '/kb/glossary/#t', contexts: ['See B, the term U, itself T, and Nowhere In A Term.'] },
    ]);
    expect(built.graph.links.find((l) => l.from.kind === 'note' && l.to.slug === 'b')).toMatchObject({ file: 'content/notes/a.md', line: 4 });
    expect(built.graph.links.find((l) => l.from.kind === 'term' && l.to.slug === 'b')).toMatchObject({ from: { kind: 'term', slug: 't' }, file: 'content/glossary/t.md', line: 4 });
    // Term to term, as the glossary page shows it; a term's link to itself is no backlink.
    expect(backlinks(built.graph, { kind: 'term', slug: 'u' }).map((b) => b.title)).toEqual(['Glossary › T']);
    expect(backlinks(built.graph, { kind: 'term', slug: 't' })).toEqual([]);
    // The graph pages get (a JavaScript literal) gives the same.
    expect(backlinks(asModule(built.graph), { kind: 'note', slug: 'b' }).map((b) => b.title)).toEqual(['A', 'Glossary › T']);
  });

  it('the committed bad-input fixtures for these cases are reported with file:line', async () => {
    const dir = join(import.meta.dirname, '..', 'fixtures', 'bad', 'errors', 'content');
    const read = (p: string) => readFileSync(join(dir, p), 'utf8');
    const built = await graphOf({
      'notes/wikilink-in-heading.md': read('notes/wikilink-in-heading.md'),
      'glossary/broken-link-in-definition.md': read('glossary/broken-link-in-definition.md'),
      'notes/nested-too-deep.md': read('notes/nested-too-deep.md'),
    });
    expect(built.messages).toEqual([
      'content/glossary/broken-link-in-definition.md:4: [[No Term Or Note Like This]] not found (create the note or fix the name)',
      `content/notes/nested-too-deep.md:8: nested 2,000 levels deep; Arbor allows at most ${MAX_NESTING} (flatten the nested quotes or lists, e.g. into headings or separate notes)`,
      'content/notes/wikilink-in-heading.md:3: [[No Note By This Name]] not found (create the note or fix the name)',
    ]);
  });
});

describe('tags that differ only in slashes', () => {
  it('a/b, a//b, /a/b/ are one tag, a and a/ another: one tag page each, listing every page once', async () => {
    const built = await graphOf({
      'notes/one.md': '---\ntags: [a/b, a]\n---\n# One\n',
      'notes/two.md': '---\ntags: [a//b, a/]\n---\n# Two\n',
      'notes/three.md': '---\ntags: [/a/b/, a///b]\n---\n# Three\n',
      'glossary/t.md': '---\nterm: T\ntags: [a//b]\n---\nT.\n',
    });
    expect(built.messages).toEqual([]);
    expect(built.graph.pages.map((p) => [p.slug, p.tags])).toEqual([
      ['one', ['a/b', 'a']],
      ['three', ['a/b']],
      ['two', ['a/b', 'a']],
    ]);
    expect(built.graph.terms[0]!.tags).toEqual(['a/b']);
    expect(tagCounts(built.graph)).toEqual([
      { tag: 'a/b', count: 3 },
      { tag: 'a', count: 2 },
    ]);
    expect(pagesTagged(built.graph, 'a/b').map((p) => p.slug)).toEqual(['one', 'three', 'two']);
  });

  it('the two Unicode forms of one word are one tag', async () => {
    const built = await graphOf({ 'notes/one.md': '---\ntags: [caf\u00e9]\n---\n# One\n', 'notes/two.md': '---\ntags: [cafe\u0301]\n---\n# Two\n' });
    expect(tagCounts(built.graph)).toEqual([{ tag: 'caf\u00e9', count: 2 }]);
  });

  it('a tag of slashes only is an error at its line', async () => {
    const built = await graphOf({ 'notes/one.md': '---\ntitle: One\ntags:\n  - ok\n  - /\n  - "//"\n---\n# One\n' });
    expect(built.messages).toEqual([5, 6].map((line) => `content/notes/one.md:${line}: field "tags.${line - 4}": a tag needs at least one word, e.g. "machine-learning" (allowed fields: title, tags, aliases, summary, description, authors, date, url, autolink)`));
  });
});
