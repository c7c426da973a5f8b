/** decorateSvg: page-level ids, links and a title on a drawn SVG (no browser: a drawing from fixtures/). */
import { readFileSync } from 'node:fs';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { JSDOM } from 'jsdom';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { parseDiagram } from '../../../src/core/diagrams/parse.ts';
import { decorateSvg, edgeAnchors, type DecorateEdge, type DecorateOptions } from '../../../src/core/diagrams/svg.ts';

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

describe('decorateSvg: edges that carry their source, focus without JavaScript', () => {
  const P1 = 'P1: Enhancing Multimodal LLMs with Vision Detection Models';
  /** The fixture's edges as drawing.ts passes them: anchors, citations (P1 has a note, P7 not), definitions. */
  async function decorated(overrides: (e: DecorateEdge, i: number) => Partial<DecorateEdge> = () => ({})) {
    const model = await parseDiagram(SOURCE);
    const anchors = edgeAnchors(model.edges, (f, t) => `ml-map-edge-${f}-${t}`);
    const edges: DecorateEdge[] = model.edges.map((e, i) => ({
      id: e.id,
      from: e.from,
      to: e.to,
      label: e.label.replace(/ \S+$/u, ''), // drawing.ts passes labels without their emoji
      anchor: anchors[i],
      ...(e.source === P1 ? { citation: { text: P1, href: '/topics/papers/p01-enhancing-mllms/' } } : { citation: { text: String(e.source) } }),
      ...(e.label.startsWith('Boosts Vision') ? { definition: 'Enhances visual processing.' } : {}),
      ...overrides(e as DecorateEdge, i),
    }));
    const nodes = model.nodes.map((n) => ({ id: n.id, label: n.label.replace(/^\S+ /u, '') }));
    const out = decorateSvg(SVG, { ...base, nodeHref: (id) => (id === 'VI' ? '/glossary/#vision' : undefined), edges, nodes });
    return { out, tree: parse(out), model };
  }

  it('numbers a repeated pair and steps around taken ids', () => {
    const edges = [
      { from: 'VI', to: 'LA' },
      { from: 'LA', to: 'VD' },
      { from: 'VI', to: 'LA' },
      { from: 'VI', to: 'LA' },
      { from: 'A-B', to: 'C' },
      { from: 'A', to: 'B-C' },
    ];
    expect(edgeAnchors(edges, (f, t) => `edge-${f}-${t}`, ['edge-LA-VD'])).toEqual(['edge-VI-LA', 'edge-LA-VD-2', 'edge-VI-LA-2', 'edge-VI-LA-3', 'edge-A-B-C', 'edge-A-B-C-2']);
  });

  it('gives each edge label its anchor, a title naming claim, ends, paper and definition, and the paper as its link', async () => {
    const { tree } = await decorated();
    const label = elements(tree, (el) => el.properties.id === 'ml-map-edge-MM-VI')[0]!;
    expect(label.tagName).toBe('g');
    expect(label.properties).toMatchObject({ dataEdge: 'MM->VI', dataEnds: 'MM VI', dataEdgeAnchor: 'ml-map-edge-MM-VI', dataCitation: P1, dataDefinition: 'Enhances visual processing.' });
    const link = label.children[0] as Element;
    expect(label.children).toHaveLength(1);
    expect(link.tagName).toBe('a');
    expect(link.properties.href).toBe('/topics/papers/p01-enhancing-mllms/');
    const title = link.children[0] as Element;
    expect(title.tagName).toBe('title');
    expect(toString(title)).toBe(`Boosts Vision (Multimodal → Vision) — ${P1} — Enhances visual processing.`);
    expect(toString(link)).toContain('Boosts Vision 🚀'); // the drawn label is inside the link
    // The line carries the same anchor, so CSS and the focus script light both.
    const line = elements(tree, (el) => el.tagName === 'path' && el.properties.dataEdgeAnchor === 'ml-map-edge-MM-VI');
    expect(line).toHaveLength(1);
    expect(line[0]!.properties.dataEnds).toBe('MM VI');
  });

  it('links an edge with something to say but no note to itself, and leaves a bare edge alone', async () => {
    const { tree } = await decorated((e) => (e.from === 'VI' && e.to === 'DT' ? { citation: undefined, definition: 'Finds objects.' } : e.from === 'MM' ? { citation: undefined, definition: undefined } : {}));
    const vidt = elements(tree, (el) => el.properties.id === 'ml-map-edge-VI-DT')[0]!;
    const link = vidt.children[0] as Element;
    expect(link.properties.href).toBe('#ml-map-edge-VI-DT');
    expect(toString(link.children[0] as Element)).toBe('Enables Detection (Vision → Detection) — Finds objects.');
    const mmvi = elements(tree, (el) => el.properties.id === 'ml-map-edge-MM-VI')[0]!;
    expect(elements({ type: 'root', children: [mmvi] }, (el) => el.tagName === 'a' || el.tagName === 'title')).toEqual([]);
  });

  it('puts the anchor on the line of an edge drawn without a label', async () => {
    const { tree } = await decorated();
    const target = elements(tree, (el) => el.properties.id === 'ml-map-edge-VI-DI');
    expect(target).toHaveLength(1);
    expect(target[0]!.tagName).toBe('path');
  });

  it('writes one :target rule per node and per edge that lights exactly its neighbourhood', async () => {
    const { out, model } = await decorated();
    const dom = new JSDOM(`<!doctype html><body>${out}</body>`);
    const doc = dom.window.document;
    // jsdom reads no <style> inside SVG: the same text as an HTML stylesheet, :target played by an attribute.
    const own = doc.querySelector('svg style[data-arbor-focus]')!;
    const style = doc.createElement('style');
    style.textContent = own.textContent;
    doc.head.append(style);
    const rules = [...style.sheet!.cssRules] as CSSStyleRule[];
    expect(rules).toHaveLength(1 + model.nodes.length + model.edges.length);
    const lit = (targetId: string) => {
      doc.querySelectorAll('[data-t]').forEach((el) => el.removeAttribute('data-t'));
      doc.getElementById(targetId)!.setAttribute('data-t', '');
      const bright = new Set<string>();
      let dim = 0;
      for (const r of rules) {
        const found = [...doc.querySelectorAll(r.selectorText.replaceAll(':target', '[data-t]'))];
        if (r.style.getPropertyValue('--arbor-dim') === '1') for (const el of found) bright.add(el.getAttribute('data-node') ?? `${el.tagName}:${el.getAttribute('data-edge')}`);
        else if (r.style.getPropertyValue('--arbor-dim') === '.25') dim = found.length;
        else throw new Error(`a focus rule that neither lights nor dims: ${r.cssText}`);
      }
      return { bright: [...bright].sort(), dim };
    };
    const vi = lit('ml-map-node-VI');
    expect(vi.bright).toEqual(['DI', 'DT', 'MM', 'VI', 'g:MM->VI', 'g:VI->DT', 'path:MM->VI', 'path:VI->DI', 'path:VI->DT'].sort());
    expect(vi.dim).toBeGreaterThan(vi.bright.length); // everything else dims
    expect(lit('ml-map-edge-MM-VI').bright).toEqual(['MM', 'VI', 'g:MM->VI', 'path:MM->VI']);
    expect(lit('ml-map-edge-VI-DI').bright).toEqual(['DI', 'VI', 'path:VI->DI']);
    // The rules are scoped to this drawing and its own copy of a node's neighbours.
    for (const r of rules) expect(r.selectorText.startsWith('#ml-map-svg:has(')).toBe(true);
    expect(doc.getElementById('ml-map-node-VI')!.getAttribute('data-adj')!.split(' ').sort()).toEqual(['DI', 'DT', 'MM']);
  });

  it('escapes an evil paper title, definition and anchor', async () => {
    const evil = '</title></a><script>alert(1)</script>"&amp;';
    const hostileHref = '/p/"><script>x</script>';
    const { out } = await decorated(() => ({ citation: { text: evil, href: hostileHref }, definition: evil }));
    expect(out).not.toContain('"><script'); // quotes in attributes are escaped
    // Parsed as a browser parses the page (the SVG is foreign content: its <title> and <style> are not raw text).
    const doc = new JSDOM(`<!doctype html><body>${out}</body>`).window.document;
    expect(doc.querySelectorAll('script')).toHaveLength(0);
    const label = doc.getElementById('ml-map-edge-MM-VI')!;
    expect(label.querySelector('a > title')!.textContent).toBe(`Boosts Vision (Multimodal → Vision) — ${evil} — ${evil}`);
    expect(label.querySelector('a')!.getAttribute('href')).toBe(hostileHref);
    expect(label.getAttribute('data-citation')).toBe(evil);
    expect(label.getAttribute('data-definition')).toBe(evil);
    // An anchor that would close the <style>: it stays inside a CSS string, hex-escaped.
    const hostile = '"]</style><script>x</script>';
    const { out: out2 } = await decorated((e) => (e.from === 'MM' ? { anchor: hostile } : {}));
    const doc2 = new JSDOM(`<!doctype html><body>${out2}</body>`).window.document;
    expect(doc2.querySelectorAll('script')).toHaveLength(0);
    expect(doc2.querySelectorAll('svg style')).toHaveLength(2);
    const css = doc2.querySelector('svg style[data-arbor-focus]')!.textContent!;
    expect(css).toContain('[data-edge-anchor="\\22 \\5d \\3c \\2f style\\3e \\3c script\\3e x\\3c \\2f script\\3e "]');
    expect(doc2.querySelector('svg')!.lastElementChild).toBe(doc2.querySelector('svg style[data-arbor-focus]'));
    expect(doc2.querySelector('[id="\\"\\]</style><script>x</script>"]')).toBe(doc2.querySelector('g.edgeLabel'));
  });
});
