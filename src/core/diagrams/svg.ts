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
  /** Edges of the model (`DiagramEdge`); with ids, edge lines and labels get `data-edge="from->to"`. */
  edges?: { id?: string; from: string; to: string }[];
  /**
   * Nodes of the model (`DiagramNode`), in model order. Types whose drawing numbers its nodes
   * (mindmap) need them to know which node an element shows; flowcharts do without.
   */
  nodes?: readonly { id: string }[];
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

  const edgeById = new Map((opts.edges ?? []).filter((e) => e.id).map((e) => [e.id!, e]));

  visit(tree, 'element', (el, index, parent) => {
    const cls = classes(el);
    if (el.tagName === 'path' && el.properties.dataId !== undefined) {
      // An edge's line; mermaid marks it data-edge="true", we say which edge.
      const edge = edgeById.get(String(el.properties.dataId));
      if (edge) el.properties.dataEdge = `${edge.from}->${edge.to}`;
      return;
    }
    if (cls.includes('edgeLabel') && edgeById.size) {
      let dataId: string | undefined;
      visit(el, 'element', (inner) => {
        if (dataId === undefined && inner.properties.dataId !== undefined) dataId = String(inner.properties.dataId);
      });
      const edge = dataId === undefined ? undefined : edgeById.get(dataId);
      if (edge) el.properties.dataEdge = `${edge.from}->${edge.to}`;
      return;
    }
    if (!type || el.tagName !== 'g' || !cls.includes('node')) return;
    const nodeId = type.nodeId(String(el.properties.id ?? ''), svgId, nodeIds);
    if (nodeId === undefined) return;
    el.properties.id = opts.nodeAnchor(nodeId);
    el.properties.dataNode = nodeId;
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

  // A drawing whose nodes are links is a group of them, named by its title (an image may hold nothing interactive).
  const found = { links: false };
  visit(root, 'element', (el) => (el.tagName === 'a' ? ((found.links = true), EXIT) : undefined));
  root.properties.role = found.links ? 'group' : 'img';
  if (found.links) root.properties.ariaRoleDescription = ['diagram'];

  return toHtml(tree, { space: 'svg' });
}
