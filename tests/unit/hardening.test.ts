/**
 * Hardening of the built site, the plain-TypeScript parts: tooltip ids that stay unique when the
 * glossary puts every term's body on one page, and the rewrite that makes Pagefind's filter
 * files the same bytes for the same input (tests/e2e/hardening-site.test.ts builds real sites).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent, type LoadedContent } from '../../src/core/content/load.ts';
import { buildGraph, type BuiltGraph } from '../../src/core/graph/build.ts';
import { renderSource } from '../../src/render/content.ts';
import { ProblemList } from '../../src/core/problems.ts';
import { decodeCbor, encodeCbor, stabilizePagefindFiles, type Cbor } from '../../src/astro/pagefind-stable.ts';
import { htmlPages } from '../../src/astro/pagefind.ts';
import { tempContent } from '../helpers/temp-content.ts';

describe('term tooltips', () => {
  let content: LoadedContent;
  let built: BuiltGraph;
  const render = async (file: string) => {
    const src = [...content.notes, ...content.terms].find((n) => n.file.endsWith(file))!;
    return renderSource(built, src);
  };
  const tipIds = (html: string) => [...html.matchAll(/role="tooltip" id="([^"]+)"/g)].map((m) => m[1]);

  beforeAll(async () => {
    const { root, contentDir } = tempContent({
      'notes/a.md': '# A\n\nVision and Language, twice: Vision, Language.\n',
      'glossary/vision.md': '---\nterm: Vision\nshort: Seeing.\n---\nRelated to Language and Sound.\n',
      'glossary/language.md': '---\nterm: Language\nshort: Words.\n---\nRelated to Vision and Sound.\n',
      'glossary/sound.md': '---\nterm: Sound\nshort: Hearing.\n---\nNot Vision.\n',
    });
    const problems = new ProblemList();
    content = loadContent(root, contentDir, problems);
    built = await buildGraph(content, { base: '/', brokenLinks: 'error' }, problems);
    expect(problems.errors).toEqual([]);
  });

  it('are numbered per note, apart from heading anchors', async () => {
    const html = await render('notes/a.md');
    expect(tipIds(html)).toEqual(['arbor-tip-1', 'arbor-tip-2']);
    expect(html).toContain('aria-describedby="arbor-tip-1"');
  });

  it('carry the term in a glossary body, so the glossary page has each id once', async () => {
    const bodies = await Promise.all(['glossary/vision.md', 'glossary/language.md', 'glossary/sound.md'].map(render));
    const ids = bodies.flatMap(tipIds);
    expect(ids).toEqual(['arbor-tip-vision-1', 'arbor-tip-vision-2', 'arbor-tip-language-1', 'arbor-tip-language-2', 'arbor-tip-sound-1']);
    expect(new Set(ids).size).toBe(ids.length);
    // Each link names its own tooltip.
    for (const html of bodies) for (const id of tipIds(html)) expect(html).toContain(`aria-describedby="${id}"`);
  });
});

describe('CBOR as Pagefind writes it (cborg, with the options Pagefind needs)', () => {
  it('re-encodes a Pagefind-shaped value to the same bytes, map entries in their order', () => {
    const value: Cbor = ['1.5.2', [['en_1', 'Title', 1000000, -1]], new Map<Cbor, Cbor>([['z', 1], ['a', Uint8Array.from([1, 2])]]), [['kind', 'en_abc']], null, false];
    const bytes = encodeCbor(value);
    expect(decodeCbor(bytes)).toEqual(value);
    expect(Buffer.from(encodeCbor(decodeCbor(bytes))).equals(Buffer.from(bytes))).toBe(true);
    // Shortest forms, as minicbor writes them: 1000000 is 1a000f4240, not a float or a longer integer.
    expect(Buffer.from(encodeCbor(1000000)).toString('hex')).toBe('1a000f4240');
  });

  it('refuses what it could not write back exactly', () => {
    expect(() => decodeCbor(Buffer.from('9f01ff', 'hex'))).toThrow(); // indefinite-length array
    expect(() => decodeCbor(Buffer.from('8201', 'hex'))).toThrow(); // cut short
    expect(() => decodeCbor(Buffer.from('0101', 'hex'))).toThrow(); // trailing bytes
  });
});

describe('a stable Pagefind bundle', () => {
  const pf = (value: Cbor) => gzipSync(Buffer.concat([Buffer.from('pagefind_dcd'), encodeCbor(value)]));
  const read = (bytes: Uint8Array | undefined) => decodeCbor(gunzipSync(bytes!).subarray('pagefind_dcd'.length));
  const kind: [string, number[]][] = [['note', [1, 2]], ['tree', [0]], ['paper', [3]]];
  const tag: [string, number[]][] = [['b', [1]], ['a', [0, 2]]];

  /** A bundle's files as Pagefind 1.5 gives them, with its filters and their values in the given order. */
  function bundle(order: 'one' | 'other'): Map<string, Uint8Array> {
    const files = new Map<string, Uint8Array>();
    const flip = <T>(xs: T[]) => (order === 'one' ? xs : [...xs].reverse());
    const filters: [string, string][] = flip([['kind', 'en_1111111'], ['tag', 'en_2222222']]);
    if (order === 'other') filters.forEach((f) => (f[1] = f[1].replace(/\d/g, (d) => String(+d + 4))));
    for (const [name, hash] of filters) files.set(`filter/${hash}.pf_filter`, pf([name, flip(name === 'kind' ? kind : tag)]));
    const meta = ['1.5.2', [['en_aaaaaaa', 10]], [['a', 'z', 'en_bbbbbbb']], filters, [], ['kind', 'title']];
    const metaHash = order === 'one' ? 'en_0123456789' : 'en_9876543210';
    files.set(`pagefind.${metaHash}.pf_meta`, pf(meta));
    files.set('fragment/en_ccccccc.pf_fragment', Buffer.from('untouched'));
    files.set('pagefind-entry.json', Buffer.from(JSON.stringify({ version: '1.5.2', languages: { en: { hash: metaHash, wasm: 'en', page_count: 4 } } })));
    return files;
  }
  const hex = (files: Map<string, Uint8Array>) => Object.fromEntries([...files].sort(([a], [b]) => (a < b ? -1 : 1)).map(([f, b]) => [f, Buffer.from(b).toString('hex')]));

  it('gives the same bytes and file names whatever order Pagefind wrote the filters in', () => {
    const one = bundle('one');
    const other = bundle('other');
    expect(hex(one)).not.toEqual(hex(other));
    expect(stabilizePagefindFiles(one)).toEqual([]);
    expect(stabilizePagefindFiles(other)).toEqual([]);
    expect(hex(one)).toEqual(hex(other));
  });

  it('keeps every filter value with its pages, sorted, and the entry pointing at the new meta', () => {
    const files = bundle('other');
    stabilizePagefindFiles(files);
    const entry = JSON.parse(Buffer.from(files.get('pagefind-entry.json')!).toString('utf8'));
    expect(entry.languages.en.hash).toMatch(/^en_[0-9a-f]{10}$/);
    const meta = read(files.get(`pagefind.${entry.languages.en.hash}.pf_meta`)) as Cbor[];
    expect(meta.slice(0, 3)).toEqual(['1.5.2', [['en_aaaaaaa', 10]], [['a', 'z', 'en_bbbbbbb']]]);
    expect(meta.slice(4)).toEqual([[], ['kind', 'title']]);
    const filters = meta[3] as [string, string][];
    expect(filters.map(([name]) => name)).toEqual(['kind', 'tag']);
    expect(read(files.get(`filter/${filters[0]![1]}.pf_filter`))).toEqual(['kind', [['note', [1, 2]], ['paper', [3]], ['tree', [0]]]]);
    expect(read(files.get(`filter/${filters[1]![1]}.pf_filter`))).toEqual(['tag', [['a', [0, 2]], ['b', [1]]]]);
    // Only the rewritten files are left, and the rest is untouched.
    expect([...files.keys()].sort()).toEqual(
      [...filters.map(([, h]) => `filter/${h}.pf_filter`), 'fragment/en_ccccccc.pf_fragment', 'pagefind-entry.json', `pagefind.${entry.languages.en.hash}.pf_meta`].sort(),
    );
    expect(Buffer.from(files.get('fragment/en_ccccccc.pf_fragment')!).toString()).toBe('untouched');
  });

  it('leaves a file that is not gzip as it is, and says so, instead of failing the build', () => {
    const files = bundle('one');
    files.set('filter/en_1111111.pf_filter', Buffer.from('plain bytes'));
    const before = hex(files);
    expect(stabilizePagefindFiles(files)).toEqual([expect.stringMatching(/en_1111111\.pf_filter: not gzip/)]);
    expect(hex(files)).toEqual(before);
  });

  it('leaves a file it could not re-encode exactly as Pagefind wrote it, and says so', () => {
    const files = bundle('one');
    // The same filter chunk with a needlessly long length (0x98 0x02): valid CBOR, not minicbor's.
    const odd = Buffer.concat([Buffer.from('pagefind_dcd'), Buffer.from('8264', 'hex'), Buffer.from('kind'), Buffer.from('9803', 'hex'), ...kind.map((k) => encodeCbor(k))]);
    files.set('filter/en_1111111.pf_filter', gzipSync(odd));
    expect(decodeCbor(odd.subarray(12))).toEqual(['kind', kind]);
    const before = hex(files);
    const problems = stabilizePagefindFiles(files);
    expect(problems).toEqual([expect.stringMatching(/en_1111111\.pf_filter: does not re-encode to the same bytes/)]);
    expect(hex(files)).toEqual(before);
  });
});

describe('pages for the search index', () => {
  it('are every HTML file outside the bundle, sorted, at the URL Pagefind gives a file', () => {
    const { root } = tempContent({});
    for (const f of ['topics/b/index.html', 'index.html', 'topics/a/index.html', '404.html', 'pagefind/x.html', 'glossary/index.html'])
      mkdirSync(join(root, f, '..'), { recursive: true }), writeFileSync(join(root, f), '<html></html>');
    expect(htmlPages(root)).toEqual([
      { file: '404.html', url: '/404.html' },
      { file: 'glossary/index.html', url: '/glossary/' },
      { file: 'index.html', url: '/' },
      { file: 'topics/a/index.html', url: '/topics/a/' },
      { file: 'topics/b/index.html', url: '/topics/b/' },
    ]);
  });
});

describe("the digest of Arbor's code, part of every page's cache key", () => {
  it('changes when a module or the lock file changes, and only then', async () => {
    const { codeDigest } = await import('../../src/astro/code-digest.ts');
    const { root } = tempContent({});
    mkdirSync(join(root, 'src', 'lib'), { recursive: true });
    writeFileSync(join(root, 'src', 'lib', 'plugin.ts'), 'export const a = 1;\n');
    writeFileSync(join(root, 'package-lock.json'), '{"v":1}');
    const first = codeDigest(root);
    expect(codeDigest(root)).toBe(first);
    writeFileSync(join(root, 'src', 'lib', 'notes.md'), 'not code');
    expect(codeDigest(root)).toBe(first);
    writeFileSync(join(root, 'src', 'lib', 'plugin.ts'), 'export const a = 2;\n');
    const second = codeDigest(root);
    expect(second).not.toBe(first);
    writeFileSync(join(root, 'package-lock.json'), '{"v":2}');
    expect(codeDigest(root)).not.toBe(second);
  });
});
