/**
 * Reading the seeds' structure: headings, sections and Mermaid diagrams (fenced or not).
 */

export interface HeadingInfo {
  level: number;
  text: string;
  /** 1-based line. */
  line: number;
}

export interface SeedDiagram {
  source: string;
  /** 1-based line of the diagram's first line (`flowchart TD` / `graph TD;`). */
  line: number;
  fenced: boolean;
}

const FENCE = /^\s*(```|~~~)/;

/** Headings (`#`..`######`) outside code fences. */
export function headings(text: string): HeadingInfo[] {
  const out: HeadingInfo[] = [];
  let inFence = false;
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (FENCE.test(line)) {
      inFence = !inFence;
      return;
    }
    if (inFence) return;
    const m = /^(#{1,6})\s+(.*?)\s*$/.exec(line);
    if (m && m[2]) out.push({ level: m[1]!.length, text: m[2], line: i + 1 });
  });
  return out;
}

/**
 * Mermaid diagrams: every ```mermaid fence, plus unfenced `flowchart`/`graph` blocks (the paper
 * summaries paste their key-term graphs without a fence): the header line and the indented lines after it.
 */
export function extractDiagrams(text: string): SeedDiagram[] {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const out: SeedDiagram[] = [];
  let fence: { start: number; mermaid: boolean } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (FENCE.test(line)) {
      if (!fence) fence = { start: i, mermaid: /^\s*(```|~~~)\s*mermaid\b/.test(line) };
      else {
        if (fence.mermaid) out.push({ source: trimBlank(lines.slice(fence.start + 1, i)).join('\n'), line: fence.start + 2, fenced: true });
        fence = undefined;
      }
      continue;
    }
    if (fence) continue;
    if (/^(flowchart|graph)\s+(TD|TB|LR|RL|BT)\s*;?\s*$/.test(line.trim()) && !/^\s/.test(line)) {
      let j = i + 1;
      while (j < lines.length && /^\s+\S/.test(lines[j]!)) j++;
      if (j > i + 1) out.push({ source: lines.slice(i, j).join('\n'), line: i + 1, fenced: false });
      i = j - 1;
    }
  }
  return out;
}

export function trimBlank(lines: string[]): string[] {
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a]!.trim() === '') a++;
  while (b > a && lines[b - 1]!.trim() === '') b--;
  return lines.slice(a, b);
}

export interface Section {
  heading: string;
  /** 1-based line of the heading. */
  line: number;
  /** Lines after the heading up to the next heading of the same or higher level. */
  body: string[];
}

/** Split lines into sections at headings of exactly `level` (outside fences). Text before the first is dropped. */
export function splitSections(lines: string[], level: number, firstLine = 1): Section[] {
  const out: Section[] = [];
  let inFence = false;
  let current: Section | undefined;
  const prefix = '#'.repeat(level);
  lines.forEach((line, i) => {
    if (FENCE.test(line)) inFence = !inFence;
    const m = !inFence ? new RegExp(`^${prefix}\\s+(.*?)\\s*$`).exec(line) : null;
    if (m && !line.startsWith(prefix + '#')) {
      current = { heading: m[1]!, line: firstLine + i, body: [] };
      out.push(current);
    } else if (current) current.body.push(line);
  });
  return out;
}

/** Emoji, variation selectors, keycaps and markdown emphasis removed; whitespace collapsed. */
export function plainHeading(text: string): string {
  return text
    .replace(/\*\*|__/g, '')
    .replace(/[\p{Extended_Pictographic}\u{1F1E6}-\u{1F1FF}\uFE0F\u20E3\u200D]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Normalise text for "does this appear somewhere" checks. */
export function normaliseForMatch(text: string): string {
  return plainHeading(text).toLowerCase().replace(/\s+/g, ' ');
}
