/**
 * Turns `[[wikilinks]]` into links and `![[embeds]]` into link cards, and rewrites links to
 * other `.md` files to their page URLs. Resolution is the graph's; problems were already
 * reported when the graph was built, so an unresolved link here only renders as plain text.
 */
import type { Link, Root, RootContent } from 'mdast';
import { SKIP, visit } from 'unist-util-visit';
import { markdownLinkFile } from '../core/paths.ts';
import { resolveWikiLink } from '../core/graph/resolve.ts';
import { findPage } from '../core/graph/query.ts';
import type { WikiLink } from '../core/syntax/wikilink.ts';
import type { ArborContext } from './context.ts';

export default function remarkLinks(ctx: ArborContext) {
  return (tree: Root, file: { path?: string }) => {
    const page = ctx.pageOf(file.path);
    visit(tree, (node, index, parent) => {
      if (!parent || index === undefined) return;
      if (node.type === 'wikiLink') {
        const w = node as WikiLink;
        const here = page && { kind: page.kind, slug: page.slug, title: page.title, href: page.href };
        const r = resolveWikiLink(ctx.index, here, w);
        const target = r.status === 'ok' ? r.target : undefined;
        const href = target?.href;
        const title = target?.title ?? (w.target || w.heading || w.value);
        const kind = target?.kind ?? 'note';
        const shown = w.alias ?? (w.target ? (w.heading ? `${title} › ${w.heading}` : w.target) : w.heading ?? w.value);
        let replacement: RootContent;
        if (!href) {
          replacement = { type: 'text', value: shown, data: { hName: 'span', hProperties: { className: ['broken-link'], title: 'This link points to nothing' } } } as RootContent;
        } else if (w.embed) {
          const summary = (target!.kind === 'term' ? ctx.term(target!.slug)?.short : findPage(ctx.graph, { kind: target!.kind, slug: target!.slug })?.summary) ?? '';
          replacement = {
            type: 'link',
            url: href,
            data: { hProperties: { className: ['embed-card'], dataKind: kind } },
            children: [
              { type: 'strong', children: [{ type: 'text', value: shown }] },
              ...(summary ? [{ type: 'text' as const, value: ` — ${summary}` }] : []),
            ],
          } satisfies Link;
        } else {
          replacement = { type: 'link', url: href, data: { hProperties: { className: ['internal-link'], dataKind: kind } }, children: [{ type: 'text', value: shown }] } satisfies Link;
        }
        parent.children.splice(index, 1, replacement as never);
        return SKIP;
      }
      const md = node.type === 'link' && file.path ? markdownLinkFile(file.path, node.url) : undefined;
      const linked = md && ctx.pageOf(md.file);
      if (node.type === 'link' && linked) node.url = linked.href + (md.fragment ? `#${md.fragment}` : '');
      return undefined;
    });
  };
}
