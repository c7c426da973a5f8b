/**
 * Every ```mermaid block becomes its figure: the SVG drawn at build time (or, when no browser was
 * available, the source for the client-side fallback), a stable id, a link to itself, view
 * controls, and the text version. In two steps: a remark plugin marks the blocks, a rehype plugin
 * (after the author's HTML is sanitized) puts the figures in.
 */
import type { Code, Root } from 'mdast';
import type { Element, Root as HastRoot } from 'hast';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { SKIP, visit } from 'unist-util-visit';
import { diagramText } from '../core/graph/diagram-text.ts';
import type { GraphDiagram } from '../core/graph/types.ts';
import type { ArborContext } from './context.ts';

/**
 * Until (or unless) the reader's browser draws a diagram, its nodes as a list: each item carries
 * the node's anchor (`node-VI`), so every deep link to a node works without JavaScript, and links
 * where the drawn node would. The drawing script moves each anchor onto the drawn node.
 */
function standIn(d: GraphDiagram): Element[] {
  if (!d.nodes.length) return [];
  const items = d.nodes.map((n) => {
    const label = n.label || n.id;
    const href = n.target?.href ?? n.external;
    return h('li', { id: n.anchor, 'data-node': n.id }, href ? h('a', { href, ...(n.target ? {} : { rel: 'noopener' }) }, label) : label);
  });
  // The text version already lists the nodes for search.
  return [h('ul', { class: 'diagram-stand-in', 'data-pagefind-ignore': '', 'aria-label': `Nodes of “${d.title}”` }, items)];
}

export function figureHtml(d: GraphDiagram, svg: string | undefined, textHtml: string, base = '/'): string {
  const toolbar = h('div', { class: 'diagram-toolbar' }, [
    h('a', { class: 'diagram-permalink', href: `#${d.id}`, title: 'Link to this diagram' }, '#'),
    h('span', { class: 'diagram-title' }, d.title),
    h('span', { class: 'diagram-controls', hidden: true }, [
      h('button', { type: 'button', 'data-action': 'zoom-in', 'aria-label': 'Zoom in' }, '+'),
      h('button', { type: 'button', 'data-action': 'zoom-out', 'aria-label': 'Zoom out' }, '−'),
      h('button', { type: 'button', 'data-action': 'reset', 'aria-label': 'Fit to width' }, 'Fit'),
      h('button', { type: 'button', 'data-action': 'fullscreen' }, 'Full screen'),
      h('button', { type: 'button', 'data-action': 'copy-link' }, 'Copy link'),
    ]),
  ]);
  const drawing = svg
    ? `<div class="diagram-viewport">${svg}</div>`
    : toHtml(h('div', { class: 'diagram-viewport' }, [h('pre', { class: 'mermaid-source', 'data-diagram-source': d.id }, d.source), ...standIn(d)]));
  return `<figure class="diagram" id="${d.id}" data-diagram-figure="${d.id}"${svg ? '' : ` data-needs-client data-mermaid-src="${base}_arbor/mermaid.min.js"`}>${toHtml(toolbar)}${drawing}${textHtml}</figure>`;
}

/**
 * Marks each ```mermaid block of a page with the key of the diagram the graph recorded for it (the
 * n-th block is the n-th diagram: both parse with the same syntax extensions). The block becomes an
 * empty `<arbor-diagram>` placeholder, so the author's HTML can be sanitized before
 * `rehypeDiagrams` puts Arbor's own figure in its place.
 */
export default function remarkDiagrams(ctx: ArborContext) {
  return (tree: Root, file: { path?: string }) => {
    const page = ctx.pageOf(file.path);
    const diagrams = page ? ctx.diagramsOf(page) : [];
    let n = 0;
    visit(tree, 'code', (node: Code) => {
      if (node.lang !== 'mermaid') return;
      const d = diagrams[n++];
      if (!d) return; // not a known page (e.g. a glossary definition): leave as a code block
      node.data = { hName: 'arbor-diagram', hProperties: { dataDiagramKey: d.key }, hChildren: [] };
    });
  };
}

/** Replaces each diagram placeholder (and the `<pre>` around it) with the diagram's figure. */
export function rehypeDiagrams(ctx: ArborContext) {
  return (tree: HastRoot) => {
    visit(tree, 'element', (node: Element, index, parent) => {
      if (!parent || index === undefined) return;
      const placeholder = node.tagName === 'pre' && node.children.length === 1 && node.children[0]!.type === 'element' && node.children[0]!.tagName === 'arbor-diagram' ? node.children[0]! : node.tagName === 'arbor-diagram' ? node : undefined;
      if (!placeholder) return;
      const d = ctx.diagram(String(placeholder.properties.dataDiagramKey ?? ''));
      if (!d) {
        parent.children.splice(index, 1);
        return index;
      }
      // The tree of a tree page gets its text version after the explanation, from the page.
      const text = d.primary ? '' : toHtml(diagramText(d, ctx.term));
      parent.children.splice(index, 1, { type: 'raw', value: figureHtml(d, ctx.svgFor(d), text, ctx.graph.base) });
      return SKIP;
    });
  };
}
