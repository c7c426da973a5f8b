/**
 * Related pages: for one page, up to RELATED_UP_TO other notes and trees ranked by what they share
 * with it: tags, links (either way) and glossary terms (mentioned or linked). Pure; the indexes are
 * built once per graph (a WeakMap) and each page then looks only at its own tags', terms' and
 * links' lists, so a 5,000-note base costs its pages' features, not pages × pages.
 */
import type { KnowledgeGraph, PageRef } from './types.ts';

export const RELATED_UP_TO = 5;
/**
 * A tag or term on more pages than this (a `paper` tag on half the base) still counts for the
 * pages found through something else, but brings no candidates of its own: walking its list from
 * every page would be pages × pages.
 */
export const COMMON_ABOVE = 100;

export interface RelatedPage {
  ref: PageRef;
  sharedTags: number;
  sharedTerms: number;
  /** The candidate links to the page. */
  linksHere: boolean;
  /** The page links to the candidate. */
  linkedFromHere: boolean;
  score: number;
}

const keyOf = (ref: PageRef) => `${ref.kind}:${ref.slug}`;

interface RelatedIndex {
  tagPages: Map<string, string[]>;
  termPages: Map<string, string[]>;
  pageTags: Map<string, Set<string>>;
  pageTerms: Map<string, Set<string>>;
  linksOut: Map<string, Set<string>>;
  linksIn: Map<string, Set<string>>;
  refs: Map<string, PageRef & { title: string }>;
}

function add(map: Map<string, Set<string>>, k: string, v: string): void {
  const set = map.get(k);
  if (set) set.add(v);
  else map.set(k, new Set([v]));
}

const indexes = new WeakMap<KnowledgeGraph, RelatedIndex>();
function indexOf(graph: KnowledgeGraph): RelatedIndex {
  let ix = indexes.get(graph);
  if (ix) return ix;
  const pageTags = new Map<string, Set<string>>();
  const pageTerms = new Map<string, Set<string>>();
  const linksOut = new Map<string, Set<string>>();
  const linksIn = new Map<string, Set<string>>();
  const refs = new Map(graph.pages.map((p) => [keyOf(p), { kind: p.kind, slug: p.slug, title: p.title }]));
  for (const p of graph.pages) for (const t of p.tags) add(pageTags, keyOf(p), t);
  for (const m of graph.mentions) for (const p of m.pages) add(pageTerms, keyOf(p), m.term);
  for (const l of graph.links) {
    if (l.from.kind === 'term') continue;
    const from = keyOf({ kind: l.from.kind, slug: l.from.slug });
    if (l.to.kind === 'term') add(pageTerms, from, l.to.slug);
    else {
      const to = keyOf({ kind: l.to.kind, slug: l.to.slug });
      if (to === from || !refs.has(to)) continue;
      add(linksOut, from, to);
      add(linksIn, to, from);
    }
  }
  const invert = (byPage: Map<string, Set<string>>) => {
    const out = new Map<string, string[]>();
    for (const [page, features] of byPage) for (const f of features) {
      const list = out.get(f);
      if (list) list.push(page);
      else out.set(f, [page]);
    }
    return out;
  };
  ix = { tagPages: invert(pageTags), termPages: invert(pageTerms), pageTags, pageTerms, linksOut, linksIn, refs };
  indexes.set(graph, ix);
  return ix;
}

/** Rarer features say more: a tag on 2 pages weighs more than one on 80. */
const rarity = (pagesWith: number) => 1 / Math.log2(pagesWith + 1);
const LINK_WEIGHT = 3;
const TAG_WEIGHT = 2;
const TERM_WEIGHT = 1;

function countShared(a: Set<string> | undefined, b: Set<string> | undefined, pagesWith: Map<string, string[]>): { n: number; weight: number } {
  let n = 0;
  let weight = 0;
  if (!a || !b) return { n, weight };
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const f of small) if (large.has(f)) {
    n++;
    weight += rarity(pagesWith.get(f)?.length ?? 2);
  }
  return { n, weight };
}

/** The pages most related to `page`, best first (ties by title, then slug), at most `upTo`. */
export function relatedPages(graph: KnowledgeGraph, page: PageRef, upTo = RELATED_UP_TO): RelatedPage[] {
  const ix = indexOf(graph);
  const self = keyOf(page);
  const candidates = new Set<string>();
  for (const k of ix.linksOut.get(self) ?? []) candidates.add(k);
  for (const k of ix.linksIn.get(self) ?? []) candidates.add(k);
  for (const [features, pagesWith] of [[ix.pageTags.get(self), ix.tagPages], [ix.pageTerms.get(self), ix.termPages]] as const) {
    for (const f of features ?? []) {
      const list = pagesWith.get(f) ?? [];
      if (list.length <= COMMON_ABOVE) for (const k of list) candidates.add(k);
    }
  }
  candidates.delete(self);
  const out: (RelatedPage & { title: string })[] = [];
  for (const k of candidates) {
    const ref = ix.refs.get(k);
    if (!ref) continue;
    const tags = countShared(ix.pageTags.get(self), ix.pageTags.get(k), ix.tagPages);
    const terms = countShared(ix.pageTerms.get(self), ix.pageTerms.get(k), ix.termPages);
    const linksHere = ix.linksIn.get(self)?.has(k) ?? false;
    const linkedFromHere = ix.linksOut.get(self)?.has(k) ?? false;
    const score = LINK_WEIGHT * (Number(linksHere) + Number(linkedFromHere)) + TAG_WEIGHT * tags.weight + TERM_WEIGHT * terms.weight;
    if (score <= 0) continue;
    out.push({ ref: { kind: ref.kind, slug: ref.slug }, title: ref.title, sharedTags: tags.n, sharedTerms: terms.n, linksHere, linkedFromHere, score });
  }
  out.sort((a, b) => b.score - a.score || a.title.localeCompare(b.title) || a.ref.slug.localeCompare(b.ref.slug));
  return out.slice(0, upTo).map((r) => ({ ref: r.ref, sharedTags: r.sharedTags, sharedTerms: r.sharedTerms, linksHere: r.linksHere, linkedFromHere: r.linkedFromHere, score: r.score }));
}

const count = (n: number, one: string) => `${n} shared ${one}${n === 1 ? '' : 's'}`;

/** "2 shared tags, links here": why a page is listed. */
export function relatedReason(r: RelatedPage): string {
  const parts: string[] = [];
  if (r.sharedTags) parts.push(count(r.sharedTags, 'tag'));
  if (r.linksHere && r.linkedFromHere) parts.push('links both ways');
  else if (r.linksHere) parts.push('links here');
  else if (r.linkedFromHere) parts.push('linked from here');
  if (r.sharedTerms) parts.push(count(r.sharedTerms, 'term'));
  return parts.join(', ');
}
