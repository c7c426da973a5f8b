/**
 * Links the first mention of each glossary term in a note to its entry, with the short
 * definition as a tooltip shown on hover and keyboard focus (CSS only, positioned out of
 * flow so nothing shifts). Headings, code, math and existing links are left alone; a note
 * opts out with `autolink: false`; a term never links inside its own definition.
 *
 * Tooltip ids are unique on the built page: the glossary renders every term's body on one
 * page, so a body's ids carry its term's slug (`arbor-tip-lora-1`), and the `arbor-` prefix
 * keeps them apart from heading anchors.
 */
import type { PhrasingContent, Root, Text } from 'mdast';
import { SKIP, visitParents } from 'unist-util-visit-parents';
import type { ArborContext } from './context.ts';

const SKIP_INSIDE = new Set(['link', 'linkReference', 'wikiLink', 'code', 'inlineCode', 'heading', 'inlineMath', 'math', 'html', 'definition', 'tableCell']);

export default function remarkTermLinks(ctx: ArborContext) {
  return (tree: Root, file: { path?: string }) => {
    const page = ctx.pageOf(file.path);
    if (page && !page.autolink) return;
    const ownTerm = ctx.termAt(file.path);
    const done = new Set<string>(ownTerm ? [ownTerm.slug] : []);
    const tipPrefix = ownTerm ? `arbor-tip-${ownTerm.slug}-` : 'arbor-tip-';
    let tip = 0;
    visitParents(tree, 'text', (node: Text, ancestors) => {
      if (ancestors.some((a) => SKIP_INSIDE.has(a.type))) return;
      const parent = ancestors[ancestors.length - 1] as { children: PhrasingContent[] } | undefined;
      if (!parent) return;
      const matches = ctx.matcher.find(node.value).filter((m) => !done.has(m.slug));
      if (!matches.length) return;
      const out: PhrasingContent[] = [];
      let pos = 0;
      for (const m of matches) {
        if (done.has(m.slug)) continue;
        const term = ctx.term(m.slug);
        if (!term) continue;
        done.add(m.slug);
        if (m.start > pos) out.push({ type: 'text', value: node.value.slice(pos, m.start) });
        const tipId = `${tipPrefix}${++tip}`;
        const definition = term.short || term.definition;
        out.push({
          type: 'link',
          url: term.href,
          data: { hProperties: { className: ['term-link'], dataTerm: term.slug, ...(definition ? { ariaDescribedBy: [tipId] } : {}) } },
          children: [
            { type: 'text', value: m.text },
            ...(definition
              ? [{ type: 'text', value: definition, data: { hName: 'span', hProperties: { className: ['term-tip'], role: 'tooltip', id: tipId, ariaHidden: 'true', dataPagefindIgnore: '' } } } as PhrasingContent]
              : []),
          ],
        });
        pos = m.end;
      }
      if (!out.length) return;
      if (pos < node.value.length) out.push({ type: 'text', value: node.value.slice(pos) });
      const i = parent.children.indexOf(node);
      parent.children.splice(i, 1, ...out);
      return [SKIP, i + out.length];
    });
  };
}
