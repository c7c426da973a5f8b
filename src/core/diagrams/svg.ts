/**
 * Decorate a drawn diagram SVG for its page: addressable nodes, links that work without
 * JavaScript, an accessible name, and a size CSS can fit to the column. Pure string -> hast -> string
 * work (no browser), so it runs per page on cached drawings. Which elements are nodes, and of which
 * node, is the diagram type's business (`types/`, found by the drawing's `aria-roledescription`).
 */
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { EXIT, SKIP, visit } from 'unist-util-visit';
import type { Element, ElementContent, Root, Text } from 'hast';
import { diagramSvgId } from './ids.ts';
import { diagramType } from './types/index.ts';

export interface DecorateOptions {
  /** The diagram's id on the page (docs/DESIGN.md "Diagram ids": from its title, heading or position). */
  diagramId: string;
  /** Accessible name, shown by browsers as the tooltip of the whole drawing. */
  title: string;
  /** The `id` for a node's element, e.g. `node-VI` or `ml-map-node-VI`. */
  nodeAnchor: (nodeId: string) => string;
  /** Where clicking the node goes; undefined leaves the node (and any `click` link of its own) as is. */
  nodeHref: (nodeId: string) => string | undefined;
  /**
   * Edges of the model (`DiagramEdge`), in model order; with ids, edge lines and labels get
   * `data-edge="from->to"` and `data-ends="from to"`, and with an anchor the label is addressable
   * (`#edge-VI-DI`), and names its source and definition (see `DecorateEdge`).
   */
  edges?: readonly DecorateEdge[];
  /**
   * Nodes of the model (`DiagramNode`), in model order. Types whose drawing numbers its nodes
   * (mindmap) need them to know which node an element shows; flowcharts do without. Labels name an
   * edge's ends in its title.
   */
  nodes?: readonly { id: string; label?: string }[];
}

export interface DecorateEdge {
  /** mermaid's edge id (`L_VI_DI_0`), carried by the drawn line and label. */
  id?: string;
  from: string;
  to: string;
  /** The label as drawn (`Triggers Diffusion 💧`). */
  label?: string;
  /** The element id of the edge's label on the page (`edge-VI-DI`), from `edgeAnchors`. */
  anchor?: string;
  /** Where the edge comes from (`P7: DiffDis: …`) and the note of that paper, if there is one. */
  citation?: { text: string; href?: string };
  /** The glossary's definition of the edge's label (a relationship term). */
  definition?: string;
}

/**
 * The element id of each edge, in model order: `anchor(from, to)` (`edge-VI-DI`), with `-2`, `-3`…
 * for a pair drawn again (four papers say VI → LA) and for an id already taken (`taken`, e.g. the
 * node anchors; an edge A-B → C and A → B-C would otherwise meet).
 */
export function edgeAnchors(edges: readonly { from: string; to: string }[], anchor: (from: string, to: string) => string, taken: Iterable<string> = []): string[] {
  const used = new Set(taken);
  return edges.map((e) => {
    const wanted = anchor(e.from, e.to);
    let id = wanted;
    for (let n = 2; used.has(id); n++) id = `${wanted}-${n}`;
    used.add(id);
    return id;
  });
}

const classes = (el: Element): string[] => {
  const c: unknown = el.properties.className;
  return Array.isArray(c) ? c.map(String) : typeof c === 'string' ? c.split(/\s+/) : [];
};

/** Replace every occurrence of `from` by `to` in attribute values and text (ids, url(#...), CSS). */
function renameToken(tree: Root, from: string, to: string): void {
  const swap = (v: string) => (v.includes(from) ? v.split(from).join(to) : v);
  visit(tree, (node) => {
    if (node.type === 'text') (node as Text).value = swap((node as Text).value);
    if (node.type !== 'element') return;
    const props = (node as Element).properties;
    for (const [k, v] of Object.entries(props)) {
      if (typeof v === 'string') props[k] = swap(v);
      else if (Array.isArray(v)) props[k] = v.map((x) => (typeof x === 'string' ? swap(x) : x));
    }
  });
}

/** Drop one declaration (e.g. `max-width`) from an inline style, keeping the others as written. */
function withoutDeclaration(style: string, property: string): string {
  // Inline styles mermaid writes are flat `prop: value;` lists (no nested blocks or quoted `;`).
  return style
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d && d.split(':')[0]!.trim().toLowerCase() !== property)
    .join('; ');
}

/**
 * An edge's label, made to carry its source: a `<title>` (the tooltip and, inside the link, its
 * accessible name) saying what the edge claims, between which nodes, from which paper, and what the
 * relationship means; the paper's note as its link, or its own anchor when it has something to say
 * but no note (so the keyboard reaches it). Data attributes feed the hover card (src/client/diagram-focus.ts).
 */
function labelEdge(el: Element, edge: DecorateEdge, labelOf: Map<string, string>): void {
  const label = edge.label?.trim();
  if (edge.citation) el.properties.dataCitation = edge.citation.text;
  if (edge.definition) el.properties.dataDefinition = edge.definition;
  if (!label || (!edge.citation && !edge.definition)) return;
  const ends = `${labelOf.get(edge.from) ?? edge.from} → ${labelOf.get(edge.to) ?? edge.to}`;
  const text = [`${label} (${ends})`, edge.citation?.text, edge.definition].filter(Boolean).join(' — ');
  const title: Element = { type: 'element', tagName: 'title', properties: {}, children: [{ type: 'text', value: text }] };
  const href = edge.citation?.href ?? `#${edge.anchor}`;
  el.children = [{ type: 'element', tagName: 'a', properties: { href }, children: [title, ...(el.children as ElementContent[])] }];
}

/** A CSS string of any text: all but letters, digits, `-` and `_` hex-escaped, so no id leaves the quotes or closes the <style>. */
function cssString(text: string): string {
  let out = '';
  for (const ch of text) out += /^[A-Za-z0-9_-]$/.test(ch) ? ch : `\\${ch.codePointAt(0)!.toString(16)} `;
  return `"${out}"`;
}

/**
 * Focus without JavaScript: the node or edge that is the URL's :target, with its edges and
 * neighbours (or its two ends), stays lit and the rest dims. CSS cannot follow an edge from the
 * target to its neighbours, so each node and edge gets one rule naming its own; scoped to this
 * drawing's id. The rules set `--arbor-dim` (1 lit, .25 dimmed); the page stylesheet
 * (diagram-focus.css) fades shapes and lines by it and text less, so dimmed labels keep a readable
 * contrast, and defines the glow.
 */
function focusStyle(svgId: string, nodes: readonly string[], edges: readonly DecorateEdge[]): string {
  if (!nodes.length && !edges.length) return '';
  const s = `#${svgId}`;
  const rules = [`${s}:has([data-node]:target,[data-edge-anchor]:target) :is([data-node],[data-edge]){--arbor-dim:.25}`];
  for (const id of new Set(nodes)) {
    const q = cssString(id);
    rules.push(`${s}:has([data-node=${q}]:target) :is([data-node=${q}],[data-ends~=${q}],[data-adj~=${q}]){--arbor-dim:1}`);
  }
  for (const e of edges) {
    const a = cssString(e.anchor!);
    rules.push(`${s}:has([data-edge-anchor=${a}]:target) :is([data-edge-anchor=${a}],[data-node=${cssString(e.from)}],[data-node=${cssString(e.to)}]){--arbor-dim:1;filter:var(--arbor-dg-glow)}`);
  }
  return rules.join('\n');
}

/** Add page-level ids, data attributes, links and a title to a drawn SVG. */
export function decorateSvg(svg: string, opts: DecorateOptions): string {
  const tree = fromHtml(svg, { fragment: true, space: 'svg' });
  const root = tree.children.find((n): n is Element => n.type === 'element' && n.tagName === 'svg');
  if (!root) throw new Error('decorateSvg: no <svg> element in the drawing');

  // Inner ids are prefixed with the drawing's id (which comes from the cache key); rename them to
  // this diagram's own prefix, so two copies of one drawing on a page keep distinct ids and neither
  // borrows the other's arrowheads.
  // mermaid names the diagram type on the root; its entry in types/ finds the nodes' elements.
  const role = root.properties.ariaRoleDescription; // hast keeps it as a token list
  const type = diagramType(Array.isArray(role) ? role.join(' ') : typeof role === 'string' ? role : undefined);
  const nodeIds = (opts.nodes ?? []).map((n) => n.id);
  const oldId = String(root.properties.id ?? '');
  const svgId = diagramSvgId(opts.diagramId);
  if (oldId && oldId !== svgId) renameToken(tree, oldId, svgId);
  root.properties.id = svgId;

  // Root: size from CSS (natural width kept as a custom property), accessible name.
  const viewBox = String(root.properties.viewBox ?? '').split(/[\s,]+/).map(Number);
  delete root.properties.width;
  delete root.properties.height;
  const style = withoutDeclaration(String(root.properties.style ?? ''), 'max-width');
  const naturalWidth = viewBox.length === 4 && viewBox[2]! > 0 ? `--arbor-dg-width: ${Math.ceil(viewBox[2]!)}px` : '';
  const newStyle = [style, naturalWidth].filter(Boolean).join('; ');
  if (newStyle) root.properties.style = newStyle;
  else delete root.properties.style;
  root.properties.dataDiagram = opts.diagramId;
  const titleId = `${svgId}-title`;
  root.properties.ariaLabelledBy = [titleId];
  delete root.properties.ariaRoleDescription; // "flowchart-v2" is mermaid's jargon, not a description
  root.children = root.children.filter((n) => !(n.type === 'element' && n.tagName === 'title'));
  const title: Element = {
    type: 'element',
    tagName: 'title',
    properties: { id: titleId },
    children: [{ type: 'text', value: opts.title }],
  };
  root.children.unshift(title);

  const edges = opts.edges ?? [];
  const edgeById = new Map(edges.filter((e) => e.id).map((e) => [e.id!, e]));
  // Each node's neighbours, so CSS can light them when the node is the :target (it cannot follow edges).
  const neighbours = new Map<string, Set<string>>();
  for (const e of edges) {
    if (e.from === e.to) continue;
    neighbours.set(e.from, (neighbours.get(e.from) ?? new Set()).add(e.to));
    neighbours.set(e.to, (neighbours.get(e.to) ?? new Set()).add(e.from));
  }
  const labelOf = new Map((opts.nodes ?? []).map((n) => [n.id, n.label || n.id]));
  const drawnNodes: string[] = [];
  const labelled = new Set<DecorateEdge>();
  const lines = new Map<DecorateEdge, Element>();
  const markEdge = (el: Element, edge: DecorateEdge) => {
    el.properties.dataEdge = `${edge.from}->${edge.to}`;
    el.properties.dataEnds = `${edge.from} ${edge.to}`;
    if (edge.anchor) el.properties.dataEdgeAnchor = edge.anchor;
  };

  visit(tree, 'element', (el, index, parent) => {
    const cls = classes(el);
    if (el.tagName === 'path' && el.properties.dataId !== undefined) {
      // An edge's line; mermaid marks it data-edge="true", we say which edge.
      const edge = edgeById.get(String(el.properties.dataId));
      if (edge) markEdge(el, edge), lines.set(edge, el);
      return;
    }
    if (cls.includes('edgeLabel') && edgeById.size) {
      let dataId: string | undefined;
      visit(el, 'element', (inner) => {
        if (dataId === undefined && inner.properties.dataId !== undefined) dataId = String(inner.properties.dataId);
      });
      const edge = dataId === undefined ? undefined : edgeById.get(dataId);
      if (!edge) return SKIP;
      markEdge(el, edge);
      if (edge.anchor) {
        el.properties.id = edge.anchor;
        labelled.add(edge);
        labelEdge(el, edge, labelOf);
      }
      return SKIP;
    }
    if (!type || el.tagName !== 'g' || !cls.includes('node')) return;
    const nodeId = type.nodeId(String(el.properties.id ?? ''), svgId, nodeIds);
    if (nodeId === undefined) return;
    el.properties.id = opts.nodeAnchor(nodeId);
    el.properties.dataNode = nodeId;
    drawnNodes.push(nodeId);
    const adjacent = [...(neighbours.get(nodeId) ?? [])];
    if (adjacent.length) el.properties.dataAdj = adjacent.join(' ');
    const href = opts.nodeHref(nodeId);
    if (href === undefined) return SKIP;
    const wrapper = parent && parent.type === 'element' && parent.tagName === 'a' ? parent : undefined;
    if (wrapper) {
      // mermaid already wrapped the node in <a xlink:href> (a `click` line): point it at href.
      delete wrapper.properties.xLinkHref;
      wrapper.properties.href = href;
    } else if (index !== undefined) {
      const link: Element = { type: 'element', tagName: 'a', properties: { href }, children: el.children as ElementContent[] };
      el.children = [link];
    }
    return SKIP;
  });
  // An edge drawn without a label element (a mindmap's): its line is what a deep link points at.
  for (const [edge, line] of lines) if (edge.anchor && !labelled.has(edge)) line.properties.id = edge.anchor;

  const focusCss = focusStyle(svgId, drawnNodes, edges.filter((e) => e.anchor && (lines.has(e) || labelled.has(e))));
  if (focusCss) root.children.push({ type: 'element', tagName: 'style', properties: { dataArborFocus: '' }, children: [{ type: 'text', value: focusCss }] });

  // A drawing whose nodes are links is a group of them, named by its title (an image may hold nothing interactive).
  const found = { links: false };
  visit(root, 'element', (el) => (el.tagName === 'a' ? ((found.links = true), EXIT) : undefined));
  root.properties.role = found.links ? 'group' : 'img';
  if (found.links) root.properties.ariaRoleDescription = ['diagram'];

  return toHtml(tree, { space: 'svg' });
}
