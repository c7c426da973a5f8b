/**
 * What the home page and the index pages (/topics/, /trees/) show of a knowledge base of any size:
 * pure selection, no Astro. The home page is a fixed number of entries whatever the size (trees,
 * notes, recently updated notes, tags, glossary letters and terms); the full lists group by first
 * letter and split into one page per letter only above a threshold (see `splitIndex`).
 */

/** Home page caps: the most linked trees and notes, the newest notes, the biggest tags, the most used terms. */
export const HOME_SHOWN = { trees: 24, notes: 60, recent: 8, tags: 40, terms: 12 } as const;

interface Linked { title: string; backlinks: unknown[] }

/** Up to `n` of `list`, the most linked first when there are more, then shown A–Z by title. */
export function mostLinked<T extends Linked>(list: readonly T[], n: number): T[] {
  const byTitle = (a: T, b: T) => a.title.localeCompare(b.title);
  if (list.length <= n) return [...list];
  return [...list].sort((a, b) => b.backlinks.length - a.backlinks.length || byTitle(a, b)).slice(0, n).sort(byTitle);
}

interface Dated { title: string; updated?: string; date?: string }

/** A page's change time in ms: `updated`, else `date`; undefined when it has neither or it does not parse. */
export function changedAt(p: Dated): number | undefined {
  for (const s of [p.updated, p.date]) {
    if (!s) continue;
    const t = Date.parse(s);
    if (Number.isFinite(t)) return t;
  }
  return undefined;
}

/** Up to `n` dated pages, newest first (ties A–Z by title); pages without a date are left out. */
export function recentlyUpdated<T extends Dated>(list: readonly T[], n: number): T[] {
  return list
    .flatMap((p) => {
      const t = changedAt(p);
      return t === undefined ? [] : [{ p, t }];
    })
    .sort((a, b) => b.t - a.t || a.p.title.localeCompare(b.p.title))
    .slice(0, n)
    .map((x) => x.p);
}

/** The glossary's letter of a term: its first character upper-cased, as /glossary/ names its `#arbor-letter-X` anchors. */
export const glossaryLetter = (term: string): string => term[0]!.toUpperCase();

interface Term { term: string; backlinks: unknown[]; mentions: unknown[] }

/** The glossary letters in the order the terms come (A–Z), each once. */
export function glossaryLetters(terms: readonly Term[]): string[] {
  return [...new Set(terms.filter((t) => t.term.length > 0).map((t) => glossaryLetter(t.term)))];
}

/** Up to `n` terms most linked to or mentioned (pages that link plus pages that mention), shown A–Z. */
export function mostUsedTerms<T extends Term>(terms: readonly T[], n: number): T[] {
  const uses = (t: T) => t.backlinks.length + t.mentions.length;
  return terms
    .filter((t) => uses(t) > 0)
    .sort((a, b) => uses(b) - uses(a) || a.term.localeCompare(b.term))
    .slice(0, n)
    .sort((a, b) => a.term.localeCompare(b.term, 'en', { sensitivity: 'base' }));
}

/** An index letter: A–Z by the title's first letter (accents dropped), `#` for anything else. */
export function indexLetter(title: string): string {
  const c = title.trim().normalize('NFD').replace(/\p{M}/gu, '')[0]?.toUpperCase() ?? '';
  return /^[A-Z]$/.test(c) ? c : '#';
}

/** A letter's URL segment and anchor part: `a`…`z`, `other` for `#`. */
export const letterKey = (letter: string): string => (letter === '#' ? 'other' : letter.toLowerCase());

export interface LetterGroup<T> { letter: string; key: string; items: T[] }

/** Groups A–Z (then `#`), each group in title order. */
export function byLetter<T extends { title: string }>(list: readonly T[]): LetterGroup<T>[] {
  const groups = new Map<string, T[]>();
  for (const p of list) {
    const l = indexLetter(p.title);
    const group = groups.get(l);
    if (group) group.push(p);
    else groups.set(l, [p]);
  }
  return [...groups]
    .sort(([a], [b]) => (a === '#' ? 1 : b === '#' ? -1 : a.localeCompare(b)))
    .map(([letter, items]) => ({ letter, key: letterKey(letter), items: [...items].sort((a, b) => a.title.localeCompare(b.title)) }));
}

/**
 * Up to this many entries an index (/topics/, /trees/) is one page grouped by letter; above it the
 * index page keeps only the letters (with counts) and each letter is its own page. 400 titles with
 * summaries are about 9 KB of gzipped HTML (4,500 in one page were 97 KB).
 */
export const SPLIT_INDEX_ABOVE = 400;

export const splitIndex = (entries: number, above = SPLIT_INDEX_ABOVE): boolean => entries > above;
