/** decorateSvg: page-level ids, links and a title on a drawn SVG (no browser: a drawing from fixtures/). */
import { readFileSync } from 'node:fs';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { parseDiagram } from '../../../src/core/diagrams/parse.ts';
import { decorateSvg, type DecorateOptions } from '../../../src/core/diagrams/svg.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
/** fixtures/flowchart.svg is fixtures/flowchart.mmd as renderDiagrams drew it. */
const SVG = fixture('flowchart.svg');
const SOURCE = fixture('flowchart.mmd');

const parse = (svg: string): Root => fromHtml(svg, { fragment: true, space: 'svg' });
function elements(tree: Root, test: (el: Element) => boolean): Element[] {
  const out: Element[] = [];
  visit(tree, 'element', (el) => {
    if (test(el)) out.push(el);
  });
  return out;
}
const svgRoot = (tree: Root) => elements(tree, (el) => el.tagName === 'svg')[0]!;

const base: DecorateOptions = {
  diagramId: 'ml-map',
  title: 'ML in 2025',
  nodeAnchor: (id) => `ml-map-node-${id}`,
  nodeHref: () => undefined,
};

describe('decorateSvg', () => {
  it('is an image when nothing in it is a link', () => {
    const plain = '<svg id="x" viewBox="0 0 10 10" aria-roledescription="flowchart-v2"><g class="node" id="x-flowchart-A-0"><rect></rect></g></svg>';
    expect(svgRoot(parse(decorateSvg(plain, base))).properties).toMatchObject({ role: 'img', ariaLabelledBy: ['ml-map-svg-title'] });
    expect(svgRoot(parse(decorateSvg(plain, base))).properties.ariaRoleDescription).toBeUndefined();
  });

  it('marks the root: data-diagram, a <title> it is labelled by, CSS-sized with its viewBox', () => {
    const before = svgRoot(parse(SVG));
    expect(before.properties.style).toMatch(/max-width/);
    const root = svgRoot(parse(decorateSvg(SVG, base)));
    expect(root.properties.dataDiagram).toBe('ml-map');
    expect(root.properties.role).toBe('group'); // mermaid drew a `click` link
    const title = root.children.find((c): c is Element => c.type === 'element' && c.tagName === 'title')!;
    expect(root.children[0]).toBe(title);
    expect(root.properties.ariaLabelledBy).toEqual([title.properties.id]);
    expect(toString(title)).toBe('ML in 2025');
    expect(root.properties.width).toBeUndefined();
    expect(root.properties.height).toBeUndefined();
    expect(String(root.properties.style)).not.toMatch(/max-width/);
    expect(String(root.properties.style)).toMatch(/--arbor-dg-width: \d+px/);
    expect(root.properties.viewBox).toBe(before.properties.viewBox);
  });

  it('gives every node of the model its data-node and page anchor id', async () => {
    const model = await parseDiagram(SOURCE);
    const tree = parse(decorateSvg(SVG, base));
    const nodes = elements(tree, (el) => el.properties.dataNode !== undefined);
    expect(nodes.map((n) => n.properties.dataNode).sort()).toEqual(model.nodes.map((n) => n.id).sort());
    for (const n of nodes) {
      expect(n.tagName).toBe('g');
      expect(n.properties.className).toContain('node');
      expect(n.properties.id).toBe(`ml-map-node-${String(n.properties.dataNode)}`);
    }
  });

  it('links nodes with an <a href> inside the node, and repoints a node mermaid already linked', () => {
    const hrefs: Record<string, string> = { VI: '/glossary/#vision', MM: '/glossary/#multimodal' };
    const tree = parse(decorateSvg(SVG, { ...base, nodeHref: (id) => hrefs[id] }));
    const vi = elements(tree, (el) => el.properties.dataNode === 'VI')[0]!;
    const link = vi.children.find((c): c is Element => c.type === 'element' && c.tagName === 'a')!;
    expect(vi.children).toEqual([link]);
    expect(link.properties.href).toBe('/glossary/#vision');
    expect(toString(link)).toContain('Vision');
    // MM has a `click MM "https://example.com/mm"` line: mermaid drew <a xlink:href> around it.
    const mmLink = elements(tree, (el) => el.tagName === 'a' && el.children.some((c) => c.type === 'element' && c.properties.dataNode === 'MM'))[0]!;
    expect(mmLink.properties.href).toBe('/glossary/#multimodal');
    expect(mmLink.properties.xLinkHref).toBeUndefined();
    // nodes without a target are not links
    const dt = elements(tree, (el) => el.properties.dataNode === 'DT')[0]!;
    expect(elements({ type: 'root', children: [dt] }, (el) => el.tagName === 'a')).toEqual([]);
    // A drawing that holds links is a named group of them, not an image (axe: nested-interactive).
    expect(svgRoot(tree).properties).toMatchObject({ role: 'group', ariaRoleDescription: ['diagram'] });
  });

  it('keeps the author’s own click link when the page gives no target', () => {
    const tree = parse(decorateSvg(SVG, base));
    const links = elements(tree, (el) => el.tagName === 'a');
    expect(links).toHaveLength(1);
    expect(links[0]!.properties.xLinkHref).toBe('https://example.com/mm');
  });

  it('escapes a hostile title and hostile attribute values', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const out = decorateSvg(SVG, { ...base, title: evil, nodeHref: () => `/x?"><script>alert(1)</script>` });
    expect(out).not.toContain('<img'); // the title's "<" is escaped
    expect(out).not.toContain('"><script'); // the href's quote is escaped, so "<script" stays inside it
    const tree = parse(out);
    expect(elements(tree, (el) => el.tagName === 'img' || el.tagName === 'script')).toEqual([]);
    expect(toString(elements(tree, (el) => el.tagName === 'title')[0]!)).toBe(evil);
    expect(elements(tree, (el) => el.tagName === 'a')[0]!.properties.href).toBe(`/x?"><script>alert(1)</script>`);
  });

  it('renames the drawing’s inner ids to this diagram, keeping every reference intact', () => {
    const oldId = String(svgRoot(parse(SVG)).properties.id);
    const out = decorateSvg(SVG, { ...base, diagramId: '2 Scaling Laws' });
    expect(out).not.toContain(oldId);
    const tree = parse(out);
    const id = String(svgRoot(tree).properties.id);
    expect(id).toBe('d-2-Scaling-Laws-svg'); // a valid CSS #id: may not start with a digit
    expect(toString(elements(tree, (el) => el.tagName === 'style')[0]!)).toContain(`#${id} .node rect`);
    const ids = new Set(elements(tree, (el) => el.properties.id !== undefined).map((el) => String(el.properties.id)));
    const refs = [...out.matchAll(/url\(#([^)]+)\)/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ids).toContain(ref);
  });

  it('says which edge a line or label belongs to, given the model’s edges', async () => {
    const model = await parseDiagram(SOURCE);
    const tree = parse(decorateSvg(SVG, { ...base, edges: model.edges }));
    const label = elements(tree, (el) => el.properties.dataEdge === 'MM->VI' && el.tagName === 'g')[0]!;
    expect(toString(label)).toContain('Boosts Vision 🚀');
    const lines = elements(tree, (el) => el.tagName === 'path' && el.properties.dataEdge !== undefined);
    expect(lines.map((l) => l.properties.dataEdge).sort()).toEqual(model.edges.map((e) => `${e.from}->${e.to}`).sort());
  });
});
