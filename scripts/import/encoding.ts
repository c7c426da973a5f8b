/**
 * Repair of "UTF-8 read as Windows-1252 and written again" (mojibake), line by line / run by run.
 *
 * The damaged seed mixes good UTF-8 lines with lines whose bytes were decoded as cp1252 and
 * re-encoded. cp1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined: those bytes were dropped,
 * so some multi-byte sequences come back one or two continuation bytes short (`ðŸ”` + lost 0x8D is
 * 🔍, `â€` + lost 0x9D is ”, `ï¸` + lost 0x8F is U+FE0F).
 *
 * Per run of cp1252-encodable characters we re-encode to bytes and decode as UTF-8. A run counts as
 * mojibake only if it holds at least one complete, valid multi-byte sequence (so good text with a
 * lone "é" or "’" is left alone). Incomplete sequences get their lost bytes back by trying every
 * placement of the undefined bytes; when more than one candidate character results, the caller's
 * `choose` decides (reference copy of the line, frequency in clean text, curated defaults).
 */
import iconv from 'iconv-lite';

/** The bytes Windows-1252 leaves undefined: the ones lost in the damaged export. */
export const LOST_BYTES = [0x81, 0x8d, 0x8f, 0x90, 0x9d] as const;

/** char -> cp1252 byte, built from iconv-lite's table (undefined bytes excluded). */
const CP1252 = new Map<string, number>();
for (let b = 0; b < 256; b++) {
  const ch = iconv.decode(Buffer.from([b]), 'windows-1252');
  if (ch !== '\uFFFD' && !(LOST_BYTES as readonly number[]).includes(b)) CP1252.set(ch, b);
}

/** Sequences that only occur in mojibake: the markers the site must never show. */
export const MOJIBAKE_RE = /Ã|â€|ðŸ|ï¸/;

/** A gap: an incomplete UTF-8 sequence and the characters it may have been. */
export interface Gap {
  /** The damaged characters as they appear in the line (e.g. "ðŸ”"). */
  damaged: string;
  /** Every valid, assigned character the sequence can be completed to, by byte order. */
  candidates: string[];
}

/** One piece of a repaired run: text, or a gap to resolve. */
export type Piece = string | Gap;

function seqLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}
const isCont = (b: number | undefined): boolean => b !== undefined && b >= 0x80 && b <= 0xbf;

/** Decode one complete sequence strictly; undefined when invalid or unassigned. */
function decodeStrict(bytes: number[]): string | undefined {
  try {
    const s = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
    if ([...s].length !== 1 || /\p{Cn}|\p{Cs}|\p{Cc}/u.test(s)) return undefined;
    return s;
  } catch {
    return undefined;
  }
}

/** All ways to complete `got` (lead + continuation bytes present) to `n` bytes with lost bytes. */
function completions(got: number[], n: number): string[] {
  const missing = n - got.length;
  const out = new Set<string>();
  const rec = (seq: number[], rest: number[], left: number): void => {
    if (left === 0 && rest.length === 0) {
      const ch = decodeStrict(seq);
      if (ch) out.add(ch);
      return;
    }
    if (left > 0) for (const b of LOST_BYTES) rec([...seq, b], rest, left - 1);
    if (rest.length) rec([...seq, rest[0]!], rest.slice(1), left);
  };
  rec([got[0]!], got.slice(1), missing);
  return [...out].sort();
}

/**
 * Decode a run of characters that were cp1252-decoded UTF-8 bytes. Returns undefined when the run
 * is not mojibake (no complete multi-byte sequence in it, or bytes that no repair explains).
 */
export function decodeRun(run: string): Piece[] | undefined {
  const bytes: number[] = [];
  const charAt: number[] = []; // byte index -> index of char in run
  const chars = [...run];
  chars.forEach((ch, i) => {
    const b = CP1252.get(ch);
    if (b === undefined) throw new Error(`not cp1252: ${ch}`);
    bytes.push(b);
    charAt.push(i);
  });
  const pieces: Piece[] = [];
  let complete = 0;
  let text = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      text += String.fromCharCode(b);
      i++;
      continue;
    }
    const n = seqLength(b);
    if (n === 0) return undefined; // a stray continuation byte: not mojibake (or unrepairable)
    const got = [b];
    let j = i + 1;
    while (got.length < n && isCont(bytes[j])) got.push(bytes[j++]!);
    if (got.length === n) {
      const ch = decodeStrict(got);
      if (ch === undefined) return undefined;
      text += ch;
      complete++;
    } else {
      const candidates = completions(got, n);
      if (candidates.length === 0) return undefined;
      if (text) pieces.push(text);
      text = '';
      pieces.push({ damaged: chars.slice(charAt[i]!, charAt[j - 1]! + 1).join(''), candidates });
    }
    i = j;
  }
  if (text) pieces.push(text);
  // Evidence of mojibake: a complete multi-byte sequence, or a cut one that kept a continuation
  // byte (a lone lead byte followed by ASCII is far more likely a good "é" or "Ã" than damage).
  const partial = pieces.some((p) => typeof p !== 'string' && [...p.damaged].length > 1);
  return complete > 0 || partial ? pieces : undefined;
}

/** Split a line into pieces: untouched text, repaired text and gaps. */
export function decodeLine(line: string): Piece[] {
  const pieces: Piece[] = [];
  const chars = [...line];
  let run = '';
  const flush = (): void => {
    if (!run) return;
    const decoded = /[^\x00-\x7f]/.test(run) ? decodeRun(run) : undefined;
    pieces.push(...(decoded ?? [run]));
    run = '';
  };
  for (const ch of chars) {
    if (CP1252.has(ch)) run += ch;
    else {
      flush();
      pieces.push(ch);
    }
  }
  flush();
  // merge adjacent strings
  const merged: Piece[] = [];
  for (const p of pieces) {
    const last = merged[merged.length - 1];
    if (typeof p === 'string' && typeof last === 'string') merged[merged.length - 1] = last + p;
    else merged.push(p);
  }
  return merged;
}

/** How to pick a gap's character: from its candidates and the text around it. */
export type Chooser = (gap: Gap, before: string, after: string) => string;

/**
 * The character an author obviously meant for a damaged sequence whose lost bytes leave several
 * candidates (curated by reading every such place in the seeds; the clean copy in 001 and the
 * zero-width-joiner rule are tried first). Keyed by the damaged characters as they appear.
 */
export const OBVIOUS: Readonly<Record<string, string>> = {
  'ï¸': '\uFE0F', // variation selector-16 after an emoji (EF B8 8F)
  'â€': '”', // closing double quote (E2 80 9D); U+200D between emoji, see below
  'âŒ': '❌',
  'â³': '⏳',
  'â—': '❗',
  'ðŸ': '🏁', // both last bytes lost (F0 9F 8F 81): the "Conclusion" flag
  'ðŸ†': '🏆',
  'ðŸ—': '🏗',
  'ðŸ”': '🔍',
  'ðŸ“': '📝',
  'ðŸ¤': '🤝',
  'ðŸŒ': '🌍', // "Global AI Chip Race", "world"
  'ðŸ¢': '🐢', // "Slow Spikes"
  'ðŸŽ': '🏎', // "Lower cost" / "More efficient" next to ⚡ (racing car, takes U+FE0F)
  'ðŸ›': '🏛', // "Ethical Concerns 🏛️"
  'ðŸ¥': '🏥', // "Medical Advances"
  'ðŸ ': '🏠', // "small specialized networks"
  'ðŸ¯': '🏯', // "authoritarian control"
  'ðŸ¦': '🏦', // "High-frequency AI-driven trading" (bank)
  'ðŸž': '🐞', // "detecting UI bugs"
  'ðŸƒ': '🏃', // the Space's card emoji
  'ðŸ\u00A0': '🏠', // NBSP kept as the 3rd byte: "small specialized networks"
};

/** Where the same damaged sequence means different things, the line's words decide (checked first). */
export const OBVIOUS_IN_CONTEXT: ReadonlyArray<{ damaged: string; when: RegExp; char: string }> = [
  { damaged: 'ðŸ¢', when: /Microsoft/, char: '🏢' }, // office building for Microsoft's CEO, not the turtle
  { damaged: 'ðŸ—', when: /\bKeys \(K\)/, char: '🗝' }, // old key (F0 9F 97 9D) for the attention keys, not 🏗 building
  { damaged: 'ðŸ¤', when: /Did not disclose/, char: '🤐' }, // zipper mouth (F0 9F A4 90), not 🤝 handshake
];

/** Build a chooser: zero-width joiner rule, OBVIOUS, then frequency in clean text. */
export function frequencyChooser(freq: Map<string, number>): Chooser {
  return (gap, before, after) => {
    // U+200D joins two emoji: between pictographs it is the zero-width joiner, otherwise a quote.
    if (gap.candidates.includes('\u200D') && /\p{Extended_Pictographic}\uFE0F?$/u.test(before) && /^\p{Extended_Pictographic}/u.test(after)) {
      return '\u200D';
    }
    const line = before + gap.damaged + after;
    const ctx = OBVIOUS_IN_CONTEXT.find((c) => c.damaged === gap.damaged && c.when.test(line) && gap.candidates.includes(c.char));
    if (ctx) return ctx.char;
    const obvious = OBVIOUS[gap.damaged];
    if (obvious && gap.candidates.includes(obvious)) return obvious;
    const score = (c: string): [number, number] => [freq.get(c) ?? 0, /\p{Extended_Pictographic}/u.test(c) ? 1 : 0];
    return [...gap.candidates].sort((a, b) => {
      const [af, ap] = score(a);
      const [bf, bp] = score(b);
      return bf - af || bp - ap || (a < b ? -1 : a > b ? 1 : 0);
    })[0]!;
  };
}

/** Count characters (code points) in clean text, for the frequency chooser. */
export function charFrequencies(texts: string[]): Map<string, number> {
  const freq = new Map<string, number>();
  for (const t of texts) for (const ch of t) if (ch.codePointAt(0)! > 0x7f) freq.set(ch, (freq.get(ch) ?? 0) + 1);
  return freq;
}

function hasGap(pieces: Piece[]): boolean {
  return pieces.some((p) => typeof p !== 'string');
}

function regexEscape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Reference lines (the clean copy, 001): a repaired line with gaps is looked up there; when exactly
 * one distinct reference line matches with each gap filled by one of its candidates, that wins.
 */
export class Reference {
  private readonly lines: Set<string>;
  constructor(text: string) {
    this.lines = new Set(text.split('\n').map((l) => l.replace(/\r$/, '')));
  }
  find(pieces: Piece[]): string | undefined {
    const re = new RegExp(
      '^' + pieces.map((p) => (typeof p === 'string' ? regexEscape(p) : `(?:${p.candidates.map(regexEscape).join('|')})`)).join('') + '$',
      'u',
    );
    const hits = [...this.lines].filter((l) => re.test(l));
    return hits.length === 1 ? hits[0] : undefined;
  }
}

export interface RepairStats {
  linesRepaired: number;
  gaps: number;
  fromReference: number;
  chosen: { damaged: string; chosen: string; candidates: string[]; line: number }[];
}

/** Repair a whole text. Deterministic. */
export function repairText(text: string, opts: { reference?: Reference; freq?: Map<string, number> } = {}): { text: string; stats: RepairStats } {
  const choose = frequencyChooser(opts.freq ?? new Map());
  const stats: RepairStats = { linesRepaired: 0, gaps: 0, fromReference: 0, chosen: [] };
  const lines = text.split('\n');
  const out = lines.map((raw, idx) => {
    const cr = raw.endsWith('\r') ? '\r' : '';
    const line = cr ? raw.slice(0, -1) : raw;
    const pieces = decodeLine(line);
    const plain = pieces.every((p) => typeof p === 'string') ? (pieces as string[]).join('') : undefined;
    if (plain !== undefined) {
      if (plain !== line) stats.linesRepaired++;
      return plain + cr;
    }
    stats.linesRepaired++;
    const gaps = pieces.filter((p): p is Gap => typeof p !== 'string');
    stats.gaps += gaps.length;
    if (hasGap(pieces) && opts.reference) {
      const ref = opts.reference.find(pieces);
      if (ref !== undefined) {
        stats.fromReference += gaps.length;
        return ref + cr;
      }
    }
    let result = '';
    pieces.forEach((p, i) => {
      if (typeof p === 'string') result += p;
      else {
        const after = pieces.slice(i + 1).map((q) => (typeof q === 'string' ? q : (q.candidates[0] ?? ''))).join('');
        const ch = choose(p, result, after);
        stats.chosen.push({ damaged: p.damaged, chosen: ch, candidates: p.candidates, line: idx + 1 });
        result += ch;
      }
    });
    return result + cr;
  });
  return { text: out.join('\n'), stats };
}
