/** The analysis' first pass: what one body holds, by line and by offset, without other files. */
import { describe, expect, it } from 'vitest';
import { extractFacts, wikiLinkText } from '../../src/core/graph/extract.ts';

const body = [
  '# Title',
  '',
  'See [[notes/ml-map|the ML map]] and [[Attention#Heads]] in Vision work.',
  '',
  '## Vision section',
  '',
  '| Vision | [[Attention]] |',
  '|---|---|',
  '| cell | text |',
  '',
  '```mermaid title="A tree"',
  'flowchart LR',
  '  A --> B',
  '```',
  '',
  '`Vision` in code and [a link](other.md#x).',
].join('\n');

describe('extractFacts', () => {
  const facts = extractFacts(body);

  it('records headings with their anchors, lines and offsets', () => {
    expect(facts.h1).toBe('Title');
    expect(facts.headings.map((h) => [h.depth, h.text, h.anchor, h.line])).toEqual([
      [1, 'Title', 'title', 1],
      [2, 'Vision section', 'vision-section', 5],
    ]);
    expect(body.slice(facts.headings[1]!.offset).startsWith('## Vision section')).toBe(true);
  });

  it('records each wikilink where it starts, with the sentence around it read as prose', () => {
    const links = facts.items.filter((i) => i.type === 'wikiLink');
    expect(links.map((l) => [l.target, l.heading, l.alias, l.line])).toEqual([
      ['notes/ml-map', undefined, 'the ML map', 3],
      ['Attention', 'Heads', undefined, 3],
      ['Attention', undefined, undefined, 7],
    ]);
    for (const l of links) expect(body.slice(l.offset).startsWith('[[')).toBe(true);
    // The backlink sentence shows the link's text, not `notes/ml-map|the ML map`.
    expect(links[0]!.context).toBe('See the ML map and Attention › Heads in Vision work.');
  });

  it('offers for term mentions only text outside headings, table cells, code and links', () => {
    const texts = facts.items.filter((i) => i.type === 'text').map((t) => t.value);
    expect(texts.join('|')).toContain(' in Vision work.');
    expect(texts.some((t) => t.includes('Vision section'))).toBe(false);
    expect(texts.some((t) => t === 'Vision')).toBe(false);
    expect(texts.some((t) => t.includes('a link'))).toBe(false);
  });

  it('records mermaid fences with their meta, line and the heading above', () => {
    expect(facts.fences).toHaveLength(1);
    expect(facts.fences[0]).toMatchObject({ line: 11, meta: 'title="A tree"', heading: 'Vision section', value: 'flowchart LR\n  A --> B' });
    expect(body.slice(facts.fences[0]!.offset).startsWith('```mermaid')).toBe(true);
  });

  it('records Markdown links with their text', () => {
    expect(facts.items.filter((i) => i.type === 'link')).toMatchObject([{ url: 'other.md#x', text: 'a link', line: 16 }]);
  });

  it('reports a body nested too deep instead of a tree', () => {
    const deep = extractFacts(`${'>'.repeat(300)} deep`);
    expect(deep.nesting?.line).toBe(1);
    expect(deep.items).toEqual([]);
  });

  it('reads a wikilink as its text', () => {
    expect(wikiLinkText({ value: 'a|b', target: 'a', alias: 'b' })).toBe('b');
    expect(wikiLinkText({ value: '#h', target: '', heading: 'h' })).toBe('h');
    expect(wikiLinkText({ value: 'a#h', target: 'a', heading: 'h' })).toBe('a › h');
  });
});
