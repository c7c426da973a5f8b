/**
 * Summarise a V8 `.cpuprofile` (from `node --cpu-prof`): self time by function and by package or
 * source file, and inclusive (total) time of the functions whose file matches `--focus`
 * (default: Arbor's own `src/`). Used to find where a missed budget goes.
 *
 *   tsx bench/profile-summary.ts <file.cpuprofile> [--top 25] [--focus /src/]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export function summarise(file: string, top = 25, focus = '/src/'): string {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Time per sample: the delta that follows it.
  const self = new Map<number, number>();
  prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i + 1] ?? 0) / 1000));
  const totalMs = (prof.endTime - prof.startTime) / 1000;

  const where = (n: ProfileNode) => {
    const url = n.callFrame.url.replace(/^file:\/\//, '');
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (m) return m[1]!;
    const src = /\/(src|scripts|bench)\/.*$/.exec(url);
    return src ? src[0].slice(1) : url || `(${n.callFrame.functionName || 'native'})`;
  };
  const label = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${where(n)}:${n.callFrame.lineNumber + 1}`;

  const selfByFn = new Map<string, number>();
  const selfByFile = new Map<string, number>();
  for (const [id, ms] of self) {
    const n = byId.get(id)!;
    selfByFn.set(label(n), (selfByFn.get(label(n)) ?? 0) + ms);
    selfByFile.set(where(n), (selfByFile.get(where(n)) ?? 0) + ms);
  }
  // Inclusive time: each sample counts once for every distinct focused frame on its stack.
  const inclusive = new Map<string, number>();
  prof.samples.forEach((id, i) => {
    const ms = (prof.timeDeltas[i + 1] ?? 0) / 1000;
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur)!;
      if (!n.callFrame.url.includes(focus)) continue;
      const l = label(n);
      if (!seen.has(l)) seen.add(l), inclusive.set(l, (inclusive.get(l) ?? 0) + ms);
    }
  });
  const table = (title: string, m: Map<string, number>) =>
    `${title}\n${[...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => `  ${(v / 1000).toFixed(2).padStart(7)} s  ${((100 * v) / totalMs).toFixed(1).padStart(5)} %  ${k}`).join('\n')}`;
  return [
    `${file}: ${(totalMs / 1000).toFixed(1)} s profiled`,
    table('self time by package / file', selfByFile),
    table('self time by function', selfByFn),
    table(`inclusive time, frames in ${focus}`, inclusive),
  ].join('\n\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const opt = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i === -1 ? undefined : argv.splice(i, 2)[1];
  };
  const top = Number(opt('top') ?? 25);
  const focus = opt('focus') ?? '/src/';
  for (const file of argv) console.log(summarise(file, top, focus));
}
