/**
 * The work of a build that grows with the notes, on every core: worker threads that extract each
 * body's facts for the analysis and render each body by its plan (worker.ts). One pool serves both
 * steps of a build, so each worker starts (and loads Shiki) once. Small batches (a dev edit) run in
 * this thread, where starting workers would cost more than it saves.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { extractFacts, type BodyFacts } from '../core/graph/extract.ts';
import { emptyPlan, type RenderPlan } from '../core/graph/types.ts';
import type { RenderOptions } from './page.ts';
import type { WorkerReply, WorkerTask } from './worker.ts';

export interface RenderJob {
  body: string;
  plan: RenderPlan;
}

/** Below this many bodies a pool does its work in this thread. */
export const POOL_THRESHOLD = 40;

/** `ARBOR_WORKERS=<n>` sets the pool size (1: everything in this thread); default: one per core. */
export function workerCount(): number {
  const set = Number(process.env.ARBOR_WORKERS);
  return Number.isInteger(set) && set > 0 ? set : availableParallelism();
}

type Task = { kind: 'extract'; body: string } | { kind: 'render'; body: string; plan: RenderPlan; options: RenderOptions };
type Result<T extends Task> = T extends { kind: 'extract' } ? BodyFacts : string;

/** An error of one task, with the index of the task in its batch. */
export class TaskError extends Error {
  readonly index: number;
  constructor(message: string, index: number) {
    super(message);
    this.index = index;
  }
}

/**
 * Loads the in-thread renderer and runs it once on a tiny body (unified's processor, KaTeX, Shiki's
 * highlighter), so that `astro dev`'s first edit renders as fast as the later ones (about 0.2 s).
 */
export async function warmRenderer(options: RenderOptions): Promise<void> {
  const { renderBody } = await import('./page.ts');
  await renderBody('Warm $x$.\n\n```text\nx\n```\n', emptyPlan(), options);
}

export class WorkerPool {
  private readonly size: number;
  private workers: Worker[] = [];

  /** At most `size` workers (1: everything in this thread); a batch under POOL_THRESHOLD starts none. */
  constructor(size = workerCount()) {
    this.size = Math.max(1, size);
  }

  extract(bodies: string[]): Promise<BodyFacts[]> {
    return this.run(bodies.map((body) => ({ kind: 'extract' as const, body })));
  }

  render(jobs: RenderJob[], options: RenderOptions): Promise<string[]> {
    return this.run(jobs.map((j) => ({ kind: 'render' as const, body: j.body, plan: j.plan, options })));
  }

  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private async run<T extends Task>(tasks: T[]): Promise<Result<T>[]> {
    const out: Result<T>[] = new Array(tasks.length);
    if (this.size <= 1 || tasks.length < POOL_THRESHOLD) {
      // Loaded on first use: a build that renders nothing here (a warm one, or one on workers) never loads the renderer.
      const { renderBody } = tasks.some((t) => t.kind === 'render') ? await import('./page.ts') : { renderBody: undefined };
      for (const [i, task] of tasks.entries()) {
        try {
          out[i] = (task.kind === 'extract' ? extractFacts(task.body) : await renderBody!(task.body, task.plan, task.options)) as Result<T>;
        } catch (err) {
          throw new TaskError((err as Error).stack ?? String(err), i);
        }
      }
      return out;
    }
    // Parsing allocates many short-lived objects: a young generation of 64 MB (V8 gives a worker less)
    // cut the time spent collecting them by a third in a measurement on 400 notes.
    while (this.workers.length < this.size) this.workers.push(new Worker(new URL('./worker.ts', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: 64 } }));
    let next = 0;
    await Promise.all(
      this.workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= tasks.length) {
                worker.off('message', onMessage).off('error', reject);
                return resolve();
              }
              const id = next++;
              worker.postMessage({ id, ...tasks[id]! } as WorkerTask);
            };
            const onMessage = (reply: WorkerReply) => {
              if ('error' in reply) return reject(new TaskError(reply.error, reply.id));
              out[reply.id] = ('facts' in reply ? reply.facts : reply.html) as Result<T>;
              send();
            };
            worker.on('message', onMessage).on('error', reject);
            send();
          }),
      ),
    );
    return out;
  }
}
