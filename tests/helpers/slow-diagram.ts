/**
 * A flowchart that parses at once and is within Arbor's limits (60 nodes, 499 edges) but takes
 * mermaid's layout over a minute to draw (measured on 2 cores): dense graphs are slow to lay out.
 * For tests of the per-diagram timeout.
 */
export function slowFlowchart(seed = 0): string {
  let state = 12345 + seed;
  // A fixed linear congruential sequence, so the diagram (and its cache key) is the same every run.
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const lines = ['flowchart TD'];
  for (let i = 0; i < 499; i++) lines.push(`  N${Math.floor(next() * 60)} --> N${Math.floor(next() * 60)}`);
  return lines.join('\n');
}
