/**
 * Name resolution, case-insensitive, in ranks: the file name (the page's whole slug, then its
 * last segment), then the title, then an alias, then the name's slug. In each of those, notes and
 * trees come before glossary terms (a note and a term of one name: `[[Name]]` is the note, as in
 * Obsidian, where a link names a note). Only candidates tied in one rank are ambiguous; the
 * caller reports them. Diagram nodes ask for terms first (`prefer: 'term'`).
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

/** `path`: the whole slug (`papers/diffdis`); `name`: its last segment (`diffdis`), for pages in folders. */
const TIERS = ['path', 'name', 'title', 'alias', 'slugified'] as const;
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

  private readonly base: string;

  constructor(items: Resolvable[], base: string) {
    this.base = base;
    for (const item of items) {
      const lastSegment = item.slug.split('/').pop() ?? item.slug;
      // A term's slug comes from its name, not a path: it ranks with a page's last segment.
      if (item.kind !== 'term') this.add('path', item.slug, item);
      if (lastSegment !== item.slug || item.kind === 'term') this.add('name', lastSegment, item);
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

  /**
   * `kinds`: only these kinds can match. `prefer`: which kind wins when both match in one tier,
   * pages (links in text) or glossary terms (diagram nodes).
   */
  resolve(name: string, kinds?: ReadonlyArray<EntityKind>, prefer: 'page' | 'term' = 'page'): Resolution {
    const key = normaliseName(name);
    const slugKey = slugifySegment(name);
    const groups = prefer === 'page' ? [false, true] : [true, false];
    for (const tier of TIERS) {
      const found = (this.tiers.get(tier)!.get(tier === 'slugified' ? slugKey : key) ?? []).filter((x) => !kinds || kinds.includes(x.kind));
      for (const isTerm of groups) {
        const rank = found.filter((x) => (x.kind === 'term') === isTerm);
        if (rank.length === 1) return { status: 'ok', target: targetOf(rank[0]!, this.base) };
        if (rank.length > 1) return { status: 'ambiguous', candidates: rank.map((x) => targetOf(x, this.base)) };
      }
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

