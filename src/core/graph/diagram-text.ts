/**
 * The text version of a diagram: nodes with their definitions and links, then edges as
 * "from — label — to" grouped by source paper. Screen readers read it and Pagefind indexes
 * it (Pagefind does not read text inside SVG).
 */
import { h } from 'hastscript';
import type { Element } from 'hast';
import { plainLabel } from './diagrams.ts';
import type { GraphDiagram, GraphTerm } from './types.ts';

export function diagramText(d: GraphDiagram, termOf: (slug: string) => GraphTerm | undefined, open = false): Element {
  const label = new Map(d.nodes.map((n) => [n.id, n.label || n.id]));
  const nodeItems = d.nodes.map((n) => {
    const term = n.target?.kind === 'term' ? termOf(n.target.slug) : undefined;
    const name = n.target ? h('a', { href: n.target.href }, n.label || n.id) : n.external ? h('a', { href: n.external, rel: 'noopener' }, n.label || n.id) : h('span', n.label || n.id);
    return h('li', { id: `${n.anchor}-text` }, [h('a', { href: `#${n.anchor}`, class: 'node-ref', 'aria-label': `Show ${plainLabel(n.label) || n.id} in the diagram` }, '◉'), ' ', name, term?.short || term?.definition ? ` — ${term.short || term.definition}` : '']);
  });
  const groups = new Map<number | undefined, GraphDiagram['edges']>();
  for (const e of d.edges) groups.set(e.source, [...(groups.get(e.source) ?? []), e]);
  const edgeBlocks = [...groups.entries()].map(([src, edges]) => {
    const source = src === undefined ? undefined : d.sources[src];
    const heading = source
      ? h('p', { class: 'edge-source' }, [source.label ? `${source.label}: ` : '', source.paper ? h('a', { href: source.paper.href }, source.title) : source.title])
      : d.sources.length
        ? h('p', { class: 'edge-source' }, 'Other relationships')
        : null;
    const list = h(
      'ul',
      edges.map((e) => h('li', [label.get(e.from) ?? e.from, ' — ', e.label ? h('em', e.label) : 'links to', ' — ', label.get(e.to) ?? e.to])),
    );
    return heading ? [heading, list] : [list];
  });
  const body = [
    ...(d.nodes.length ? [h('h3', 'Nodes'), h('ul', { class: 'diagram-nodes' }, nodeItems)] : []),
    ...(d.edges.length ? [h('h3', 'Relationships'), ...edgeBlocks.flat()] : []),
    ...(!d.nodes.length && !d.edges.length ? [h('pre', h('code', d.source))] : []),
  ];
  return h('details', { class: 'diagram-text', id: `${d.id}-text`, ...(open ? { open: true } : {}) }, [h('summary', `Text version of “${d.title}”`), ...body]);
}
