/** Links the importer inserts into notes, and the "More in" links of the glossary. */
import { describe, expect, it } from 'vitest';
import { addLinks } from '../../../scripts/import/build.ts';
import { NOTES_000, NOTES_003 } from '../../../scripts/import/curation.ts';
import { contentFiles } from './content-helpers.ts';

const files = contentFiles();
const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
const WIKILINK = /\[\[([^\]|#]+)(?:#[^\]|]*)?(?:\|([^\]]*))?\]\]/g;

/** Every wikilink of content/, with its line. */
const links = files.flatMap((f) => {
  let inFence = false;
  return f.body.split('\n').flatMap((line, i) => {
    if (/^\s*```/.test(line)) inFence = !inFence;
    if (inFence) return [];
    return [...line.matchAll(WIKILINK)].map((m) => ({ file: f.path, line: i + 1, text: line, target: m[1]!, shown: m[2], at: m.index }));
  });
});

/** The page a link target names (slug, title, alias or term), as write.ts checks it. */
function pageOf(target: string) {
  return files.find((f) =>
    [f.path.replace(/^(notes|trees|glossary)\//, '').replace(/\.md$/, ''), f.data.title, f.data.term, ...((f.data.aliases as string[]) ?? [])].some((n) => typeof n === 'string' && norm(n) === norm(target)),
  );
}

describe('addLinks', () => {
  it('links the first plain mention', () => {
    expect(addLinks('a b\nc b', [['b', 'x']])).toBe('a [[x|b]]\nc b');
  });
  it('never links inside a table row (the | would split the cell)', () => {
    expect(addLinks('| a | b |\nthen b', [['b', 'x']])).toBe('| a | b |\nthen [[x|b]]');
    expect(() => addLinks('| a | b |', [['b', 'x']])).toThrow(/not found/);
  });
  it('never links inside a URL, inline code or an existing link', () => {
    expect(() => addLinks('- https://github.com/daturkel/learning-papers', [['https://github.com/daturkel/learning-papers', 'x']])).toThrow(/not found/);
    expect(addLinks('see https://ex.org/papers and papers', [['papers', 'x']])).toBe('see https://ex.org/papers and [[x|papers]]');
    expect(addLinks('`papers` [papers](u) papers', [['papers', 'x']])).toBe('`papers` [papers](u) [[x|papers]]');
  });
  it('keeps ** at the edges outside the link and refuses ** inside it', () => {
    expect(addLinks('They replace **auxiliary loss with more**:', [['**auxiliary loss', 'x']])).toBe('They replace **[[x|auxiliary loss]] with more**:');
    expect(addLinks('with **10 GPUs**.', [['**10 GPUs**', 'x']])).toBe('with **[[x|10 GPUs]]**.');
    expect(() => addLinks('They replace **auxiliary loss with more**:', [['replace **auxiliary loss', 'x']])).toThrow(/emphasis/);
  });
});

describe('links in content/', () => {
  it('found the links', () => expect(links.length).toBeGreaterThan(100));

  it('are never in a table row', () => {
    expect(links.filter((l) => /^\s*\|/.test(l.text)).map((l) => `${l.file}:${l.line}`)).toEqual([]);
  });

  it('never show a URL as the text of an internal link, nor sit inside one', () => {
    const bad = links.filter((l) => /^(https?:|www\.)/.test(l.shown ?? l.target) || /https?:\/\/\S*$/.test(l.text.slice(0, l.at)));
    expect(bad.map((l) => `${l.file}:${l.line}: ${l.shown}`)).toEqual([]);
  });

  it('hold no emphasis markers in their text (they would show as literal **)', () => {
    expect(links.filter((l) => l.shown?.includes('*')).map((l) => `${l.file}:${l.line}: ${l.shown}`)).toEqual([]);
  });

  it('show a title, never a raw slug', () => {
    const raw = links.filter((l) => l.shown === undefined && (l.target.includes('/') || /^[a-z0-9]+(-[a-z0-9]+)+$/.test(l.target)));
    expect(raw.map((l) => `${l.file}:${l.line}: [[${l.target}]]`)).toEqual([]);
    for (const l of links.filter((x) => x.text.startsWith('More in '))) {
      expect(l.shown, `${l.file}: ${l.text}`).toBe(pageOf(l.target)?.data.title);
    }
  });

  it('go where the words point (the inserted links audited in issue 14)', () => {
    const target = (file: string, shown: string) => links.find((l) => l.file === file && l.shown === shown)?.target;
    // each of these once pointed at an unrelated note
    expect(target('notes/study/r-cnn-family.md', 'Mark R-CNN')).toBe('Mask R-CNN');
    expect(target('notes/study/resnet.md', 'Skip connections')).toBe('Skip Connection');
    expect(target('notes/scaling-laws-in-ai-model-training.md', 'Compute-optimal training')).toBeUndefined();
    expect(target('notes/study/diffusion-papers.md', 'Diffusion in conjuction of NN')).toBeUndefined();
    expect(target('notes/study/papers-to-read.md', 'https://github.com/daturkel/learning-papers')).toBeUndefined();
    // and every curated link reaches a page
    for (const spec of [...Object.values(NOTES_000), ...NOTES_003]) for (const [, to] of spec.links ?? []) expect(pageOf(to), `${spec.slug} -> ${to}`).toBeDefined();
  });
});
