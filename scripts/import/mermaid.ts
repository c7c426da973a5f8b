/**
 * Syntax repairs for the seeds' Mermaid, so that real mermaid (v12) accepts every diagram.
 * Each is a documented, tested transformation of the content; no diagram is dropped.
 *
 * 1. An edge split over two lines (`A["x"]` / `%% comment` / `--> B["y"]`) is joined into one line;
 *    comment lines caught in between move above the joined edge.
 * 2. A node label in `[...]` or `(...)` holding parentheses, `$`, or other characters mermaid
 *    reads as syntax is quoted: `A[Foo (bar)]` -> `A["Foo (bar)"]`.
 * 3. `style A,B fill:...` (mermaid styles one node named "A,B") becomes one `style` line per node.
 */

const SHAPES: [open: string, close: string][] = [
  ['[', ']'],
  ['(', ')'],
  ['{', '}'],
];

/** Characters that make an unquoted label ambiguous for mermaid's lexer. */
const NEEDS_QUOTES = /[()[\]{}$;|"]/;

/** Quote labels of node shapes `ID[..]`, `ID(..)`, `ID{..}` that need it (single-bracket shapes only). */
export function quoteLabels(line: string): string {
  if (/^\s*(%%|style\b|classDef\b|class\b|click\b|linkStyle\b|subgraph\b|end\b)/.test(line)) return line;
  let out = '';
  let i = 0;
  while (i < line.length) {
    // Keep edge labels |...| as they are.
    if (line[i] === '|') {
      const j = line.indexOf('|', i + 1);
      if (j > i) {
        out += line.slice(i, j + 1);
        i = j + 1;
        continue;
      }
    }
    const idMatch = /^[A-Za-z_][\w-]*/.exec(line.slice(i));
    const prev = i > 0 ? line[i - 1]! : ' ';
    if (idMatch && !/[\w-]/.test(prev)) {
      const id = idMatch[0];
      const after = i + id.length;
      const shape = SHAPES.find(([o]) => line[after] === o);
      // single-bracket shapes only: `[[`, `((`, `([`, `[(`, `{{` are left alone
      if (shape && !['[', '(', '{'].includes(line[after + 1] ?? '')) {
        const [open, close] = shape;
        const end = findClose(line, after, open, close);
        if (end > after) {
          const label = line.slice(after + 1, end);
          const quoted = /^".*"$/.test(label.trim());
          const text = !quoted && NEEDS_QUOTES.test(label) ? `"${label.replace(/"/g, '#quot;')}"` : label;
          out += id + open + text + close;
          i = end + 1;
          continue;
        }
      }
      out += id;
      i = after;
      continue;
    }
    out += line[i];
    i++;
  }
  return out;
}

/** Index of the bracket closing the shape opened at `start`, balancing nested parentheses in the label. */
function findClose(line: string, start: number, open: string, close: string): number {
  if (line[start + 1] === '"') {
    const q = line.indexOf('"', start + 2);
    return q > 0 && line[q + 1] === close ? q + 1 : -1;
  }
  let depth = 0;
  for (let k = start; k < line.length; k++) {
    const c = line[k];
    if (c === open || (open !== '(' && c === '(')) depth++;
    else if (c === close || (close !== ')' && c === ')')) {
      depth--;
      if (depth === 0) return c === close ? k : -1;
    }
  }
  // Unbalanced (e.g. "[... (x]"): close at the last `close` on the line.
  return line.lastIndexOf(close);
}

/** `style A,B,C rest` -> one line per node. */
export function splitStyles(line: string): string[] {
  const m = /^(\s*)style\s+([\w-]+(?:\s*,\s*[\w-]+)+)\s+(.*)$/.exec(line);
  if (!m) return [line];
  return m[2]!.split(/\s*,\s*/).map((id) => `${m[1]}style ${id} ${m[3]}`);
}

/** Join edges whose arrow starts on the next (non-comment) line. */
export function joinSplitEdges(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const t = line.trim();
    if (/^(-->|---|-\.->|==>|--[^-]|-\.|==)/.test(t)) {
      // find previous statement line, skipping comments/blank lines
      let k = out.length - 1;
      const moved: string[] = [];
      while (k >= 0 && (out[k]!.trim() === '' || out[k]!.trim().startsWith('%%'))) {
        moved.unshift(out[k]!);
        k--;
      }
      if (k >= 0) {
        const joined = `${out[k]!.replace(/\s+$/, '')} ${t}`;
        out.splice(k, out.length - k, ...moved.filter((m) => m.trim() !== ''), joined);
        continue;
      }
    }
    out.push(line);
  }
  return out;
}

/** All repairs, in order. Idempotent. */
export function fixMermaid(source: string): string {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  return joinSplitEdges(lines)
    .flatMap(splitStyles)
    .map(quoteLabels)
    .join('\n');
}

/** Statement lines of a diagram, whitespace-normalised, without comments and blank lines. */
export function statementLines(source: string): string[] {
  return source
    .split('\n')
    .map((l) => l.trim().replace(/\s+/g, ' '))
    .filter((l) => l !== '' && !l.startsWith('%%'));
}
