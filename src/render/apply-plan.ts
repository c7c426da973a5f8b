/**
 * Applies a render plan to a body's Markdown tree: heading ids, wikilinks, links to `.md` files,
 * glossary term links with their tooltips, and a placeholder per diagram. Every decision was made
 * by the analysis (src/core/graph/build.ts); this only looks up each node by where it starts.
 */
/// <reference types="mdast-util-to-hast" />
import type { Link, Nodes, PhrasingContent, Root, RootContent } from 'mdast';
import { SKIP, visit } from 'unist-util-visit';
import type { PlannedMention, PlannedWikiLink, RenderPlan } from '../core/graph/types.ts';

const byOffset = <T extends { offset: number }>(list: T[]) => new Map(list.map((x) => [x.offset, x]));

function groupByOffset(list: PlannedMention[]): Map<number, PlannedMention[]> {
  const out = new Map<number, PlannedMention[]>();
  for (const m of list) {
    const group = out.get(m.offset);
    if (group) group.push(m);
    else out.set(m.offset, [m]);
  }
  return out;
}

function wikiLinkNode(w: PlannedWikiLink): RootContent {
  if (!w.href) return { type: 'text', value: w.text, data: { hName: 'span', hProperties: { className: ['broken-link'], title: 'This link points to nothing' } } } as RootContent;
  if (w.embed) {
    return {
      type: 'link',
      url: w.href,
      data: { hProperties: { className: ['embed-card'], dataKind: w.kind } },
      children: [{ type: 'strong', children: [{ type: 'text', value: w.text }] }, ...(w.embed.summary ? [{ type: 'text' as const, value: ` — ${w.embed.summary}` }] : [])],
    } satisfies Link;
  }
  return { type: 'link', url: w.href, data: { hProperties: { className: ['internal-link'], dataKind: w.kind } }, children: [{ type: 'text', value: w.text }] } satisfies Link;
}

function mentionNodes(value: string, mentions: PlannedMention[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  let pos = 0;
  for (const m of [...mentions].sort((a, b) => a.start - b.start)) {
    if (m.start > pos) out.push({ type: 'text', value: value.slice(pos, m.start) });
    out.push({
      type: 'link',
      url: m.href,
      data: { hProperties: { className: ['term-link'], dataTerm: m.term, ...(m.tip ? { ariaDescribedBy: [m.tip.id] } : {}) } },
      children: [
        { type: 'text', value: value.slice(m.start, m.end) },
        ...(m.tip ? [{ type: 'text', value: m.tip.text, data: { hName: 'span', hProperties: { className: ['term-tip'], role: 'tooltip', id: m.tip.id, ariaHidden: 'true', dataPagefindIgnore: '' } } } as PhrasingContent] : []),
      ],
    });
    pos = m.end;
  }
  if (pos < value.length) out.push({ type: 'text', value: value.slice(pos) });
  return out;
}

export function applyPlan(tree: Root, plan: RenderPlan): void {
  const headings = byOffset(plan.headings);
  const diagrams = byOffset(plan.diagrams);
  const wikiLinks = byOffset(plan.wikiLinks);
  const fileLinks = byOffset(plan.fileLinks);
  const mentions = groupByOffset(plan.mentions);
  visit(tree, (node: Nodes, index, parent) => {
    const offset = node.position?.start.offset;
    if (offset === undefined) return undefined;
    if (node.type === 'heading') {
      const h = headings.get(offset);
      if (h) {
        node.data ??= {};
        node.data.hProperties = { ...node.data.hProperties, id: h.anchor };
      }
      return undefined;
    }
    if (node.type === 'code') {
      const d = diagrams.get(offset);
      // Emptied here and filled with the figure once the drawing is done (rehypeDiagramMarkers).
      if (d) node.data = { hName: 'arbor-diagram', hProperties: { dataDiagramKey: d.key }, hChildren: [] };
      return undefined;
    }
    if (node.type === 'link') {
      const f = fileLinks.get(offset);
      if (f) node.url = f.href;
      return undefined;
    }
    if (!parent || index === undefined) return undefined;
    if (node.type === 'wikiLink') {
      const w = wikiLinks.get(offset);
      if (!w) return undefined;
      parent.children.splice(index, 1, wikiLinkNode(w) as never);
      return SKIP;
    }
    if (node.type === 'text') {
      const m = mentions.get(offset);
      if (!m) return undefined;
      const out = mentionNodes(node.value, m);
      parent.children.splice(index, 1, ...(out as never[]));
      return [SKIP, index + out.length];
    }
    return undefined;
  });
}
