/**
 * Turns `[[wikilinks]]` into links and `![[embeds]]` into link cards, and rewrites links to
 * other `.md` files to their page URLs. Resolution is the graph's; problems were already
 * reported when the graph was built, so an unresolved link here only renders as plain text.
 */
import { dirname, join } from 'node:path';
import type { Link, Root, RootContent } from 'mdast';
import { SKIP, visit } from 'unist-util-visit';
import { anchorFor, pagePath, withBase } from '../paths.ts';
import type { WikiLink } from '../markdown/wikilink.ts';
import type { ArborContext } from './context.ts';

export default function remarkLinks(ctx: ArborContext) {
  return (tree: Root, file: { path?: string }) => {
    const page = ctx.pageOf(file.path);
    visit(tree, (node, index, parent) => {
      if (!parent || index === undefined) return;
      if (node.type === 'wikiLink') {
        const w = node as WikiLink;
        let href: string | undefined;
        let title = w.target || w.heading || w.value;
        let kind = 'note';
        if (!w.target && page) href = page.href;
        else if (w.target) {
          const r = ctx.index.resolve(w.target);
          if (r.status === 'ok') ({ href, title, kind } = r.target);
        }
        if (href && w.heading) href = `${href.split('#')[0]}#${anchorFor(w.heading)}`;
        const shown = w.alias ?? (w.target ? (w.heading ? `${title} › ${w.heading}` : w.target) : w.heading ?? w.value);
        let replacement: RootContent;
        if (!href) {
          replacement = { type: 'text', value: shown, data: { hName: 'span', hProperties: { className: ['broken-link'], title: 'This link points to nothing' } } } as RootContent;
        } else if (w.embed) {
          const target = ctx.graph.pages.find((p) => p.href === href!.split('#')[0]);
          const summary = target?.summary ?? ctx.graph.terms.find((t) => t.href === href)?.short ?? '';
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
      if (node.type === 'link' && file.path && !/^[a-z][a-z0-9+.-]*:|^\/\/|^#/i.test(node.url)) {
        const [path = '', fragment] = node.url.split('#', 2);
        if (!/\.(md|markdown)$/i.test(path)) return;
        const abs = join(dirname(file.path), decodeURI(path));
        const target = ctx.pageOf(abs);
        if (target) node.url = withBase(ctx.graph.base, pagePath(target.kind, target.slug as never)) + (fragment ? `#${fragment}` : '');
      }
      return undefined;
    });
  };
}
