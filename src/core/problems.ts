/** Problems found in content, reported together as `file:line:column: message`. */
export type Severity = 'error' | 'warning';

export interface Problem {
  /** Path relative to the project root, with forward slashes. */
  file: string;
  line?: number;
  column?: number;
  message: string;
  /** How to fix it, in one sentence. */
  hint?: string;
  severity: Severity;
}

export function formatProblem(p: Problem): string {
  const where = [p.file, p.line, p.line !== undefined ? p.column : undefined].filter((x) => x !== undefined).join(':');
  return `${where}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}${p.hint ? ` (${p.hint})` : ''}`;
}

/** Thrown when content has errors; carries every problem of the run, not just the first. */
export class ContentError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    const errors = problems.filter((p) => p.severity === 'error');
    super(`Arbor found ${errors.length} problem${errors.length === 1 ? '' : 's'} in content:\n` + errors.map(formatProblem).join('\n'));
    this.name = 'ContentError';
    this.problems = problems;
  }
}

/** Collects problems; `error()`/`warn()` never throw so a run can report everything at once. */
export class ProblemList {
  readonly items: Problem[] = [];
  error(file: string, line: number | undefined, message: string, hint?: string, column?: number): void {
    this.items.push({ file, line, column, message, hint, severity: 'error' });
  }
  warn(file: string, line: number | undefined, message: string, hint?: string, column?: number): void {
    this.items.push({ file, line, column, message, hint, severity: 'warning' });
  }
  get errors(): Problem[] {
    return this.items.filter((p) => p.severity === 'error');
  }
  get warnings(): Problem[] {
    return this.items.filter((p) => p.severity === 'warning');
  }
  /** Problems sorted by file, then line, so output is stable. */
  sorted(): Problem[] {
    return [...this.items].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  }
}
