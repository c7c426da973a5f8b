/**
 * Splits a Markdown file into YAML frontmatter and body, keeping line numbers, and parses the
 * YAML with the `yaml` package so every error and every field has a position in the file.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';

export interface SplitFile {
  /** Raw YAML text (without the `---` fences), or null when the file has none. */
  yaml: string | null;
  /** 1-based line of the first YAML line in the file. */
  yamlStartLine: number;
  body: string;
  /** 1-based line where the body starts in the file. */
  bodyStartLine: number;
  /** Set when an opening `---` has no closing fence. */
  unclosed: boolean;
}

/** Normalise text as read from disk: drop a BOM, turn CRLF/CR into LF. */
export function normaliseText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

export function splitFrontmatter(text: string): SplitFile {
  const lines = text.split('\n');
  if (lines[0]?.trimEnd() !== '---') return { yaml: null, yamlStartLine: 1, body: text, bodyStartLine: 1, unclosed: false };
  const end = lines.findIndex((line, i) => i > 0 && (line.trimEnd() === '---' || line.trimEnd() === '...'));
  if (end === -1) return { yaml: null, yamlStartLine: 2, body: text, bodyStartLine: 1, unclosed: true };
  return {
    yaml: lines.slice(1, end).join('\n'),
    yamlStartLine: 2,
    body: lines.slice(end + 1).join('\n'),
    bodyStartLine: end + 2,
    unclosed: false,
  };
}

export interface YamlIssue {
  line: number;
  column: number;
  message: string;
}

export interface ParsedYaml {
  data: Record<string, unknown>;
  errors: YamlIssue[];
  /** Line in the file of a field (by path), or of the frontmatter start when unknown. */
  lineOf(path: ReadonlyArray<PropertyKey>): number;
}

export function parseYaml(yaml: string, startLine: number): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(yaml, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const errors: YamlIssue[] = doc.errors.map((e) => {
    const pos = lineCounter.linePos(e.pos[0]);
    return { line: pos.line + startLine - 1, column: pos.col, message: e.message.split('\n')[0] ?? e.message };
  });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line + startLine - 1;
  let data: Record<string, unknown> = {};
  if (errors.length === 0) {
    const json: unknown = doc.toJS();
    if (json === null || json === undefined) data = {};
    else if (typeof json === 'object' && !Array.isArray(json)) data = json as Record<string, unknown>;
    else errors.push({ line: startLine, column: 1, message: 'frontmatter must be a map of fields (key: value)' });
  }
  return {
    data,
    errors,
    lineOf(path) {
      // Walk down to the deepest node that exists; its line is the best position we have.
      for (let depth = path.length; depth > 0; depth--) {
        const node = doc.getIn(path.slice(0, depth).map(String), true);
        if (node && typeof node === 'object' && 'range' in node && Array.isArray(node.range)) return lineAt(node.range[0] as number);
        if (depth === 1 && isMap(doc.contents)) {
          const pair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === String(path[0]));
          if (pair && isScalar(pair.key) && pair.key.range) return lineAt(pair.key.range[0]);
        }
      }
      return startLine;
    },
  };
}
