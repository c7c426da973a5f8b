/**
 * Raw HTML and script URLs in content, through the real Markdown pipeline (Astro's unified
 * processor with Arbor's plugins): the author's HTML is sanitized the GitHub way, Arbor's own
 * output (links, tooltips, heading ids, diagrams, math, code) survives, and no URL that can run
 * script is left on any element, whichever construct produced it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import type { Element } from 'hast';
import { loadContent, type LoadedContent } from '../../src/core/content/load.ts';
import { buildGraph, type BuiltGraph } from '../../src/core/graph/build.ts';
import { renderSource } from '../../src/render/content.ts';
import { isSafeUrl, urlScheme, type RawHtmlPolicy } from '../../src/render/sanitize.ts';
import { ProblemList } from '../../src/core/problems.ts';
import { tempContent } from '../helpers/temp-content.ts';

const HOSTILE = [
  '# Heading <img src=x onerror=alert(0)>',
  '',
  'Text <img src=x onerror=alert(1)> and <b onmouseover=alert(2)>bold</b>.',
  '',
  '<script>alert("script")</script>',
  '',
  '<iframe src="https://evil.example/"></iframe><object data="x.swf"></object><embed src="x.swf">',
  '',
  '<a href="javascript:alert(3)">js</a> <a href="vbscript:msgbox(4)">vb</a> <a href="data:text/html,<script>alert(5)</script>">data</a> <a href=" JaVa&#x09;ScRiPt:alert(6)">entity</a>',
  '',
  '<img src="data:image/svg+xml,<svg onload=alert(7)>"> <div style="background:url(javascript:alert(8))">styled</div> <span style="color: red">red</span> <span style="background: u\\72l(x)">escaped</span>',
  '',
  '<figure data-needs-client data-mermaid-src="https://evil.example/x.js"><pre data-diagram-source="x">A-->B</pre></figure>',
  '',
  '<form action="https://evil.example/"><input name="q"><button formaction="javascript:alert(9)">go</button></form>',
  '',
  '<details>',
  '<summary>More</summary>',
  '',
  '**Bold inside** and [[Note B]], H<sub>2</sub>O, x<sup>2</sup>, <kbd>Ctrl</kbd>, <mark>marked</mark>.',
  '',
  '</details>',
  '',
  '<table><tr><td>cell</td></tr></table> <img src="https://example.org/a.png" alt="remote"> <img src="pic.png" alt="relative"> <a href="https://example.org/">web</a> <a href="mailto:a@example.org">mail</a>',
  '',
  'Setext heading with [a link](javascript:alert(10))',
  '---------------------------------------------------',
  '',
  '## Autolink <javascript:alert(11)> in a heading',
  '',
  '| a | b |',
  '|---|---|',
  '| [vb](vbscript:alert(12)) | ![img](data:image/png;base64,AAAA) |',
  '',
  'Vision is a term, $x^2$ is math.',
  '',
  '```mermaid',
  'flowchart LR',
  '  VI[Vision] --> B',
  '```',
  '',
  '```ts',
  'const x: number = 1;',
  '```',
].join('\n');

let content: LoadedContent;
let built: BuiltGraph;

beforeAll(async () => {
  const { root, contentDir } = tempContent({
    'notes/hostile.md': HOSTILE,
    'notes/b.md': '# Note B\n\nPlain.\n',
    // No raw HTML at all: only Markdown constructs, so only the URL guard stands between them and the reader.
    'notes/markdown-only.md': [
      '# ATX [heading link](javascript:alert(1))',
      '',
      'Setext [heading link](vbscript:alert(2))',
      '========================================',
      '',
      '## Autolink <javascript:alert(3)>',
      '',
      '| cell | image |',
      '|---|---|',
      '| [data](data:text/html;base64,PHNjcmlwdD4=) | ![pic](data:image/svg+xml;base64,PHN2Zz4=) |',
      '',
      '> [quoted](JAVASCRIPT:alert(4)) and [fine](https://example.org/)',
      '',
    ].join('\n'),
    'glossary/vision.md': [
      '---',
      'term: Vision',
      'aliases: [VI]',
      'short: Seeing things.',
      '---',
      'Body with <img src=x onerror=alert(14)> and [a link](data:text/html,x) and <a href="javascript:alert(13)">a tag</a>.',
      '',
    ].join('\n'),
  });
  const problems = new ProblemList();
  content = loadContent(root, contentDir, problems);
  // The graph pass stops the build on Markdown javascript: links it sees; the render side must
  // be safe on its own, so its problems are not the point here.
  built = await buildGraph(content, { base: '/', brokenLinks: 'warn' }, problems);
});

async function render(file: string, policy: RawHtmlPolicy = 'sanitize'): Promise<string> {
  const src = [...content.notes, ...content.terms].find((n) => n.file.endsWith(file))!;
  return renderSource(built, src, { rawHtml: policy, svgFor: (d) => `<svg data-diagram="${d.id}"><a href="/glossary/#vision"><g data-node="VI"></g></a></svg>` });
}

/** Everything in the HTML that could run: handler attributes, script-capable URLs, active elements. */
function liveParts(html: string): string[] {
  const found: string[] = [];
  visit(fromHtml(html, { fragment: true }), 'element', (el: Element) => {
    if (/^(script|iframe|object|embed|form|style|base|meta|link)$/.test(el.tagName)) found.push(`<${el.tagName}>`);
    for (const [key, value] of Object.entries(el.properties)) {
      if (/^on/i.test(key)) found.push(`${el.tagName}[${key}]`);
      if (['href', 'src', 'action', 'formAction', 'xLinkHref', 'data'].includes(key) && !isSafeUrl(String(value))) found.push(`${el.tagName}[${key}=${String(value)}]`);
      if (key === 'style' && /url\(|\\/i.test(String(value))) found.push(`${el.tagName}[style=${String(value)}]`);
      if (key.startsWith('data') && /mermaid|needsClient/i.test(key)) found.push(`${el.tagName}[${key}]`);
    }
  });
  return found;
}

describe('raw HTML in a note (default: sanitize)', () => {
  it('nothing that can run is left: handlers, scripts, frames, script URLs, URL-loading styles, forged Arbor attributes', async () => {
    const html = await render('notes/hostile.md');
    expect(liveParts(html)).toEqual([]);
    expect(html).not.toContain('alert("script")'); // the script's text goes with it
  });

  it('keeps what notes use: details/summary, sub/sup, kbd, mark, tables, http(s) and relative images, safe links, plain styles', async () => {
    const html = await render('notes/hostile.md');
    expect(html).toMatch(/<details>\s*<summary>More<\/summary>/);
    const kept = [
      '<strong>Bold inside</strong>',
      'H<sub>2</sub>O',
      'x<sup>2</sup>',
      '<kbd>Ctrl</kbd>',
      '<mark>marked</mark>',
      '<td>cell</td>',
      '<img src="https://example.org/a.png" alt="remote">',
      '<img src="pic.png" alt="relative">',
      '<a href="https://example.org/">web</a>',
      '<a href="mailto:a@example.org">mail</a>',
      '<span style="color: red">red</span>',
      '<b>bold</b>',
    ];
    for (const fragment of kept) expect(html, fragment).toContain(fragment);
    // The images keep their place, only without the handler.
    expect(html).toMatch(/Text <img src="x"> and/);
  });

  it("Arbor's own output survives: wikilinks inside author HTML, term links with tooltips, heading ids, the diagram, math, highlighted code", async () => {
    const html = await render('notes/hostile.md');
    expect(html).toContain('<a href="/topics/b/" class="internal-link" data-kind="note">Note B</a>');
    expect(html).toMatch(/<a href="\/glossary\/#vision" class="term-link" data-term="vision" aria-describedby="([\w-]+)">Vision<span class="term-tip" role="tooltip" id="\1" aria-hidden="true" data-pagefind-ignore="">/);
    expect(html).toMatch(/<h1 id="heading[\w-]*">Heading <img src="x"><\/h1>/);
    expect(html).toMatch(/<figure class="diagram" id="[^"]+" data-diagram-figure="[^"]+"/);
    expect(html).toContain('<svg data-diagram=');
    expect(html).toContain('class="katex"');
    expect(html).toMatch(/<pre class="astro-code[^"]*"[^>]*style="[^"]*--shiki-dark-bg/);
    expect(html).toMatch(/<span style="--shiki-light:#[0-9A-Fa-f]{6};--shiki-dark:#[0-9A-Fa-f]{6}">const<\/span>/);
  });

  it('a glossary term body is sanitized too', async () => {
    const html = await render('glossary/vision.md');
    expect(liveParts(html)).toEqual([]);
    expect(html).toContain('<img src="x">');
    expect(html).toContain('a link');
  });
});

describe("script URLs that Markdown itself makes (the URL guard over the page's final tree)", () => {
  it('headings (ATX and setext), autolinks in headings, table cells: no live href or src', async () => {
    const html = await render('notes/hostile.md');
    const tree = fromHtml(html, { fragment: true });
    const hrefs: string[] = [];
    visit(tree, 'element', (el: Element) => {
      for (const key of ['href', 'src']) if (el.properties[key] !== undefined) hrefs.push(String(el.properties[key]));
    });
    expect(hrefs.filter((u) => !isSafeUrl(u))).toEqual([]);
    // The link text stays readable.
    expect(html).toContain('a link');
    expect(html).toMatch(/Autolink <a>javascript:alert\(11\)<\/a>|Autolink javascript:alert\(11\)/);
  });

  it('a note without any raw HTML: the same, from the guard alone', async () => {
    const html = await render('notes/markdown-only.md');
    expect(liveParts(html)).toEqual([]);
    for (const text of ['heading link', 'javascript:alert(3)', 'data', 'quoted']) expect(html).toContain(text);
    expect(html).toContain('<a href="https://example.org/">fine</a>');
  });

  it('reads schemes the way a browser does', () => {
    expect(urlScheme(' JaVa\tScRiPt:alert(1)')).toBe('javascript');
    expect(urlScheme('java\u0000script:x')).toBe('javascript');
    expect(isSafeUrl('vbscript:x')).toBe(false);
    expect(isSafeUrl('DATA:text/html,x')).toBe(false);
    expect(isSafeUrl('https://example.org/')).toBe(true);
    expect(isSafeUrl('/kb/topics/a/#b')).toBe(true);
    expect(isSafeUrl('#node-VI')).toBe(true);
    expect(isSafeUrl('java%09script:alert(1)')).toBe(true); // percent-encoded: a relative path, inert
  });
});

describe('rawHtml: trusted', () => {
  it("keeps the author's HTML as written", async () => {
    const html = await render('notes/hostile.md', 'trusted');
    expect(html).toContain('onmouseover="alert(2)"');
    expect(html).toContain('<script>alert("script")</script>');
    // Arbor's own output is the same as when sanitizing.
    expect(html).toContain('<a href="/topics/b/" class="internal-link" data-kind="note">Note B</a>');
    expect(html).toContain('<svg data-diagram=');
  });
});
