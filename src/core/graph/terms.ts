/**
 * Finding glossary terms in running text. One alternation of every term name and alias,
 * longest first, bounded by non-letters: a search over plain text, not syntax parsing.
 * Upper-case abbreviations (`VI`, `RAG`) match case-sensitively so that "vi" or "rag" in
 * prose never link; other names (`LoRA`, `Vision`) match in any case ("Lora" finds LoRA).
 */
export interface TermName {
  slug: string;
  name: string;
}

export interface TermMatch {
  slug: string;
  start: number;
  end: number;
  text: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Upper-case abbreviations (`VI`, `RAG`, `BM25`) match only as written; other names in any case. */
export function isCaseSensitive(name: string): boolean {
  return /^[\p{Lu}\p{N}]+$/u.test(name) && name.length <= 6;
}

export class TermMatcher {
  private readonly sensitive: RegExp | null;
  private readonly insensitive: RegExp | null;
  private readonly bySensitive = new Map<string, string>();
  private readonly byInsensitive = new Map<string, string>();

  constructor(names: TermName[]) {
    const sens: string[] = [];
    const insens: string[] = [];
    for (const { slug, name } of names) {
      const n = name.trim();
      if (n.length < 2) continue;
      if (isCaseSensitive(n)) {
        if (!this.bySensitive.has(n)) this.bySensitive.set(n, slug), sens.push(n);
      } else if (!this.byInsensitive.has(n.toLowerCase())) {
        this.byInsensitive.set(n.toLowerCase(), slug);
        insens.push(n);
      }
    }
    const build = (list: string[], flags: string) =>
      list.length ? new RegExp(`(?<![\\p{L}\\p{N}_])(?:${list.sort((a, b) => b.length - a.length).map(escape).join('|')})(?![\\p{L}\\p{N}_])`, flags) : null;
    this.sensitive = build(sens, 'gu');
    this.insensitive = build(insens, 'giu');
  }

  /** All non-overlapping matches, earliest first (longer wins at the same start). */
  find(text: string): TermMatch[] {
    const found: TermMatch[] = [];
    for (const [re, map, lower] of [
      [this.sensitive, this.bySensitive, false],
      [this.insensitive, this.byInsensitive, true],
    ] as const) {
      if (!re) continue;
      re.lastIndex = 0;
      for (const m of text.matchAll(re)) {
        const slug = map.get(lower ? m[0].toLowerCase() : m[0]);
        if (slug) found.push({ slug, start: m.index, end: m.index + m[0].length, text: m[0] });
      }
    }
    found.sort((a, b) => a.start - b.start || b.end - a.end);
    const out: TermMatch[] = [];
    let end = -1;
    for (const m of found) if (m.start >= end) out.push(m), (end = m.end);
    return out;
  }
}
