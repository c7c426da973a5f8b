/** The structure of the imported notes: what a reader of the site would stumble on. */
import { describe, expect, it } from 'vitest';
import type { List, ListItem, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { CUT_OFF_MARK, escapeCurrency, looseNotes, markCutOff, nestSubItems, structureExample } from '../../../scripts/import/build.ts';
import { TREES_FROM_NOTES, NOTES_000 } from '../../../scripts/import/curation.ts';
import { statementLines } from '../../../scripts/import/mermaid.ts';
import { parseMarkdown } from '../../../src/core/syntax/parse.ts';
import { contentFiles, mermaidBlocks } from './content-helpers.ts';

const files = contentFiles();
const notes = files.filter((f) => !f.path.startsWith('glossary/'));
const file = (path: string) => files.find((f) => f.path === path)!;
const tree = (body: string) => parseMarkdown(body) as Root;
const walk = (nodes: RootContent[], visit: (n: RootContent) => void): void => {
  for (const n of nodes) {
    visit(n);
    if ('children' in n) walk(n.children as RootContent[], visit);
  }
};

describe('lists', () => {
  it('nest sub-points indented short of their parent’s text', () => {
    expect(nestSubItems(['5. Five: three kinds', '  1. one', '  2. two', '6. Six'])).toEqual(['5. Five: three kinds', '   1. one', '   2. two', '6. Six']);
    expect(nestSubItems(['- a', '  - b', '    - c'])).toEqual(['- a', '  - b', '    - c']);
  });

  it('the prompts note has its ten prompts, the three sub-points inside the fifth', () => {
    const root = tree(file('notes/prompts-to-see-sota-papers-and-ideas-in-code.md').body);
    const lists = root.children.filter((n): n is List => n.type === 'list');
    expect(lists).toHaveLength(1);
    expect(lists[0]!.children).toHaveLength(10);
    const fifth = lists[0]!.children[4] as ListItem;
    const sub = fifth.children.find((n): n is List => n.type === 'list');
    expect(sub?.children.map((i) => toString(i).split(' ')[0])).toEqual(['Nvidia', 'Anthropic', 'Huggingface']);
  });

  it('no list item anywhere sits between its parent’s marker and text', () => {
    const bad: string[] = [];
    for (const f of notes) {
      const lines = f.body.split('\n');
      if (nestSubItems(lines).join('\n') !== f.body) bad.push(f.path);
    }
    expect(bad).toEqual([]);
  });

  it('no numbered list starts past 1 (the R-CNN notes continue ResNet’s list in the seed)', () => {
    const bad: string[] = [];
    for (const f of notes) walk(tree(f.body).children, (n) => n.type === 'list' && n.ordered && (n.start ?? 1) !== 1 && bad.push(`${f.path}: starts at ${n.start}`));
    expect(bad).toEqual([]);
    expect(looseNotes(['3. Mark R-CNN', '   1. masks', '4. ROI', '- RCNN'])).toEqual(['1. Mark R-CNN', '   1. masks', '2. ROI', '- RCNN']);
  });
});

describe('fact 11’s worked example', () => {
  it('keeps each line of the dialogue a line', () => {
    expect(structureExample(['Text. e.g.', '*Dialogue Turns*:', '    User: "Hi." (1 tokens)', '    Model: "Hello." (1 tokens)', '*Breakdown*:', '  Context Size: sum of', '  5 + 7 = 12 tokens.', '', 'After.'])).toEqual([
      'Text. e.g.', '', '*Dialogue Turns*:', '', '- User: "Hi." (1 tokens)', '- Model: "Hello." (1 tokens)', '', '*Breakdown*:', '', '- Context Size: sum of', '  5 + 7 = 12 tokens.', '', 'After.',
    ]);
  });

  it('renders as separate items in the facts note', () => {
    const body = file('notes/twenty-ml-and-systems-facts.md').body;
    const section = body.slice(body.indexOf('## 11.'), body.indexOf('## 12.'));
    const items: string[] = [];
    const paras: string[] = [];
    walk(tree(section).children, (n) => (n.type === 'listItem' ? items.push(toString(n)) : n.type === 'paragraph' && paras.push(toString(n))));
    expect(items.filter((t) => /^(User|Model):/.test(t))).toHaveLength(5);
    expect(items.filter((t) => /^(Prompt Size|Context Size|Sequence Length):/.test(t))).toHaveLength(3);
    for (const p of paras) expect((p.match(/\b(User|Model):/g) ?? []).length, p).toBeLessThanOrEqual(1);
  });
});

describe('headings', () => {
  it('a `#` line with nothing under it is a plain line; the note’s highest heading is h2', () => {
    expect(looseNotes(['# simple framework for constractive learning', '# dl stanford', 'http://x'])).toEqual(['- simple framework for constractive learning', '', '## dl stanford', '', '- http://x']);
    expect(looseNotes(['## David Reed', '', '### Success Hacks', '1. Be prepared'])).toEqual(['## David Reed', '', '### Success Hacks', '', '1. Be prepared']);
  });

  it('no note has an empty heading or skips a level', () => {
    const bad: string[] = [];
    for (const f of notes) {
      const blocks = tree(f.body).children;
      let level = 1;
      blocks.forEach((n, i) => {
        if (n.type !== 'heading') return;
        if (n.depth > level + 1) bad.push(`${f.path}: h${level} → h${n.depth} "${toString(n)}"`);
        level = n.depth;
        const next = blocks[i + 1];
        if (!next || (next.type === 'heading' && next.depth <= n.depth)) bad.push(`${f.path}: empty heading "${toString(n)}"`);
      });
    }
    expect(bad).toEqual([]);
  });
});

describe('text cut off in the seeds', () => {
  it('is marked, with the bold it opened closed', () => {
    expect(markCutOff(['- a', '- **AGI will redef'], '- **AGI will redef', 'x')).toEqual(['- a', `- **AGI will redef…** ${CUT_OFF_MARK}`]);
    expect(() => markCutOff(['- **AGI will redefine**'], '- **AGI will redef', 'x')).toThrow(/expected the section to end/);
  });

  it('both places end with the mark, and no note ends with bold left open', () => {
    for (const slug of ['agi-overview', 'agi-autonomy-and-agentic-ai']) expect(file(`notes/${slug}.md`).body.trimEnd().endsWith(CUT_OFF_MARK), slug).toBe(true);
    const open = notes.filter((f) => {
      const last = f.body.trimEnd().split('\n').pop()!;
      return !last.startsWith('```') && (last.match(/\*\*/g)?.length ?? 0) % 2 === 1;
    });
    expect(open.map((f) => f.path)).toEqual([]);
  });
});

describe('money is not math', () => {
  it('escapes $ before a digit outside code', () => {
    expect(escapeCurrency(['**$150/year** (**$12.50/month**)', '`$5`', '```', '$5-$20', '```'])).toEqual(['**\\$150/year** (**\\$12.50/month**)', '`$5`', '```', '$5-$20', '```']);
  });
  it('no note has math the seeds did not write', () => {
    const bad: string[] = [];
    for (const f of notes) walk(tree(f.body).children, (n) => n.type === 'inlineMath' && /^\d/.test(n.value) && bad.push(`${f.path}: $${n.value}$`));
    expect(bad).toEqual([]);
  });
});

describe('diagrams that became trees', () => {
  it('are still shown in the notes they came from', () => {
    expect(TREES_FROM_NOTES).toHaveLength(6);
    for (const t of TREES_FROM_NOTES) {
      const [treeSrc] = mermaidBlocks(file(`trees/${t.slug}.md`).body);
      const note = file(`notes/${NOTES_000[t.note]!.slug}.md`);
      const want = statementLines(treeSrc!);
      expect(mermaidBlocks(note.body).some((src) => want.every((l) => statementLines(src).includes(l))), t.slug).toBe(true);
      expect(note.body, t.slug).toContain(`[[${t.slug}|`);
    }
  });
});
