import { describe, expect, it } from 'vitest';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { math } from 'micromark-extension-math';
import { mathFromMarkdown } from 'mdast-util-math';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import type { Root } from 'mdast';
import { bracketMathFromMarkdown, bracketMathSyntax } from '../../src/core/syntax/bracket-math.ts';
import { splitWikiLink, wikiLinkFromMarkdown, wikiLinkSyntax, type WikiLink } from '../../src/core/syntax/wikilink.ts';

function parse(src: string): Root {
  return fromMarkdown(src, {
    extensions: [math(), bracketMathSyntax(), wikiLinkSyntax()],
    mdastExtensions: [mathFromMarkdown(), bracketMathFromMarkdown(), wikiLinkFromMarkdown()],
  });
}

function collect<T>(tree: Root, type: string): T[] {
  const out: T[] = [];
  visit(tree, type, (n) => void out.push(n as T));
  return out;
}

type MathNode = { value: string; data: { hProperties: { className: string[] } } };

describe('bracket math', () => {
  it('parses \\( \\) as inline math and \\[ \\] as display math, like $ and $$', () => {
    const tree = parse(String.raw`Loss \( L(N) = (N_c / N)^{\alpha_N} \) then \[ E + \frac{A}{N^\alpha} \] and $x$.`);
    const nodes = collect<MathNode>(tree, 'inlineMath');
    expect(nodes.map((n) => n.value)).toEqual([String.raw`L(N) = (N_c / N)^{\alpha_N}`, String.raw`E + \frac{A}{N^\alpha}`, 'x']);
    expect(nodes.map((n) => n.data.hProperties.className[1])).toEqual(['math-inline', 'math-display', 'math-inline']);
  });

  it('spans lines inside a paragraph and keeps escaped characters inside math', () => {
    const tree = parse('Multi \\[\na_1 + b_1 \\\\ c\n\\] done');
    const [node] = collect<MathNode>(tree, 'inlineMath');
    expect(node?.value).toBe('a_1 + b_1 \\\\ c');
  });

  it('accepts math that starts with a command or a line break', () => {
    const tree = parse('\\[\\frac{a}{b}\\] and \\(\n\\alpha\n\\)');
    expect(collect<MathNode>(tree, 'inlineMath').map((n) => n.value)).toEqual(['\\frac{a}{b}', '\\alpha']);
  });

  it('never touches code spans or code blocks', () => {
    const tree = parse('Use `\\( x \\)` here.\n\n```\n\\[ y \\]\n```\n');
    expect(collect(tree, 'inlineMath')).toHaveLength(0);
    expect(collect<{ value: string }>(tree, 'inlineCode')[0]?.value).toBe('\\( x \\)');
    expect(collect<{ value: string }>(tree, 'code')[0]?.value).toBe('\\[ y \\]');
  });

  it('leaves an unclosed \\( as an ordinary escaped parenthesis', () => {
    const tree = parse('A stray \\(paren and `code \\)` after.');
    expect(collect(tree, 'inlineMath')).toHaveLength(0);
    expect(toString(tree)).toContain('A stray (paren');
  });

  it('does not treat an empty \\(\\) as math', () => {
    expect(collect(parse('empty \\(\\) here'), 'inlineMath')).toHaveLength(0);
  });
});

describe('wikilinks', () => {
  it('parses every link form with its parts and position', () => {
    const tree = parse('See [[Scaling Laws|the laws]], [[#Intro]], [[Attention#Multi-Head Attention]] and ![[Embed]].');
    const links = collect<WikiLink>(tree, 'wikiLink');
    expect(links.map(({ target, heading, alias, embed }) => ({ target, heading, alias, embed }))).toEqual([
      { target: 'Scaling Laws', heading: undefined, alias: 'the laws', embed: false },
      { target: '', heading: 'Intro', alias: undefined, embed: false },
      { target: 'Attention', heading: 'Multi-Head Attention', alias: undefined, embed: false },
      { target: 'Embed', heading: undefined, alias: undefined, embed: true },
    ]);
    expect(links[0]?.position?.start).toMatchObject({ line: 1, column: 5 });
  });

  it('does not parse broken or empty brackets, or wikilinks in code', () => {
    const tree = parse('[[]] and [[a]b]] and [[open\nline]] and `[[code]]`');
    expect(collect(tree, 'wikiLink')).toHaveLength(0);
  });

  it('keeps ordinary links and images working', () => {
    const tree = parse('[text](other.md) and ![alt](x.png)');
    expect(collect(tree, 'link')).toHaveLength(1);
    expect(collect(tree, 'image')).toHaveLength(1);
  });

  it('accepts an escaped pipe (links inside tables)', () => {
    expect(splitWikiLink('Note\\|shown')).toEqual({ target: 'Note', heading: undefined, alias: 'shown' });
  });
});
