import { describe, expect, it } from 'vitest';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { math } from 'micromark-extension-math';
import { mathFromMarkdown } from 'mdast-util-math';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import type { Root } from 'mdast';
import { bracketMathFromMarkdown, bracketMathSyntax } from '../../src/core/syntax/bracket-math.ts';
import { splitWikiLink, wikiLinkFromMarkdown, wikiLinkSyntax, type WikiLink } from '../../src/core/syntax/wikilink.ts';
import { parseMarkdown, tablePipesInWikiLinks } from '../../src/core/syntax/parse.ts';
import { gfm } from 'micromark-extension-gfm';
import { gfmFromMarkdown } from 'mdast-util-gfm';

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

describe('$ math, by the rule Pandoc and Obsidian readers expect', () => {
  const mathIn = (src: string) => collect<MathNode>(parseMarkdown(src), 'inlineMath').map((n) => n.value);
  const textOf = (src: string) => toString(parseMarkdown(src));

  it('leaves prices as text', () => {
    expect(mathIn('an estimated cost of $5-$20 per question')).toEqual([]);
    expect(textOf('an estimated cost of $5-$20 per question')).toBe('an estimated cost of $5-$20 per question');
    expect(mathIn('$150/year ($12.50/month)')).toEqual([]);
    expect(mathIn('US$5 and $10, or $ 3 $')).toEqual([]);
  });

  it('reads $…$ whose opening is followed and closing preceded by a non-space as math', () => {
    expect(mathIn('loss $L(N) = E + \\frac{A}{N^\\alpha}$ and $x$.')).toEqual(['L(N) = E + \\frac{A}{N^\\alpha}', 'x']);
    expect(mathIn('for $n$-grams')).toEqual(['n']);
  });

  it('does not open on "$ " nor close on " $" or before a digit', () => {
    expect(mathIn('$ x$ and $x $')).toEqual([]);
    // The `$` before 1 cannot close, nor the one after a space: the math runs to the last `$`.
    expect(mathIn('$a$1 and $b$')).toEqual(['a$1 and $b']);
  });

  it('reads \\$ as a dollar, outside math and inside it', () => {
    expect(mathIn('\\$5 and \\$6')).toEqual([]);
    expect(textOf('\\$5 and \\$6')).toBe('$5 and $6');
    expect(mathIn('$\\$x$')).toEqual(['\\$x']);
  });

  it('keeps $$…$$ inline math and never reaches into a code span', () => {
    expect(mathIn('inline $$x+y$$ here')).toEqual(['x+y']);
    expect(mathIn('cost $5, see `$x$`')).toEqual([]);
  });

  it('spans the lines of a paragraph', () => {
    expect(mathIn('a $x +\ny$ b')).toEqual(['x +\ny']);
  });
});

describe('wikilinks in table rows', () => {
  const cells = (src: string) =>
    collect<{ children: Root['children'] }>(parseMarkdown(src), 'tableCell').map((c) =>
      c.children.map((n) => (n.type === ('wikiLink' as string) ? `[${(n as unknown as WikiLink).target}→${(n as unknown as WikiLink).alias}]` : toString(n))).join(''),
    );

  it('keeps [[slug|Label]] in its cell, as [[slug\\|Label]] (Obsidian\'s escape) does', () => {
    const table = '| Paper | Note |\n|---|---|\n| [[p09-cosmo|COSMO]] and [[vision\\|Vision]] | second |\n| plain | [[a|b]] |\n';
    expect(cells(table)).toEqual(['Paper', 'Note', '[p09-cosmo→COSMO] and [vision→Vision]', 'second', 'plain', '[a→b]']);
  });

  it('leaves pipes outside wikilinks as cell dividers, and code as written', () => {
    expect(cells('| a | b |\n|-|-|\n| `[[c|d]]` | [[e]] |\n')).toEqual(['a', 'b', '[[c|d]]', '[e→undefined]']);
    expect(cells('| a | b |\n|-|-|\n| [[x | y\n')).toEqual(['a', 'b', '[[x', 'y']);
  });

  it('keeps the lines of the body, so problems are reported where they are', () => {
    const tree = parseMarkdown('text\n\n| a |\n|-|\n| [[p|q]] [[r|s]] |\n\nafter [[t|u]]\n');
    const links = collect<WikiLink>(tree, 'wikiLink');
    expect(links.map((l) => [l.target, l.position?.start.line])).toEqual([['p', 5], ['r', 5], ['t', 7]]);
  });

  it('finds the pipes to escape only inside a row\'s [[…]]', () => {
    const body = '| a | c |\n|-|-|\n| [[d\\|e]] | [[f|g|h]] |';
    // Cell dividers and an escaped pipe are left as they are.
    const at = tablePipesInWikiLinks(body, fromMarkdown(body, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }));
    expect(at.map((i) => body.slice(i - 1, i + 2))).toEqual(['f|g', 'g|h']);
  });
});
