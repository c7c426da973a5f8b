/**
 * Replaces every ```mermaid block with its figure: the SVG drawn at build time (or, when no
 * browser was available, the source for the client-side fallback), a stable id, a link to
 * itself, view controls, and the text version. The n-th mermaid block of a page is the n-th
 * diagram the graph recorded for it: both parse with the same syntax extensions.
 */
import type { Code, Root } from 'mdast';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { SKIP, visit } from 'unist-util-visit';
import { diagramText } from '../graph/diagram-text.ts';
import type { GraphDiagram } from '../graph/types.ts';
import type { ArborContext } from './context.ts';

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
    : toHtml(h('div', { class: 'diagram-viewport' }, h('pre', { class: 'mermaid-source', 'data-diagram-source': d.id }, d.source)));
  return `<figure class="diagram" id="${d.id}" data-diagram-figure="${d.id}"${svg ? '' : ` data-needs-client data-mermaid-src="${base}_arbor/mermaid.min.js"`}>${toHtml(toolbar)}${drawing}${textHtml}</figure>`;
}

export default function remarkDiagrams(ctx: ArborContext) {
  return (tree: Root, file: { path?: string }) => {
    const page = ctx.pageOf(file.path);
    const diagrams = page ? ctx.diagramsOf(page) : [];
    let n = 0;
    visit(tree, 'code', (node: Code, index, parent) => {
      if (node.lang !== 'mermaid' || !parent || index === undefined) return;
      const d = diagrams[n++];
      if (!d) return; // not a known page (e.g. a glossary definition): leave as a code block
      // The tree of a tree page gets its text version after the explanation, from the page.
      const text = d.primary ? '' : toHtml(diagramText(d, ctx.term));
      parent.children.splice(index, 1, { type: 'html', value: figureHtml(d, ctx.svgFor(d), text, ctx.graph.base) });
      return SKIP;
    });
  };
}
