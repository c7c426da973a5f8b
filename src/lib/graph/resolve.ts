/**
 * Name resolution, in the order DESIGN.md fixes: exact slug (or file name), then title, then
 * alias, then the name's slug; case-insensitive. More than one candidate in the first tier
 * that matches is ambiguous; the caller reports the candidates.
 */
import { distance } from 'fastest-levenshtein';
import { anchorFor, glossaryPath, pagePath, slugifySegment, withBase, type Slug } from '../paths.ts';
import type { EntityKind, LinkTarget } from './types.ts';

export interface Resolvable {
  kind: EntityKind;
  slug: string;
  title: string;
  aliases: string[];
}

export type Resolution =
  | { status: 'ok'; target: LinkTarget }
  | { status: 'ambiguous'; candidates: LinkTarget[] }
  | { status: 'missing' };

const TIERS = ['slug', 'title', 'alias', 'slugified'] as const;
type Tier = (typeof TIERS)[number];

export function normaliseName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

export function targetOf(item: Resolvable, base: string): LinkTarget {
  if (item.kind === 'term') return { kind: 'term', slug: item.slug, anchor: item.slug, title: item.title, href: withBase(base, glossaryPath(item.slug)) };
  return { kind: item.kind, slug: item.slug, title: item.title, href: withBase(base, pagePath(item.kind, item.slug as Slug)) };
}

export class NameIndex {
  private readonly tiers = new Map<Tier, Map<string, Resolvable[]>>(TIERS.map((t) => [t, new Map()]));
  private readonly names: string[] = [];
  private uniqueNames: string[] | undefined;

  constructor(
    items: Resolvable[],
    private readonly base: string,
  ) {
    for (const item of items) {
      const lastSegment = item.slug.split('/').pop() ?? item.slug;
      this.add('slug', item.slug, item);
      if (lastSegment !== item.slug) this.add('slug', lastSegment, item);
      this.add('title', item.title, item);
      for (const alias of item.aliases) this.add('alias', alias, item);
      this.add('slugified', slugifySegment(item.title), item);
      this.names.push(item.title, ...item.aliases);
    }
  }

  private add(tier: Tier, name: string, item: Resolvable): void {
    const key = normaliseName(name);
    if (!key) return;
    const map = this.tiers.get(tier)!;
    const list = map.get(key) ?? [];
    if (!list.some((x) => x.kind === item.kind && x.slug === item.slug)) list.push(item);
    map.set(key, list);
  }

  resolve(name: string, kinds?: ReadonlyArray<EntityKind>): Resolution {
    const key = normaliseName(name);
    const slugKey = slugifySegment(name);
    for (const tier of TIERS) {
      const found = (this.tiers.get(tier)!.get(tier === 'slugified' ? slugKey : key) ?? []).filter((x) => !kinds || kinds.includes(x.kind));
      if (found.length === 1) return { status: 'ok', target: targetOf(found[0]!, this.base) };
      if (found.length > 1) return { status: 'ambiguous', candidates: found.map((x) => targetOf(x, this.base)) };
    }
    // Suggestions cost a scan of every name; only a reported problem asks for them (suggest()).
    return { status: 'missing' };
  }

  /** Close names for "did you mean", by edit distance. */
  suggest(name: string, max = 3): string[] {
    const key = normaliseName(name);
    const limit = Math.max(2, Math.floor(key.length / 3));
    this.uniqueNames ??= [...new Set(this.names)];
    return this.uniqueNames
      .map((n) => ({ n, d: distance(key, normaliseName(n)) }))
      .filter((x) => x.d <= limit)
      .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n))
      .slice(0, max)
      .map((x) => x.n);
  }
}

export function describeCandidates(candidates: LinkTarget[]): string {
  return candidates.map((c) => `${c.kind} "${c.title}" (${c.href})`).join(', ');
}

/**
 * A wikilink's target: `[[T]]` by name, `[[#H]]` on the page it is written in (`here`), and with
 * a heading the target carries that heading's anchor. Whether the anchor exists is the caller's
 * check (the graph knows every page's anchors).
 */
export function resolveWikiLink(index: NameIndex, here: LinkTarget | undefined, link: { target: string; heading?: string }): Resolution {
  const r: Resolution = link.target ? index.resolve(link.target) : here ? { status: 'ok', target: here } : { status: 'missing' };
  if (r.status !== 'ok' || !link.heading) return r;
  const anchor = anchorFor(link.heading);
  return { status: 'ok', target: { ...r.target, anchor, href: `${r.target.href}#${anchor}` as LinkTarget['href'] } };
}

