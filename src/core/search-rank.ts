/** Ordering of search results: an exact title or alias match first, then Pagefind's score. */
export interface RankedResult {
  title: string;
  aliases: string[];
  score: number;
}

const norm = (s: string) => s.normalize('NFKC').replace(/[\p{Extended_Pictographic}\u{FE0F}]/gu, '').trim().toLowerCase();

export function exactness(query: string, r: Pick<RankedResult, 'title' | 'aliases'>): number {
  const q = norm(query);
  if (!q) return 0;
  if (norm(r.title) === q || r.aliases.some((a) => norm(a) === q)) return 2;
  if (norm(r.title).startsWith(q)) return 1;
  return 0;
}

export function rankResults<T extends RankedResult>(query: string, results: T[]): T[] {
  return results
    .map((r, i) => ({ r, i, e: exactness(query, r) }))
    .sort((a, b) => b.e - a.e || b.r.score - a.r.score || a.i - b.i)
    .map((x) => x.r);
}
