/**
 * Layouts that read (issue 12): the layout a flowchart gets (engine, direction, spacing) from its
 * model or its fence, how that is written into the drawn source, and that the drawing page's ELK
 * follows the spacing while node ids stay what they were.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import { parseDocument } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../../../src/core/diagrams/browser.ts';
import { diagramKey } from '../../../src/core/diagrams/cache.ts';
import { renderDiagrams } from '../../../src/core/diagrams/draw.ts';
import {
  applyLayout,
  authoredLayout,
  chooseLayout,
  DAGRE_FROM_EDGES,
  estimateSize,
  flowchartHeader,
  layoutValue,
  ROOM,
  type LayoutInput,
} from '../../../src/core/diagrams/layout.ts';
import { parseDiagram } from '../../../src/core/diagrams/parse.ts';
import { decorateSvg } from '../../../src/core/diagrams/svg.ts';
import { loadContent } from '../../../src/core/content/load.ts';
import { buildGraph } from '../../../src/core/graph/build.ts';
import { ProblemList } from '../../../src/core/problems.ts';
import { tempContent } from '../../helpers/temp-content.ts';

const root = resolve(import.meta.dirname, '..', '..', '..');
/** The first ```mermaid fence of a notebook page. */
function notebookDiagram(path: string): string {
  const text = readFileSync(join(root, 'content', path), 'utf8');
  const open = text.indexOf('```mermaid');
  const start = text.indexOf('\n', open) + 1;
  return text.slice(start, text.indexOf('\n```', start) + 1);
}
const CONCEPT_MAP = notebookDiagram('trees/ml-in-2025-concept-map.md');
const KEY_TERMS = notebookDiagram('notes/papers/bluefog-make-decentralized-algorithms-practical-for.md');
const SMALL = notebookDiagram('notes/arc-agi-benchmark.md');

const chain = (n: number, dir = 'TD'): string => [`flowchart ${dir}`, ...Array.from({ length: n - 1 }, (_, i) => `  N${i}[Step number ${i}] --> N${i + 1}[Step number ${i + 1}]`)].join('\n');

describe('fence values', () => {
  it('reads the documented values, any case, TD as TB, and nothing else', () => {
    expect(layoutValue('layout', 'ELK')).toBe('elk');
    expect(layoutValue('layout', 'dagre')).toBe('dagre');
    expect(layoutValue('direction', 'td')).toBe('TB');
    expect(layoutValue('direction', 'LR')).toBe('LR');
    expect(layoutValue('spacing', 'Compact')).toBe('compact');
    for (const [option, value] of [['layout', 'cose'], ['direction', 'up'], ['spacing', 'tight'], ['layout', '']] as const) expect(layoutValue(option, value)).toBeUndefined();
  });
});

describe('flowchartHeader', () => {
  it('finds the direction after front matter, comments and directives, and where one would go without it', () => {
    const src = '---\ntitle: T\n---\n\n%% a comment\n%%{init: {"theme": "base"}}%%\n  graph TD;\n  A --> B\n';
    const h = flowchartHeader(src)!;
    expect(h.keyword).toBe('graph');
    expect(src.slice(h.direction!.start, h.direction!.end)).toBe('TD');
    expect(h.frontMatter?.text).toBe('title: T\n');
    const bare = flowchartHeader('flowchart\n  A --> B')!;
    expect(bare.direction).toBeUndefined();
    expect(bare.keywordEnd).toBe('flowchart'.length);
    expect(flowchartHeader('flowchart-elk LR\nA-->B')?.keyword).toBe('flowchart-elk');
  });

  it('is undefined for other diagram types and for a keyword that merely starts a word', () => {
    expect(flowchartHeader('mindmap\n  root')).toBeUndefined();
    expect(flowchartHeader('sequenceDiagram\n  A->>B: hi')).toBeUndefined();
    expect(flowchartHeader('graphs TD\nA-->B')).toBeUndefined();
  });
});

describe('authoredLayout', () => {
  it('reads the header direction, flowchart-elk and the front matter’s own layout and spacing', () => {
    expect(authoredLayout('graph LR\nA-->B')).toEqual({ direction: 'LR' });
    expect(authoredLayout('flowchart-elk TD\nA-->B')).toEqual({ direction: 'TB', layout: 'elk' });
    expect(authoredLayout('---\nconfig:\n  layout: dagre\n  flowchart:\n    nodeSpacing: 80\n---\nflowchart\nA-->B')).toEqual({ layout: 'dagre', spacing: true });
  });
});

describe('applyLayout', () => {
  const choice = (direction: 'TB' | 'LR', spacing: 'compact' | 'normal' = 'compact') => ({ layout: 'elk' as const, direction, spacing, turned: false, estimate: { w: 0, h: 0 } });
  const config = (src: string) => parseDocument(flowchartHeader(src)!.frontMatter!.text).toJS() as Record<string, unknown>;

  it('writes the engine and spacing as front matter and turns the header', () => {
    const out = applyLayout('graph TD;\n  A -->|x| B\n', choice('LR'));
    expect(config(out)).toEqual({ config: { layout: 'elk', flowchart: { nodeSpacing: 25, rankSpacing: 25 } } });
    expect(out.endsWith('graph LR;\n  A -->|x| B\n')).toBe(true);
    expect(applyLayout('flowchart\nA-->B', choice('LR'))).toContain('\nflowchart LR\nA-->B');
    // The author's direction kept as written when it is the chosen one (TD, not rewritten to TB).
    expect(applyLayout('flowchart TD\nA-->B', choice('TB'))).toContain('\nflowchart TD\nA-->B');
  });

  it('keeps the author’s front matter, and the author’s settings win key by key', () => {
    const src = '---\ntitle: Mine\nconfig:\n  flowchart:\n    nodeSpacing: 90\n  theme: forest\n---\nflowchart TD\nA-->B\n';
    expect(config(applyLayout(src, choice('TB')))).toEqual({ title: 'Mine', config: { layout: 'elk', theme: 'forest', flowchart: { nodeSpacing: 90, rankSpacing: 25 } } });
  });

  it('leaves a source it cannot read as it is', () => {
    expect(applyLayout('mindmap\n  root', choice('LR'))).toBe('mindmap\n  root');
  });

  it('changes nothing mermaid models: the same nodes, edges and edge ids', async () => {
    for (const src of [CONCEPT_MAP, KEY_TERMS, '---\ntitle: T\n---\ngraph TD;\n  A[One] -->|a| B((Two))\n  click A "x"\n']) {
      const before = await parseDiagram(src);
      const after = await parseDiagram(applyLayout(src, choice('LR')));
      expect(after.nodes).toEqual(before.nodes);
      expect(after.edges).toEqual(before.edges);
      expect(after.type).toBe(before.type);
    }
  });
});

describe('estimateSize', () => {
  const model = async (src: string): Promise<LayoutInput> => parseDiagram(src);

  it('sees a chain as tall top-down and wide left to right', async () => {
    const m = await model(chain(12));
    const td = estimateSize(m, 'TB', 'normal');
    const lr = estimateSize(m, 'LR', 'normal');
    expect(td.h).toBeGreaterThan(3 * td.w);
    expect(lr.w).toBeGreaterThan(3 * lr.h);
    expect(estimateSize(m, 'TB', 'compact').h).toBeLessThan(td.h);
  });

  it('sees the labels of parallel edges side by side top-down, one above the other left to right', async () => {
    const labels = ['Aligns Vision & Language', 'Enhances Matching', 'Fuses Vision & Language', 'Visual-Language Integration', 'Bridges Text & Vision', 'Probes Visual Context'];
    const m = await model(['flowchart TD', ...labels.map((l) => `  A -->|${l}| B`)].join('\n'));
    const td = estimateSize(m, 'TB', 'normal');
    const lr = estimateSize(m, 'LR', 'normal');
    expect(td.w).toBeGreaterThan(2 * lr.w);
    expect(lr.h).toBeGreaterThan(1.5 * td.h);
  });

  it('survives cycles, self loops and edges to unknown nodes', () => {
    const m: LayoutInput = { type: 'flowchart-v2', nodes: [{ id: 'A', label: 'A' }, { id: 'B', label: 'B' }], edges: [{ from: 'A', to: 'B', label: '' }, { from: 'B', to: 'A', label: 'back' }, { from: 'A', to: 'A', label: '' }, { from: 'A', to: 'Z', label: '' }] };
    const s = estimateSize(m, 'TB', 'normal');
    expect(s.w).toBeGreaterThan(0);
    expect(s.h).toBeGreaterThan(0);
  });
});

describe('chooseLayout', () => {
  it('turns the concept map left to right, compact, in ELK: top-down it is estimated far wider', async () => {
    const m = await parseDiagram(CONCEPT_MAP);
    const c = chooseLayout(m, authoredLayout(CONCEPT_MAP))!;
    expect(c).toMatchObject({ layout: 'elk', direction: 'LR', spacing: 'compact', turned: true });
    expect(estimateSize(m, 'TB', 'compact').w).toBeGreaterThan(1.5 * c.estimate.w);
  });

  it('keeps a tall chain of key terms top-down (left to right it would be far wider), compact because it is tall', async () => {
    const m = await parseDiagram(KEY_TERMS);
    const c = chooseLayout(m, authoredLayout(KEY_TERMS))!;
    expect(c).toMatchObject({ layout: 'elk', direction: 'TB', spacing: 'compact', turned: false });
    expect(estimateSize(m, 'TB', 'normal').h).toBeGreaterThan(ROOM.h);
  });

  it('leaves a diagram that fits as written, with mermaid’s spacing', async () => {
    const m = await parseDiagram(SMALL);
    expect(chooseLayout(m, authoredLayout(SMALL))).toMatchObject({ layout: 'elk', direction: 'TB', spacing: 'normal', turned: false });
  });

  it('turns a too-wide left-to-right chart top-down, keeping the sense of each axis', async () => {
    const wide = chain(14, 'LR');
    expect(chooseLayout(await parseDiagram(wide), authoredLayout(wide))).toMatchObject({ direction: 'TB', turned: true });
    const back = chain(14, 'RL');
    expect(chooseLayout(await parseDiagram(back), authoredLayout(back))).toMatchObject({ direction: 'BT', turned: true });
  });

  it('does what the fence says, then what the source says', async () => {
    const m = await parseDiagram(CONCEPT_MAP);
    expect(chooseLayout(m, { direction: 'TB' }, { direction: 'TB', layout: 'dagre', spacing: 'normal' })).toMatchObject({ direction: 'TB', layout: 'dagre', spacing: 'normal', turned: false });
    expect(chooseLayout(m, { direction: 'TB', layout: 'dagre' })?.layout).toBe('dagre');
    expect(chooseLayout(m, { direction: 'TB', layout: 'elk' }, { layout: 'dagre' })?.layout).toBe('dagre');
    // Spacing the source sets itself is left to it.
    expect(chooseLayout(m, { direction: 'TB', spacing: true })?.spacing).toBe('normal');
  });

  it(`takes dagre from ${DAGRE_FROM_EDGES} edges on (ELK is several times slower there)`, () => {
    const nodes = Array.from({ length: 40 }, (_, i) => ({ id: `N${i}`, label: `N${i}` }));
    const edges = (n: number) => Array.from({ length: n }, (_, i) => ({ from: `N${i % 40}`, to: `N${(i * 7 + 3) % 40}`, label: '' }));
    expect(chooseLayout({ type: 'flowchart-v2', nodes, edges: edges(DAGRE_FROM_EDGES) })?.layout).toBe('dagre');
    expect(chooseLayout({ type: 'flowchart-v2', nodes, edges: edges(DAGRE_FROM_EDGES - 1) })?.layout).toBe('elk');
  });

  it('chooses nothing for diagrams other than flowcharts', () => {
    for (const type of ['mindmap', 'sequence', 'pie', 'swimlane']) expect(chooseLayout({ type, nodes: [], edges: [] })).toBeUndefined();
  });
});

describe('fence options in a build', () => {
  async function graphOf(meta: string, body = 'flowchart TD\n  A[One] -->|x| B[Two]') {
    const { root: dir, contentDir } = tempContent({ 'notes/chart.md': `# Chart\n\nText.\n\n\`\`\`mermaid ${meta}\n${body}\n\`\`\`\n` });
    const problems = new ProblemList();
    const { graph } = await buildGraph(loadContent(dir, contentDir, problems), { base: '/', brokenLinks: 'error' }, problems);
    rmSync(dir, { recursive: true, force: true });
    return { diagram: graph.diagrams[0]!, problems };
  }

  it('writes the asked layout into the drawn source and its hash', async () => {
    const plain = await graphOf('');
    const asked = await graphOf('layout=dagre direction=LR spacing=compact');
    expect(asked.diagram.drawn).toContain('flowchart LR');
    expect(asked.diagram.drawn).toMatch(/layout: dagre[\s\S]*nodeSpacing: 25/);
    // The source as written stays what the page shows where nothing was drawn.
    expect(asked.diagram.source).toBe(plain.diagram.source);
    expect(asked.diagram.source).not.toMatch(/layout:/);
    expect(asked.diagram.hash).not.toBe(plain.diagram.hash);
    expect(asked.problems.warnings).toEqual([]);
    expect(asked.diagram.nodes.map((n) => n.id)).toEqual(['A', 'B']);
  });

  it('warns at the fence line about a value it does not know, and lays the diagram out automatically', async () => {
    const { diagram, problems } = await graphOf('title="Chart" layout=cola spacing="very tight"');
    const messages = problems.warnings.map((w) => `${w.file}:${w.line}: ${w.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/notes\/chart\.md:5: diagram fence option layout="cola" is not one of elk, dagre; the diagram's layout is chosen automatically/),
      expect.stringMatching(/notes\/chart\.md:5: diagram fence option spacing="very tight" is not one of compact, normal;/),
    ]);
    expect(diagram.drawn).toMatch(/layout: elk/);
  });

  it('says that the options apply to flowcharts only', async () => {
    const { diagram, problems } = await graphOf('direction=LR', 'mindmap\n  root\n    child');
    expect(problems.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/fence option direction applies to flowcharts only; this mindmap diagram is drawn as written/)]);
    expect(diagram.source).toBe('mindmap\n  root\n    child');
    expect(diagram.drawn).toBeUndefined();
  });
});

const browser = findBrowser();
describe.skipIf(!browser)('drawn with the drawing page’s ELK', () => {
  const dir = mkdtempSync(join(tmpdir(), 'arbor-layout-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const viewBox = (svg: string) => /viewBox="([^"]+)"/.exec(svg)![1]!.split(/\s+/).map(Number);

  it('follows compact spacing, turns the concept map, and keeps every node id and edge', async () => {
    const model = await parseDiagram(CONCEPT_MAP);
    const normal = applyLayout(CONCEPT_MAP, { layout: 'elk', direction: 'TB', spacing: 'normal', turned: false, estimate: { w: 0, h: 0 } });
    const compact = applyLayout(CONCEPT_MAP, { layout: 'elk', direction: 'TB', spacing: 'compact', turned: false, estimate: { w: 0, h: 0 } });
    const chosen = applyLayout(CONCEPT_MAP, chooseLayout(model, authoredLayout(CONCEPT_MAP))!);
    const jobs = [normal, compact, chosen].map((source) => ({ key: diagramKey(source), source }));
    const r = await renderDiagrams(jobs, { cacheDir: dir, browserPath: browser });
    expect(r.failed).toEqual([]);
    const [n, c, x] = jobs.map((j) => viewBox(r.svgs.get(j.key)!));
    // ELK's spacing is mermaid's fixed 40 unless the page passes the flowchart's spacing on.
    expect(c![2]! * c![3]!).toBeLessThan(0.8 * n![2]! * n![3]!);
    // Left to right and compact: well under two thirds of the width top-down.
    expect(x![2]!).toBeLessThan((2 / 3) * n![2]!);
    for (const j of jobs) {
      const svg = decorateSvg(r.svgs.get(j.key)!, { diagramId: 'map', title: 'Map', nodeAnchor: (id) => `node-${id}`, nodeHref: () => undefined, edges: model.edges, nodes: model.nodes });
      const found: string[] = [];
      const edges = new Set<string>();
      visit(fromHtml(svg, { fragment: true, space: 'svg' }), 'element', (el: Element) => {
        if (el.properties.dataNode !== undefined) found.push(String(el.properties.dataNode));
        if (el.tagName === 'path' && el.properties.dataEdge !== undefined) edges.add(String(el.properties.dataId));
      });
      expect(found.sort()).toEqual(model.nodes.map((m) => m.id).sort());
      expect(edges.size).toBe(model.edges.length);
    }
  });
});
