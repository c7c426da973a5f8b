/**
 * Finding glossary terms in running text. One alternation of every term name and alias, longest
 * first: a search over plain text, not syntax parsing.
 *
 * - Boundaries: a name is not part of a longer word (letters, digits, `_`), and not joined by a
 *   hyphen or apostrophe to a letter or digit ("GPT-4", "pre-ZeRO", "long-term" and "l'AGI" hold no
 *   match for GPT, ZeRO, term or AGI). A possessive "’s" after a name is not a join ("NCCL’s").
 * - Case: a word of a name with an upper-case letter after its first character (`GPT`, `ZeRO`,
 *   `LoRA`, `KV`, `DeepSpeed`, `3D`) matches only as written; its other words match in any case
 *   ("KV cache" finds "KV Cache", not "kv cache"; "zero" does not find ZeRO, "Lora" not LoRA).
 * - A term can opt out (`autolink` in its frontmatter): `"as-written"` matches every word only as
 *   written, `false` leaves the term out of the matcher.
 * Whitespace inside a name matches any run of whitespace (a soft line break in a paragraph).
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

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Characters that join a name to a neighbouring word: hyphens (ASCII, U+2010, U+2011) and apostrophes. */
const HYPHEN = "-\\u2010\\u2011";
const APOSTROPHE = "'\\u2019";
const WORD = '[\\p{L}\\p{N}_]';
const ALNUM = '[\\p{L}\\p{N}]';
/** Not inside a word, and not after "pre-" or "l'". */
const BEFORE = `(?<!${WORD})(?<!${ALNUM}[${HYPHEN}${APOSTROPHE}])`;
/** Not inside a word, not before "-4", and not before "'t" unless it is a possessive "'s". */
const AFTER = `(?!${WORD})(?![${HYPHEN}]${ALNUM})(?![${APOSTROPHE}](?!s(?!${WORD}))${ALNUM})`;

/** A word of a name matches only as written when a letter after its first character is upper-case. */
export function isCaseSensitive(word: string): boolean {
  return /\p{Lu}/u.test(word.slice(1));
}

/** The pattern of one name: words and separators as written, case-free words in any case. */
function namePattern(name: string, asWritten: boolean): string {
  let out = '';
  // Split into runs of letters/digits, whitespace, and single other characters (a tokenizer, not a parser).
  for (const [part] of name.matchAll(/[\p{L}\p{N}]+|\s+|./gsu)) {
    if (/^\s/u.test(part)) out += '\\s+';
    else if (/^[\p{L}\p{N}]/u.test(part) && !asWritten && !isCaseSensitive(part)) out += `(?i:${escape(part)})`;
    else out += escape(part);
  }
  return out;
}

export class TermMatcher {
  private readonly re: RegExp | null;
  /** The slug of each capture group, in the order of the alternation. */
  private readonly slugs: string[] = [];

  constructor(names: TermName[]) {
    const seen = new Set<string>();
    const alternatives: { pattern: string; length: number; slug: string }[] = [];
    for (const { slug, name, autolink = true } of names) {
      const n = name.trim();
      if (n.length < 2 || autolink === false) continue;
      const pattern = namePattern(n, autolink === 'as-written');
      // The first term to claim a name keeps it.
      if (seen.has(pattern)) continue;
      seen.add(pattern);
      alternatives.push({ pattern, length: n.length, slug });
    }
    // Longest first, so that at one position "KV cache" wins over "cache" (stable for equal lengths).
    alternatives.sort((a, b) => b.length - a.length);
    for (const a of alternatives) this.slugs.push(a.slug);
    this.re = alternatives.length ? new RegExp(`${BEFORE}(?:${alternatives.map((a) => `(${a.pattern})`).join('|')})${AFTER}`, 'gu') : null;
  }

  /** All non-overlapping matches, earliest first (longer wins at the same start). */
  find(text: string): TermMatch[] {
    if (!this.re) return [];
    const out: TermMatch[] = [];
    for (const m of text.matchAll(this.re)) {
      const group = m.findIndex((g, i) => i > 0 && g !== undefined);
      out.push({ slug: this.slugs[group - 1]!, start: m.index, end: m.index + m[0].length, text: m[0] });
    }
    return out;
  }
}
