/**
 * The bad-input suite, at the content/graph level (no browser, fast). The fixtures live under
 * `tests/fixtures/bad/`, one file per case:
 *
 * - `errors/content/`: every file there must stop the build with `file:line: message`. All of
 *   them are loaded together, as one build would, so this also checks that one bad file does not
 *   hide another. (`notes/latin1-bytes.md` holds real Latin-1 bytes, written once with
 *   `printf 'Caf\xe9 …' > latin1-bytes.md`; `.gitattributes` keeps git from touching it.)
 * - `safe/content/`: every file there must load without errors and keep the hostile text as text;
 *   `tests/e2e/bad-input.test.ts` builds it and checks in Chromium that nothing executes.
 * - Generated at test time (not committed): a 5 MB note and 20,000-node diagrams.
 *
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent, type LoadedContent } from '../../src/core/content/load.ts';
import { buildGraph, type BuiltGraph } from '../../src/core/graph/build.ts';
import { formatProblem, ProblemList, type Problem } from '../../src/core/problems.ts';
import { tempContent } from '../helpers/temp-content.ts';

const projectRoot = join(import.meta.dirname, '..', '..');
const badRoot = join(projectRoot, 'tests', 'fixtures', 'bad');
const errorsDir = join(badRoot, 'errors', 'content');
const safeDir = join(badRoot, 'safe', 'content');
const ERR = 'tests/fixtures/bad/errors/content';

async function build(root: string, contentDir: string) {
  const problems = new ProblemList();
  const content = loadContent(root, contentDir, problems);
  const built = await buildGraph(content, { base: '/', brokenLinks: 'error' }, problems);
  const errors = problems.sorted().filter((p) => p.severity === 'error');
  return { content, built, problems, errors, messages: errors.map(formatProblem) };
}

function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).filter((p) => p.endsWith('.md')).map((p) => relative(projectRoot, join(dir, p)).split('\\').join('/'));
}

describe('bad input that must stop the build (tests/fixtures/bad/errors)', () => {
  let errors: Problem[];
  let messages: string[];
  beforeAll(async () => {
    ({ errors, messages } = await build(projectRoot, errorsDir));
  });
  const reported = (pattern: RegExp) => expect(messages.join('\n'), `expected a problem matching ${pattern}; got:\n${messages.join('\n')}`).toMatch(pattern);

  it('reports every bad file of the folder in one run, each with file:line', () => {
    const files = filesUnder(errorsDir);
    expect(files.length).toBeGreaterThanOrEqual(11);
    for (const p of errors) expect(p.line, formatProblem(p)).toBeGreaterThan(0);
    // The two halves of a pair (same slug, same term) are reported once, on one of the two files.
    const pairs = [['notes/same-slug.md', 'notes/Same Slug.md'], ['glossary/duplicate-term-a.md', 'glossary/duplicate-term-b.md']].map((pair) => pair.map((f) => `${ERR}/${f}`));
    const unreported = files.filter((f) => !errors.some((p) => p.file === f) && !pairs.some((pair) => pair.includes(f) && pair.some((g) => errors.some((p) => p.file === g))));
    expect(unreported, 'files in the errors fixture that did not stop the build').toEqual([]);
  });

  it('broken YAML: the line of the YAML error', () => {
    reported(new RegExp(`^${ERR}/notes/broken-yaml\\.md:[34]:\\d+: frontmatter is not valid YAML: .+`, 'm'));
  });

  it('a wrong field type: the line of the field and the type expected', () => {
    reported(new RegExp(`^${ERR}/notes/wrong-field-type\\.md:4: field "autolink": expected boolean`, 'm'));
  });

  // Generated (not a fixture file): a glossary term's `autolink` is true, false or "as-written".
  it('a wrong autolink value on a term: the line of the field and the values allowed', async () => {
    const { root, contentDir } = tempContent({ 'glossary/vision.md': '---\nterm: Vision\nautolink: sometimes\n---\n\nSeeing.\n', 'notes/a.md': '# A\n' });
    const { messages } = await build(root, contentDir);
    expect(messages).toEqual([expect.stringMatching(/^content\/glossary\/vision\.md:3: field "autolink": must be true, false or "as-written"/)]);
  });

  it('non-UTF-8 bytes: the line of the first bad byte', () => {
    // Guard: the fixture really holds a Latin-1 byte (git must not have re-encoded it).
    expect(readFileSync(join(errorsDir, 'notes', 'latin1-bytes.md')).includes(0xe9)).toBe(true);
    reported(new RegExp(`^${ERR}/notes/latin1-bytes\\.md:3: file is not valid UTF-8`, 'm'));
  });

  it('invalid Mermaid: the line in the file where mermaid stopped', () => {
    // Line 8 of the file is line 3 of the diagram, which is what mermaid's own message says.
    reported(new RegExp(`^${ERR}/notes/invalid-mermaid\\.md:8: invalid Mermaid: Parse error on line 3:`, 'm'));
  });

  it('a wikilink to nothing', () => {
    reported(new RegExp(`^${ERR}/notes/dangling-wikilink\\.md:3: \\[\\[Nothing Here At All\\]\\] not found`, 'm'));
  });

  it('two notes with the same slug', () => {
    reported(new RegExp(`^${ERR}/notes/(same-slug|Same Slug)\\.md:1: two notes have the URL slug "same-slug" \\(also ${ERR}/notes/(same-slug|Same Slug)\\.md\\)`, 'm'));
  });

  it('a glossary term defined twice (names differing only in case)', () => {
    reported(new RegExp(`^${ERR}/glossary/duplicate-term-[ab]\\.md:1: the term "[dD]uplicate [tT]erm" is defined twice \\(also in ${ERR}/glossary/duplicate-term-[ab]\\.md\\)`, 'm'));
  });

  it('a javascript: link', () => {
    reported(new RegExp(`^${ERR}/notes/javascript-link\\.md:3: "javascript:alert\\(document\\.domain\\)" is a javascript: link`, 'm'));
  });

  // A reference-style link is a `linkReference` whose URL lives in its `definition`
  // (`[ref]: javascript:…`); it would render as <a href="javascript:…">, so the build stops.
  it('a javascript: link by reference ([text][ref] + [ref]: javascript:…)', () => {
    reported(new RegExp(`^${ERR}/notes/javascript-reference-link\\.md:[35]: .*javascript: link`, 'm'));
  });
});

describe('bad input that must render safely (tests/fixtures/bad/safe)', () => {
  let content: LoadedContent;
  let built: BuiltGraph;
  let messages: string[];
  beforeAll(async () => {
    ({ content, built, messages } = await build(projectRoot, safeDir));
  });
  const page = (slug: string) => built.graph.pages.find((p) => p.slug === slug)!;
  const raw = (path: string) => readFileSync(join(safeDir, path));

  it('loads every file without an error', () => {
    expect(messages).toEqual([]);
    expect(built.graph.pages.map((p) => p.slug).sort()).toEqual(['bom', 'crlf', 'empty', 'hostile-diagram', 'hostile-math', 'hostile-title', 'hostile-tree', 'javascript-obfuscated-link', 'mentions', 'raw-html', 'templates', 'unclosed-fence']);
  });

  it('an empty file: a page titled after the file, with no words', () => {
    expect(raw('notes/empty.md').length).toBe(0);
    expect(page('empty')).toMatchObject({ title: 'empty', words: 0, headings: [], tags: [] });
  });

  it('a BOM: the frontmatter is still read and the BOM is gone', () => {
    expect([...raw('notes/bom.md').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // guard: the fixture has one
    expect(page('bom')).toMatchObject({ title: 'Note with a BOM', tags: ['encoding'] });
    expect(page('bom').headings[0]).toMatchObject({ text: 'Heading after a BOM', line: 5 });
    const src = content.notes.find((n) => n.slug === 'bom')!;
    expect(src.text.startsWith('---\n')).toBe(true);
    expect(src.body).not.toContain('\uFEFF');
  });

  it('CRLF line endings: frontmatter, headings with their lines, links and diagrams as with LF', () => {
    expect(raw('notes/crlf.md').toString('utf8')).toContain('\r\n'); // guard: git kept the CRs
    const crlf = page('crlf');
    expect(crlf).toMatchObject({ title: 'Note with CRLF', tags: ['encoding'], aliases: ['Windows line endings'] });
    expect(crlf.headings.map((h) => [h.anchor, h.line])).toEqual([['first-section', 6], ['second-section', 10]]);
    expect(built.graph.links.some((l) => l.from.slug === 'crlf' && l.to.slug === 'bom' && l.line === 8)).toBe(true);
    const d = built.graph.diagrams.find((x) => x.page.slug === 'crlf')!;
    expect(d.source).not.toContain('\r');
    expect(d.nodes.map((n) => [n.id, n.label])).toEqual([['W', 'Windows'], ['L', 'Linux']]);
    expect(d.line).toBe(13);
  });

  it('an unclosed code fence: the rest of the note is code, so nothing in it is a heading or a link', () => {
    const p = page('unclosed-fence');
    expect(p.headings.map((h) => h.text)).toEqual(['Unclosed code fence']);
    expect(built.graph.links.filter((l) => l.from.slug === 'unclosed-fence')).toEqual([]);
  });

  it('<script> in a title, HTML in summary and author: kept as text in the graph', () => {
    expect(page('hostile-title')).toMatchObject({
      title: '<script>alert("title")</script>',
      summary: '<img src=x onerror=alert("summary")> in a summary',
      authors: ["<b onmouseover=alert('author')>Mallory</b>"],
    });
    // Anchors are slugs: no markup can reach an id or a URL.
    for (const h of page('hostile-title').headings) expect(h.anchor).toMatch(/^[a-z0-9-]+$/);
    expect(page('hostile-title').href).toBe('/topics/hostile-title/');
  });

  it('<img onerror> in a glossary term: name kept as text, slug and href safe', () => {
    const term = built.graph.terms[0]!;
    expect(term.term).toBe('<img src=x onerror=alert("term")>');
    expect(term.slug).toMatch(/^[a-z0-9-]+$/);
    expect(term.href).toBe(`/glossary/#${term.slug}`);
    expect(term.definition).toContain('<img src=x onerror=alert("definition")>'); // escaped in Markdown: text
  });

  it('<img onerror> in Mermaid labels: parsed as text, javascript: click links dropped', () => {
    const d = built.graph.diagrams.find((x) => x.page.slug === 'hostile-diagram')!;
    expect(d.id).toMatch(/^[a-z0-9-]+$/);
    expect(d.nodes.map((n) => n.id)).toEqual(['A', 'B', 'C', 'D']);
    expect(d.nodes.find((n) => n.id === 'C')!.label).toBe("<img src=z onerror=alert('entity')>");
    for (const n of d.nodes) {
      expect(n.external ?? '', n.id).not.toMatch(/javascript/i);
      expect(n.target?.href ?? '', n.id).not.toMatch(/javascript/i);
    }
    const tree = built.graph.diagrams.find((x) => x.page.slug === 'hostile-tree')!;
    expect(tree.sources[0]).toMatchObject({ label: 'P1', title: "<img src=x onerror=alert('source')>" });
    expect(tree.nodes.find((n) => n.id === 'XSS')!.target).toMatchObject({ kind: 'term', slug: built.graph.terms[0]!.slug });
  });

  it('{{ and ${ sequences: kept verbatim', () => {
    expect(page('templates').title).toBe("Template {{ site.title }} ${alert('title-template')}");
    expect(page('templates').summary).toBe("{{constructor.constructor('alert(1)')()}} and ${1+1} and $& and $1");
    const d = built.graph.diagrams.find((x) => x.page.slug === 'templates')!;
    expect(d.nodes.map((n) => n.label)).toEqual(["${alert('mermaid-template')}", '{{ site.title }}']);
  });
});

describe('generated huge input', () => {
  it('a 5 MB note loads and builds into the graph in reasonable time', async () => {
    const para = (i: number) => `Paragraph ${i}: scaling, attention, <tags> & "quotes", \`code ${i}\` and [[Other]]. ${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(8)}`;
    const parts = ['---\ntitle: Huge\n---\n'];
    let size = parts[0]!.length;
    for (let i = 0; size < 5 * 1024 * 1024; i++) {
      const p = `${i % 100 === 0 ? `## Section ${i / 100}\n\n` : ''}${para(i)}\n\n`;
      parts.push(p);
      size += p.length;
    }
    parts.push('The last sentence.\n');
    const huge = parts.join('');
    expect(huge.length).toBeGreaterThan(5 * 1024 * 1024);
    const { root, contentDir } = tempContent({ 'notes/huge.md': huge, 'notes/other.md': '# Other\n' });
    const started = performance.now();
    const { built, messages } = await build(root, contentDir);
    const ms = performance.now() - started;
    expect(messages).toEqual([]);
    const p = built.graph.pages.find((x) => x.slug === 'huge')!;
    expect(p.headings.length).toBe(Math.ceil((parts.length - 2) / 100));
    expect(p.headings.at(-1)!.line).toBeGreaterThan(10_000);
    expect(p.words).toBeGreaterThan(700_000);
    expect(built.graph.links.filter((l) => l.from.slug === 'huge').length).toBe(parts.length - 2);
    expect(ms, `5 MB note took ${Math.round(ms)} ms`).toBeLessThan(30_000);
  });

  const fence = (diagram: string) => `# Huge diagram\n\n\`\`\`mermaid\n${diagram}\n\`\`\`\n`;
  const DIAGRAM_LINE = 4; // the line after the opening fence, where every diagram problem is reported

  // Measured (2 cores, Chromium 1 page): 500 nodes draw in 5.8 s (600 KB of SVG), 2,000
  // in 26 s (1.1 MB), 5,000 hit the 60 s batch timeout. 20,000 nodes (169,000 characters) parse in
  // 2 s, then mermaid, past its maxTextSize of 50,000 characters, silently draws a box saying
  // "Maximum text size in diagram exceeded" instead. Arbor stops with a clear build
  // error at the diagram, naming the count and the limit.
  it('a 20,000-node diagram stops the build with the node count and the limit', async () => {
    const nodes = Array.from({ length: 20_000 }, (_, i) => `  N${i}`).join('\n');
    const { contentDir, root } = tempContent({ 'notes/huge-diagram.md': fence(`flowchart TD\n${nodes}`) });
    const { errors } = await build(root, contentDir);
    expect(errors.map(formatProblem)).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'content/notes/huge-diagram.md', line: DIAGRAM_LINE });
    expect(errors[0]!.message).toMatch(/20,?000 nodes/);
    expect(errors[0]!.message).toMatch(/at most [\d,]+/);
  });

  // A 20,000-node tree would stop the build through mermaid's own
  // 500-edge limit, but the message is mermaid's multi-line "Edge limit exceeded … Initialize
  // mermaid with maxEdges set to a higher number", which an author cannot do, plus a hint about
  // quoting labels. Arbor reports one line naming the limit, like the node limit above.
  it('a 20,000-node tree stops the build with a one-line message naming the limit', async () => {
    const edges = Array.from({ length: 19_999 }, (_, i) => `  N${Math.floor(i / 2)} --> N${i + 1}`).join('\n');
    const { contentDir, root } = tempContent({ 'notes/huge-tree.md': fence(`flowchart TD\n${edges}`) });
    const { errors } = await build(root, contentDir);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'content/notes/huge-tree.md', line: DIAGRAM_LINE });
    expect(errors[0]!.message).toMatch(/at most [\d,]+ (nodes|edges)/);
    expect(errors[0]!.message).not.toMatch(/\n|Initialize mermaid/);
    expect(errors[0]!.hint ?? '').not.toMatch(/quote labels/);
  });
});
