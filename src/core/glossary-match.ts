/**
 * Which glossary entries a filter query keeps. An exact name or abbreviation wins outright
 * ("VI" leaves Vision, not every definition containing "vi"); otherwise every query word
 * must start a word of a name/alias or of the definition. Case-insensitive.
 */
export interface FilterEntry {
  names: string[];
  text: string;
}

const words = (s: string) => s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

export function filterGlossary(query: string, entries: FilterEntry[]): boolean[] {
  const q = query.trim().toLowerCase();
  if (!q) return entries.map(() => true);
  const exact = entries.map((e) => e.names.some((n) => n.trim().toLowerCase() === q));
  if (exact.some(Boolean)) return exact;
  const qWords = words(q);
  return entries.map((e) => {
    const nameWords = e.names.flatMap((n) => [n.toLowerCase(), ...words(n)]);
    const textWords = words(e.text);
    return qWords.every((w) => nameWords.some((n) => n.startsWith(w)) || textWords.some((t) => t.startsWith(w)));
  });
}
