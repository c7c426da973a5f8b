/**
 * A diagram's figure: the SVG drawn at build time (or, when no browser was available, the source
 * for the client-side fallback), a stable id, a link to itself, view controls, and the text
 * version. It takes the place of the diagram's marker in the rendered body (page.ts).
 */
import type { Element } from 'hast';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { diagramText } from '../core/graph/diagram-text.ts';
import type { GraphDiagram, GraphTerm } from '../core/graph/types.ts';

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
  // Controls and the title's repeat are not text to search or quote in an excerpt.
  const toolbar = h('div', { class: 'diagram-toolbar', 'data-pagefind-ignore': '' }, [
    h('a', { class: 'diagram-permalink', href: `#${d.id}`, title: 'Link to this diagram' }, '#'),
    h('span', { class: 'diagram-title' }, d.title),
    h('span', { class: 'diagram-controls', hidden: true }, [
      h('button', { type: 'button', 'data-action': 'zoom-in', 'aria-label': 'Zoom in' }, '+'),
      h('button', { type: 'button', 'data-action': 'zoom-out', 'aria-label': 'Zoom out' }, '−'),
      h('button', { type: 'button', 'data-action': 'reset', 'aria-label': 'Fit the whole diagram' }, 'Fit'),
      h('button', { type: 'button', 'data-action': 'fullscreen' }, 'Full screen'),
      h('button', { type: 'button', 'data-action': 'copy-link' }, 'Copy link'),
    ]),
  ]);
  const drawing = svg
    ? `<div class="diagram-viewport">${svg}</div>`
    : toHtml(h('div', { class: 'diagram-viewport' }, [h('pre', { class: 'mermaid-source', 'data-diagram-source': d.id }, d.source), ...standIn(d)]));
  return `<figure class="diagram" id="${d.id}" data-diagram-figure="${d.id}"${svg ? '' : ` data-needs-client data-mermaid-src="${base}_arbor/mermaid.min.js"`}>${toHtml(toolbar)}${drawing}${textHtml}</figure>`;
}

/** The figure of a diagram on its page; the tree of a tree page gets its text version after the explanation, from the page. */
export function diagramFigure(d: GraphDiagram, svg: string | undefined, termOf: (slug: string) => GraphTerm | undefined, base: string): string {
  return figureHtml(d, svg, d.primary ? '' : toHtml(diagramText(d, termOf)), base);
}
