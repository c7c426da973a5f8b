/**
 * Renders bodies on every core: a pool of worker threads running page.ts. Small batches (a dev
 * edit) render in this thread, where starting workers and Shiki would cost more than they save.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { RenderPlan } from '../core/graph/types.ts';
import { renderBody, type RenderOptions } from './page.ts';
import type { RenderReply, RenderTask } from './worker.ts';

export interface RenderJob {
  body: string;
  plan: RenderPlan;
}

/** Below this many bodies a batch renders in this thread. */
export const POOL_THRESHOLD = 40;

/** `ARBOR_WORKERS=<n>` sets the pool size (1 renders in this thread); default: one per core. */
export function workerCount(): number {
  const set = Number(process.env.ARBOR_WORKERS);
  return Number.isInteger(set) && set > 0 ? set : availableParallelism();
}

/** Each job's HTML, in order. Throws the first render error, naming nothing: the caller knows the file. */
export async function renderAll(jobs: RenderJob[], options: RenderOptions, onDone?: (index: number, html: string) => void): Promise<string[]> {
  const size = Math.min(workerCount(), Math.ceil(jobs.length / 10));
  const out: string[] = new Array(jobs.length);
  if (size <= 1 || jobs.length < POOL_THRESHOLD) {
    for (const [i, job] of jobs.entries()) {
      out[i] = await renderBody(job.body, job.plan, options).catch((err: Error) => {
        throw Object.assign(err, { jobIndex: i });
      });
      onDone?.(i, out[i]);
    }
    return out;
  }
  const workers = Array.from({ length: size }, () => new Worker(new URL('./worker.ts', import.meta.url)));
  let next = 0;
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= jobs.length) return resolve();
              const id = next++;
              worker.postMessage({ id, body: jobs[id]!.body, plan: jobs[id]!.plan, options } satisfies RenderTask);
            };
            worker.on('message', (reply: RenderReply) => {
              if ('error' in reply) return reject(Object.assign(new Error(reply.error), { jobIndex: reply.id }));
              out[reply.id] = reply.html;
              onDone?.(reply.id, reply.html);
              send();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => (next < jobs.length || code !== 0 ? reject(new Error(`render worker exited with code ${code}`)) : undefined));
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return out;
}
