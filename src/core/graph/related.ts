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

/** Scores are rounded so that equal shares score equal whatever order their weights were added in. */
const roundScore = (x: number) => Math.round(x * 1e9) / 1e9;
/** Same order as `localeCompare`, without setting up a collator for every comparison. */
const byLocale = new Intl.Collator().compare;

interface Shared {
  tags: number;
  tagWeight: number;
  terms: number;
  termWeight: number;
}

/** The pages most related to `page`, best first (ties by title, then slug), at most `upTo`. */
export function relatedPages(graph: KnowledgeGraph, page: PageRef, upTo = RELATED_UP_TO): RelatedPage[] {
  const ix = indexOf(graph);
  const self = keyOf(page);
  // One walk over the lists of the page's own tags and terms adds up what each candidate shares
  // with it, instead of intersecting two feature sets per candidate: the cost is those lists' length.
  const shared = new Map<string, Shared>();
  const of = (k: string) => {
    let s = shared.get(k);
    if (!s) shared.set(k, (s = { tags: 0, tagWeight: 0, terms: 0, termWeight: 0 }));
    return s;
  };
  const linksOut = ix.linksOut.get(self);
  const linksIn = ix.linksIn.get(self);
  for (const k of linksOut ?? []) of(k);
  for (const k of linksIn ?? []) of(k);
  const common: { isTag: boolean; feature: string; weight: number }[] = [];
  for (const isTag of [true, false]) {
    for (const feature of (isTag ? ix.pageTags : ix.pageTerms).get(self) ?? []) {
      const list = (isTag ? ix.tagPages : ix.termPages).get(feature) ?? [];
      const weight = rarity(list.length);
      if (list.length > COMMON_ABOVE) {
        common.push({ isTag, feature, weight });
        continue;
      }
      for (const k of list) {
        const s = of(k);
        if (isTag) s.tags++, (s.tagWeight += weight);
        else s.terms++, (s.termWeight += weight);
      }
    }
  }
  shared.delete(self);
  // A common tag or term brought no candidates, but counts for those found otherwise.
  for (const { isTag, feature, weight } of common) {
    const features = isTag ? ix.pageTags : ix.pageTerms;
    for (const [k, s] of shared) {
      if (!features.get(k)?.has(feature)) continue;
      if (isTag) s.tags++, (s.tagWeight += weight);
      else s.terms++, (s.termWeight += weight);
    }
  }
  // The best `upTo`, kept in order while the candidates go by (hundreds per page; no full sort).
  type Ranked = RelatedPage & { title: string };
  const before = (a: Ranked, b: Ranked) => b.score - a.score || byLocale(a.title, b.title) || byLocale(a.ref.slug, b.ref.slug);
  const best: Ranked[] = [];
  for (const [k, s] of shared) {
    const ref = ix.refs.get(k);
    if (!ref) continue;
    const linksHere = linksIn?.has(k) ?? false;
    const linkedFromHere = linksOut?.has(k) ?? false;
    const score = roundScore(LINK_WEIGHT * (Number(linksHere) + Number(linkedFromHere)) + TAG_WEIGHT * s.tagWeight + TERM_WEIGHT * s.termWeight);
    if (score <= 0) continue;
    const last = best[best.length - 1];
    if (best.length >= upTo && last && score < last.score) continue;
    const r: Ranked = { ref: { kind: ref.kind, slug: ref.slug }, title: ref.title, sharedTags: s.tags, sharedTerms: s.terms, linksHere, linkedFromHere, score };
    if (best.length >= upTo && last && before(r, last) >= 0) continue;
    let i = best.length;
    while (i > 0 && before(r, best[i - 1]!) < 0) i--;
    best.splice(i, 0, r);
    if (best.length > upTo) best.pop();
  }
  return best.map((r) => ({ ref: r.ref, sharedTags: r.sharedTags, sharedTerms: r.sharedTerms, linksHere: r.linksHere, linkedFromHere: r.linkedFromHere, score: r.score }));
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
