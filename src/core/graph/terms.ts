/**
 * Finding glossary terms in running text. One case-free alternation of every term name and alias,
 * longest first, bounded by non-letters: a search over plain text, not syntax parsing. Each match
 * is then checked against the rules below, outside the regular expression: a pattern with the
 * rules inside (a lookaround and a case modifier per name) was 150 times slower on 2,000 terms.
 *
 * - Boundaries: a name is not part of a longer word (letters, digits, `_`), and not joined by a
 *   hyphen or apostrophe to a letter or digit ("GPT-4", "pre-ZeRO", "long-term" and "l'AGI" hold no
 *   match for GPT, ZeRO, term or AGI). A possessive "’s" after a name is not a join ("NCCL’s").
 * - Case: a word of a name with an upper-case letter after its first character (`GPT`, `ZeRO`,
 *   `LoRA`, `KV`, `DeepSpeed`, `3D`) matches only as written; its other words match in any case
 *   ("KV cache" finds "KV Cache", not "kv cache"; "zero" does not find ZeRO, "Lora" not LoRA).
 * - A term can opt out (`autolink` in its frontmatter): `"as-written"` matches every word only as
 *   written, `false` leaves the term out of the matcher.
 * A space inside a name matches any one whitespace character (a soft line break in a paragraph).
 * When the longest name at a position fails the checks, the search goes on from the next
 * character: a shorter name starting at the same position is not tried.
 */
export type Autolink = boolean | 'as-written';

export interface TermName {
  slug: string;
  name: string;
  /** As the term's frontmatter `autolink`; default `true`. */
  autolink?: Autolink;
}

export interface TermMatch {
  slug: string;
  start: number;
  end: number;
  text: string;
}

interface Candidate {
  slug: string;
  /** The name's words (runs of letters and digits), as written. */
  words: string[];
  asWritten: boolean;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const WORDS = /[\p{L}\p{N}]+/gu;
const wordsOf = (s: string) => s.match(WORDS) ?? [];
/** The key a name and a matched text share: lower case, whitespace runs as one space. */
const keyOf = (s: string) => s.toLowerCase().replace(/\s+/gu, ' ');
const isAlnum = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
const isJoin = (c: string | undefined) => c !== undefined && "-\u2010\u2011'\u2019".includes(c);
const isApostrophe = (c: string | undefined) => c === "'" || c === '\u2019';

/** A word of a name matches only as written when a letter after its first character is upper-case. */
export function isCaseSensitive(word: string): boolean {
  return /\p{Lu}/u.test(word.slice(1));
}

/** Whether the match at [start, end) is joined to a word by a hyphen or apostrophe (a possessive "’s" is not a join). */
function joined(text: string, start: number, end: number): boolean {
  if (isJoin(text[start - 1]) && isAlnum(text[start - 2])) return true;
  const after = text[end];
  if (!isJoin(after) || !isAlnum(text[end + 1])) return false;
  return !(isApostrophe(after) && text[end + 1] === 's' && !/[\p{L}\p{N}_]/u.test(text[end + 2] ?? ''));
}

/** Whether a matched text is written as the name requires (see the case rule above). */
function caseFits(candidate: Candidate, matched: string): boolean {
  const got = wordsOf(matched);
  return candidate.words.every((w, i) => got[i] === w || (!candidate.asWritten && !isCaseSensitive(w)));
}

export class TermMatcher {
  private readonly re: RegExp | null;
  /** The names a key stands for, the first term to claim a name first. */
  private readonly byKey = new Map<string, Candidate[]>();

  constructor(names: TermName[]) {
    const patterns = new Map<string, string>();
    for (const { slug, name, autolink = true } of names) {
      const n = name.trim();
      if (n.length < 2 || autolink === false) continue;
      const key = keyOf(n);
      const list = this.byKey.get(key) ?? [];
      list.push({ slug, words: wordsOf(n), asWritten: autolink === 'as-written' });
      this.byKey.set(key, list);
      if (!patterns.has(key)) patterns.set(key, escape(n.replace(/\s+/gu, ' ')));
    }
    // Longest first, so that at one position "KV cache" wins over "cache".
    const alternation = [...patterns].sort((a, b) => b[0].length - a[0].length).map(([, p]) => p);
    this.re = alternation.length ? new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternation.join('|')})(?![\\p{L}\\p{N}_])`, 'giu') : null;
  }

  /** All non-overlapping matches, earliest first (longer wins at the same start). */
  find(text: string): TermMatch[] {
    const re = this.re;
    if (!re) return [];
    const out: TermMatch[] = [];
    // Searched with each whitespace character as a space (same length, so offsets hold): names have
    // single spaces, and `\s+` in the pattern made the search 20 times slower.
    const flat = text.replace(/\s/gu, ' ');
    re.lastIndex = 0;
    for (let m = re.exec(flat); m; m = re.exec(flat)) {
      const start = m.index;
      const end = start + m[0].length;
      const written = text.slice(start, end);
      const candidate = joined(text, start, end) ? undefined : this.byKey.get(keyOf(written))?.find((c) => caseFits(c, written));
      if (candidate) out.push({ slug: candidate.slug, start, end, text: written });
      else re.lastIndex = start + 1;
    }
    return out;
  }
}
