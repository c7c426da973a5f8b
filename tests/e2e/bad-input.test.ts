/**
 * The bad-input suite, built for real (two fixture builds):
 *
 * 1. `tests/fixtures/bad/errors/content`: one file per case that must stop the build. One build
 *    must report every one of them as `file:line: message`, exit non-zero and leave the previous
 *    dist/ exactly as it was.
 * 2. `tests/fixtures/bad/safe/content` plus a 5 MB note generated into a temp copy: the build must
 *    succeed, and in Chromium every page must show the hostile text as text with nothing executing
 *    (no dialog, no page error, no console error, no event-handler attribute, no javascript: link).
 *
 * The content/graph side of every case (and the 20,000-node diagram) is in tests/unit/bad-input.test.ts.
 */
import { cpSync, type Dirent, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildFixture, launchBrowser, projectRoot, serve, type BuildResult, type Served } from '../helpers/site.ts';

const badRoot = join(projectRoot, 'tests', 'fixtures', 'bad');
const ERR = 'tests/fixtures/bad/errors/content';

describe('a build with one bad file per case', () => {
  let r: BuildResult;
  let dist: string;
  let seconds: number;
  const previous: Record<string, string> = {
    'index.html': 'previous site',
    'topics/old-note/index.html': '<h1>old note</h1>',
    '_astro/app.css': 'body{}',
  };
  beforeAll(() => {
    dist = join(mkdtempSync(join(tmpdir(), 'arbor-bad-errors-')), 'dist');
    for (const [path, text] of Object.entries(previous)) {
      mkdirSync(join(dist, path, '..'), { recursive: true });
      writeFileSync(join(dist, path), text);
    }
    const started = performance.now();
    r = buildFixture(join(badRoot, 'errors', 'content'), {}, dist);
    seconds = (performance.now() - started) / 1000;
    console.log(`bad-input errors build: ${seconds.toFixed(1)} s, exit ${r.status}`);
  });

  it('exits non-zero and leaves the previous dist/ exactly as it was', () => {
    expect(r.status).not.toBe(0);
    const files = (readdirSync(dist, { recursive: true, withFileTypes: true }) as Dirent[]).filter((d) => d.isFile()).map((d) => relative(dist, join(d.parentPath, d.name)).split('\\').join('/'));
    expect(files.sort()).toEqual(Object.keys(previous).sort());
    for (const [path, text] of Object.entries(previous)) expect(readFileSync(join(dist, path), 'utf8')).toBe(text);
    // No staging folder is left next to it either.
    expect(readdirSync(join(dist, '..'))).toEqual(['dist']);
  });

  // Every case reported in that one run, as `file:line: message` at the start of a line.
  const expected: [string, RegExp][] = [
    ['broken YAML', new RegExp(`^${ERR}/notes/broken-yaml\\.md:[34]:\\d+: frontmatter is not valid YAML`, 'm')],
    ['a wrong field type', new RegExp(`^${ERR}/notes/wrong-field-type\\.md:4: field "autolink": expected boolean`, 'm')],
    ['non-UTF-8 bytes', new RegExp(`^${ERR}/notes/latin1-bytes\\.md:3: file is not valid UTF-8`, 'm')],
    ['invalid Mermaid', new RegExp(`^${ERR}/notes/invalid-mermaid\\.md:8: invalid Mermaid: Parse error`, 'm')],
    ['a wikilink to nothing', new RegExp(`^${ERR}/notes/dangling-wikilink\\.md:3: \\[\\[Nothing Here At All\\]\\] not found`, 'm')],
    ['two notes with the same slug', new RegExp(`^${ERR}/notes/(same-slug|Same Slug)\\.md:1: two notes have the URL slug "same-slug"`, 'm')],
    ['a glossary term defined twice', new RegExp(`^${ERR}/glossary/duplicate-term-[ab]\\.md:1: the term "[dD]uplicate [tT]erm" is defined twice`, 'm')],
    ['a javascript: link', new RegExp(`^${ERR}/notes/javascript-link\\.md:3: .*is a javascript: link`, 'm')],
    // A reference-style javascript: link is stopped too (see tests/unit/bad-input.test.ts).
    ['a javascript: link by reference', new RegExp(`^${ERR}/notes/javascript-reference-link\\.md:[35]: .*javascript: link`, 'm')],
  ];
  it.each(expected)('reports %s with file:line', (_, pattern) => {
    expect(r.output).toMatch(pattern);
  });
});

describe('a site built from hostile and odd input', () => {
  let site: Served;
  let browser: Browser;
  let built: BuildResult;
  const HUGE_LAST = 'The last sentence of the five megabyte note.';

  beforeAll(async () => {
    // A temp copy of the committed fixture, plus a 5 MB note (too big to commit).
    const content = join(mkdtempSync(join(tmpdir(), 'arbor-bad-safe-')), 'content');
    cpSync(join(badRoot, 'safe', 'content'), content, { recursive: true });
    const para = (i: number) => `Paragraph ${i}: <tags> & "quotes" ${'${x}'} {{y}}, \`code ${i}\`, a link to [[Note with a BOM]]. ${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(8)}`;
    const parts = ['---\ntitle: A five megabyte note\n---\n'];
    let size = parts[0]!.length;
    for (let i = 0; size < 5 * 1024 * 1024; i++) {
      const p = `${i % 100 === 0 ? `## Section ${i / 100}\n\n` : ''}${para(i)}\n\n`;
      parts.push(p);
      size += Buffer.byteLength(p);
    }
    parts.push(`${HUGE_LAST}\n`);
    writeFileSync(join(content, 'notes', 'huge.md'), parts.join(''));

    const started = performance.now();
    built = buildFixture(content);
    console.log(`bad-input safe build (with a 5 MB note): ${((performance.now() - started) / 1000).toFixed(1)} s, exit ${built.status}`);
    if (built.status !== 0) throw new Error(`the safe fixture must build:\n${built.output}`);
    site = await serve(built.dist);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  type Watched = Page & { problems: string[] };
  /** Opens a page, recording dialogs (dismissed), uncaught errors and console errors. */
  async function open(path: string): Promise<Watched> {
    const context = await browser.newContext();
    const page = (await context.newPage()) as Watched;
    page.problems = [];
    page.on('dialog', (d) => {
      page.problems.push(`dialog (${d.type()}): ${d.message()}`);
      void d.dismiss();
    });
    page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') page.problems.push(`console error: ${m.text()}`);
    });
    const res = await page.goto(site.url + path, { waitUntil: 'load' });
    expect(res?.status(), path).toBe(200);
    return page;
  }

  /** Nothing on the page can run: no handler attributes, no injected scripts or payload images, no javascript: URLs. */
  async function expectInert(page: Watched): Promise<void> {
    await page.waitForTimeout(150); // let anything that would fire (onerror of a broken image) fire
    const found = await page.evaluate(() => {
      const all = [...document.querySelectorAll('*')];
      const scheme = (u: string) => u.replace(/[\u0000-\u0020]/g, '').toLowerCase();
      return [
        ...all.flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `handler: <${el.tagName.toLowerCase()} ${a.name}="${a.value}">`)),
        ...[...document.scripts].filter((s) => /alert\(/.test(s.textContent ?? '')).map((s) => `script: ${s.outerHTML.slice(0, 120)}`),
        // Images are kept (sanitized raw HTML may hold them); one with a handler or a script URL is caught above and below.
        ...all.filter((el) => /^(iframe|object|embed|foreignobject|frame|frameset)$/i.test(el.tagName)).map((el) => `element: ${el.outerHTML.slice(0, 120)}`),
        // Forms and meta/base tags belong to the page chrome, never to what content renders.
        ...all.filter((el) => /^(form|base|meta|link|style)$/i.test(el.tagName) && el.closest('.prose, .definition') && !el.closest('svg')).map((el) => `element in content: ${el.outerHTML.slice(0, 120)}`),
        ...all
          .flatMap((el) => ['href', 'xlink:href', 'src', 'action', 'formaction'].map((n) => el.getAttribute(n) ?? ''))
          .filter((u) => /^(javascript|vbscript|data):/.test(scheme(u)))
          .map((u) => `url: ${u}`),
      ];
    });
    expect(found).toEqual([]);
    expect(page.problems).toEqual([]);
  }

  const textOf = (page: Page, selector: string) => page.locator(selector).first().evaluate((el) => el.textContent ?? '');

  it('builds, with every page of the fixture', () => {
    for (const path of ['topics/empty', 'topics/bom', 'topics/crlf', 'topics/unclosed-fence', 'topics/hostile-title', 'topics/hostile-diagram', 'topics/templates', 'topics/hostile-math', 'topics/javascript-obfuscated-link', 'topics/mentions', 'topics/huge', 'trees/hostile-tree']) {
      expect(existsSync(join(built.dist, path, 'index.html')), path).toBe(true);
    }
  });

  it('every page of the site is inert', async () => {
    const pages = ['', 'topics/', 'trees/', 'tags/', 'tags/xss/', 'tags/encoding/', 'glossary/', 'search/', 'topics/empty/', 'topics/bom/', 'topics/crlf/', 'topics/unclosed-fence/', 'topics/hostile-title/', 'topics/hostile-diagram/', 'topics/templates/', 'topics/hostile-math/', 'topics/javascript-obfuscated-link/', 'topics/mentions/', 'topics/raw-html/', 'trees/hostile-tree/'];
    for (const path of pages) {
      const page = await open(path);
      try {
        await expectInert(page);
      } catch (err) {
        throw new Error(`${path || '/'}: ${(err as Error).message}`);
      } finally {
        await page.context().close();
      }
    }
  });

  it('<script> in a title, HTML in summary, description and author: shown as text', async () => {
    const page = await open('topics/hostile-title/');
    expect(await textOf(page, 'h1')).toBe('<script>alert("title")</script>');
    expect(await page.title()).toMatch(/^<script>alert\("title"\)<\/script> · /);
    expect(await textOf(page, '.byline')).toContain("<b onmouseover=alert('author')>Mallory</b>");
    expect(await page.locator('h2', { hasText: '<img src=x onerror=alert("heading")>' }).count()).toBe(1);
    expect([`"><script>alert('description')</script>`, '<img src=x onerror=alert("summary")> in a summary']).toContain(await page.locator('meta[name="description"]').getAttribute('content'));
    await expectInert(page);
    // Where the title and summary show on other pages: lists, tags, the embed card of a note linking to it.
    for (const path of ['', 'topics/', 'tags/xss/']) {
      const other = await open(path);
      expect(await other.locator('a', { hasText: '<script>alert("title")</script>' }).count(), path).toBeGreaterThan(0);
      await expectInert(other);
    }
    const mentions = await open('topics/mentions/');
    expect(await textOf(mentions, '.embed-card')).toContain('<img src=x onerror=alert("summary")> in a summary');
  });

  it('<img onerror> in a glossary term: name, short definition and tooltip shown as text', async () => {
    const page = await open('glossary/');
    expect(await textOf(page, 'section.term .term-name')).toBe('<img src=x onerror=alert("term")>');
    expect(await textOf(page, 'section.term .short')).toBe('<script>alert("short")</script> as a short definition');
    expect(await textOf(page, 'section.term .definition')).toContain('<img src=x onerror=alert("definition")>');
    await expectInert(page);
    // The mention of its alias in a note links to it, with the hostile short definition as tooltip text.
    const mentions = await open('topics/mentions/');
    expect(await textOf(mentions, 'a.term-link .term-tip')).toBe('<script>alert("short")</script> as a short definition');
    await expectInert(mentions);
  });

  it('<img onerror> in Mermaid labels: drawn at build time as text, no javascript: click links', async () => {
    for (const path of ['topics/hostile-diagram/', 'trees/hostile-tree/']) {
      const page = await open(path);
      const svg = page.locator('svg[data-diagram]').first();
      expect(await svg.count(), `${path}: drawn at build time`).toBe(1);
      expect(await page.locator('figure[data-needs-client]').count()).toBe(0);
      await expectInert(page);
      if (path === 'topics/hostile-diagram/') {
        expect(await svg.evaluate((el) => el.textContent)).toContain("onerror=alert('entity')>");
        expect(await textOf(page, '.diagram-text')).toContain("<img src=z onerror=alert('entity')>");
      } else {
        expect(await textOf(page, '.tree-text')).toContain("<img src=x onerror=alert('source')>");
        expect(await textOf(page, '.tree-text')).toContain('<script>alert("short")</script>');
      }
    }
  });

  it('{{ and ${ sequences: shown verbatim in title, text, code and diagrams', async () => {
    const page = await open('topics/templates/');
    expect(await textOf(page, 'h1')).toBe("Template {{ site.title }} ${alert('title-template')}");
    const items = await page.locator('.prose ul').first().locator(':scope > li').allTextContents();
    expect(items).toEqual([
      '{{ site.title }} and {{{ triple }}}',
      '${alert("template")}',
      '${1 + 1}',
      '$& and {alert("astro")}',
      "$' and <%= alert(\"erb\") %>",
      '$1 and import.meta.env.MODE and process.env.HOME',
    ]);
    // `$…$` by Pandoc's rule is inline math (README): rendered as math, inert; a `$` after a space closes nothing.
    expect(await page.locator('.prose p', { hasText: 'Two in one paragraph' }).locator('.katex').count()).toBe(2);
    const plain = page.locator('.prose p', { hasText: 'One with a space' });
    expect(await plain.locator('.katex').count()).toBe(0);
    expect(await plain.textContent()).toContain('${alert("not-math")} $, stays text');
    expect(await page.locator('.prose p code', { hasText: '{{ y }}' }).first().textContent()).toBe('${x} {{ y }}');
    expect(await textOf(page, '.prose pre')).toContain('const s = `${alert("code")}`; // {{ not a template }}');
    expect(await page.locator('svg[data-diagram]').evaluate((el) => el.textContent)).toContain("${alert('mermaid-template')}");
    await expectInert(page);
  });

  it('raw HTML from the author: sanitized, with what notes use kept', async () => {
    const page = await open('topics/raw-html/');
    await expectInert(page);
    const prose = page.locator('.prose');
    expect(await prose.locator('b', { hasText: 'a bold word' }).count()).toBe(1);
    expect(await prose.locator('details summary', { hasText: 'Kept: details and summary' }).count()).toBe(1);
    expect(await prose.locator('details sub').textContent()).toBe('2');
    expect(await prose.locator('details kbd').count()).toBe(2);
    expect(await prose.locator('table td', { hasText: 'a table' }).count()).toBe(1);
    // The links written as tags keep their text, without the href.
    for (const text of ['javascript', 'vbscript', 'data', 'entity', 'svg link']) {
      const link = prose.locator('a', { hasText: text }).first();
      expect(await link.getAttribute('href'), text).toBeNull();
    }
    // A forged client-side diagram is not one: nothing loads mermaid from elsewhere.
    expect(await page.locator('[data-needs-client], [data-mermaid-src]').count()).toBe(0);
    expect(await page.locator('script[src*="evil"]').count()).toBe(0);
  });

  it('hostile KaTeX (\\href, \\url, \\htmlId, \\includegraphics…): rendered inert', async () => {
    const page = await open('topics/hostile-math/');
    expect(await page.locator('.prose .katex').count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('.prose a').count()).toBe(0);
    await expectInert(page);
  });

  it('a javascript: link with a tab in the scheme: percent-encoded, so clicking it runs nothing', async () => {
    const page = await open('topics/javascript-obfuscated-link/');
    const link = page.locator('.prose a', { hasText: 'a javascript: link with a tab' });
    expect(await link.getAttribute('href')).toBe('java%09script:alert(%22obfuscated%22)');
    expect(await link.evaluate((a) => (a as HTMLAnchorElement).protocol)).toBe('http:');
    await link.click();
    await page.waitForTimeout(300);
    expect(page.problems.filter((p) => p.startsWith('dialog'))).toEqual([]);
  });

  it('an unclosed code fence: the rest of the note is code, shown as text', async () => {
    const page = await open('topics/unclosed-fence/');
    const code = await textOf(page, '.prose pre');
    expect(code).toContain('</code></pre><script>alert("fence")</script>');
    expect(code).toContain('[[Not a link]] and <img src=x onerror=alert("fence-img")>');
    expect(await page.locator('h2', { hasText: 'Not a heading' }).count()).toBe(0);
    await expectInert(page);
  });

  it('empty file, BOM and CRLF: pages as if the file were clean', async () => {
    const empty = await open('topics/empty/');
    expect(await textOf(empty, 'h1')).toBe('empty');
    const bom = await open('topics/bom/');
    expect(await bom.title()).toMatch(/^Note with a BOM · /);
    expect(await textOf(bom, 'h1')).toBe('Heading after a BOM');
    expect(await bom.locator('a[href$="/tags/encoding/"]').count()).toBeGreaterThan(0);
    expect(await bom.content()).not.toContain('\uFEFF');
    const crlf = await open('topics/crlf/');
    expect(await crlf.title()).toMatch(/^Note with CRLF · /);
    expect(await crlf.locator('h2#first-section').count()).toBe(1);
    expect(await crlf.locator('.prose a.internal-link', { hasText: 'Note with a BOM' }).getAttribute('href')).toBe('/topics/bom/');
    expect(await crlf.locator('svg[data-diagram] [data-node="W"]').count()).toBe(1);
    expect(await textOf(crlf, '.prose')).not.toContain('\r');
    for (const p of [empty, bom, crlf]) await expectInert(p);
  });

  it('a 5 MB note: builds and opens, all of it', async () => {
    const page = await open('topics/huge/');
    expect(await textOf(page, 'h1')).toBe('A five megabyte note');
    expect(await page.locator('.prose h2').count()).toBeGreaterThan(80);
    expect(await page.locator('.prose p').last().textContent()).toBe(HUGE_LAST);
    expect(page.problems).toEqual([]);
  });

  it('hostile queries in the glossary filter, the search page and the search box are echoed as text', async () => {
    const q = '<img src=x onerror=alert("q")>';
    const glossary = await open(`glossary/?q=${encodeURIComponent(q)}`);
    expect(await textOf(glossary, '[data-filter-count]')).toContain(`“${q}”`);
    await glossary.fill('#arbor-glossary-q', '<script>alert("typed")</script>');
    expect(await textOf(glossary, '[data-filter-count]')).toContain('<script>alert("typed")</script>');
    await expectInert(glossary);

    const search = await open(`search/?q=${encodeURIComponent(q)}`);
    await search.waitForFunction(() => document.querySelector('[data-search-status]')?.textContent?.includes('result'), undefined, { timeout: 15_000 });
    expect(await textOf(search, '[data-search-status]')).toContain(`for “${q}”`);
    await expectInert(search);

    // The box on every page: a query that finds the hostile pages shows their titles as text.
    const home = await open('');
    await home.locator('#arbor-search-input').focus();
    await home.locator('#arbor-search-input').pressSequentially('alert', { delay: 20 });
    await home.locator('#arbor-search-results').waitFor({ state: 'visible', timeout: 15_000 });
    await home.waitForFunction(() => (document.querySelector('#arbor-search-results')?.textContent ?? '').includes('alert'), undefined, { timeout: 15_000 });
    await expectInert(home);
  });
});
