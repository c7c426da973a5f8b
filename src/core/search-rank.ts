/**
 * Which search results a reader sees, and in what order. Pagefind finds and scores pages; this
 * keeps the ones that really match and orders them by how well their title, aliases and text
 * match the query, then by Pagefind's score. Plain functions of plain data, so they are unit-tested.
 *
 * Tiers, best first: an exact title or alias ("moe" → the term Mixture of Experts, alias MoE); a
 * title that starts with the query; a title holding it as a phrase; a page holding the whole
 * multi-word query as a phrase (a diagram label, say); a tag page named exactly by the query; the
 * rest. Tag pages list other pages' summaries, so they match nearly everything: within a tier they
 * come after the other pages.
 */
export interface RankedResult {
  title: string;
  /** note, tree, paper, term, tag… */
  kind: string;
  aliases: string[];
  /** Pagefind's score for the query. */
  score: number;
  /** The words of the page that Pagefind matched (its content at the result's locations). */
  matched?: string[];
  /** Pagefind's exact-phrase search for the query found this page. */
  phrase?: boolean;
}

export const TIER = { exact: 5, titleStart: 4, titlePhrase: 3, phrase: 2, tagName: 1, other: 0 } as const;

/** Lower case without accents, as Pagefind folds words (it matches "cafe" and "café" alike). */
const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
const parts = (token: string) => token.split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** A text's words for comparing titles: split on spaces and punctuation ("Low-Rank" is two words; emoji go). */
export function wordsOf(text: string): string[] {
  return fold(text).split(/\s+/).flatMap(parts);
}

/**
 * A query's words as Pagefind searches them: it drops punctuation inside a word rather than
 * splitting there, so "gpt-4" is the one word "gpt4".
 */
export function queryWords(query: string): string[] {
  return fold(query)
    .split(/\s+/)
    .map((t) => parts(t).join(''))
    .filter(Boolean);
}

/** The words Pagefind may have matched in one whitespace-separated token of a page: its parts and, when hyphenated, their join. */
export function tokenWords(token: string): string[] {
  const p = parts(fold(token));
  return p.length > 1 ? [p.join(''), ...p] : p;
}

/**
 * Does a matched page word stand for this query word? Pagefind matches a query word to every
 * indexed word it starts (and to stems), and when there is none, to the longest indexed word that
 * starts the query word: "zzqxj" matches "z". That fallback is kept only for near-whole words
 * (a plural, "gpus" → "gpu"); other matches must share the first three letters, or the whole of a
 * shorter word (stems change endings, not beginnings: "studies" ↔ "study").
 */
export function wordMatches(queryWord: string, pageWord: string): boolean {
  let common = 0;
  while (common < queryWord.length && common < pageWord.length && queryWord[common] === pageWord[common]) common++;
  if (common === pageWord.length && common < queryWord.length) return common >= 3 && common >= 0.75 * queryWord.length;
  return common > 0 && common >= Math.min(3, queryWord.length, pageWord.length);
}

/** Every query word is matched by a word of the page's matched text, title or aliases (or the page holds the query as a phrase). */
export function isRelevant(query: string, r: Pick<RankedResult, 'title' | 'aliases' | 'matched' | 'phrase'>): boolean {
  if (r.phrase) return true;
  const q = queryWords(query);
  if (!q.length) return true;
  const words = [...(r.matched ?? []).flatMap(tokenWords), ...wordsOf(r.title), ...r.aliases.flatMap(wordsOf)];
  return q.every((qw) => words.some((w) => wordMatches(qw, w)));
}

export function tier(query: string, r: Pick<RankedResult, 'title' | 'kind' | 'aliases' | 'phrase'>): number {
  const q = wordsOf(query).join(' ');
  if (!q) return TIER.other;
  const title = wordsOf(r.title).join(' ');
  if (r.kind === 'tag') return title === q ? TIER.tagName : TIER.other;
  if (title === q || r.aliases.some((a) => wordsOf(a).join(' ') === q)) return TIER.exact;
  // Prefixes count, so that a title ranks while its last word is still being typed.
  if (title.startsWith(q)) return TIER.titleStart;
  if (` ${title}`.includes(` ${q}`)) return TIER.titlePhrase;
  if (r.phrase && q.includes(' ')) return TIER.phrase;
  return TIER.other;
}

/** The relevant results, best first; ties keep Pagefind's order. */
export function rankResults<T extends RankedResult>(query: string, results: T[]): T[] {
  return results
    .filter((r) => isRelevant(query, r))
    .map((r, i) => ({ r, i, t: tier(query, r), tag: r.kind === 'tag' ? 1 : 0 }))
    .sort((a, b) => b.t - a.t || a.tag - b.tag || b.r.score - a.r.score || a.i - b.i)
    .map((x) => x.r);
}
