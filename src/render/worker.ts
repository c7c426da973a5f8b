/** A worker thread of the pool (pool.ts): extracts a body's facts for the analysis, or renders a body by its plan. */
import { parentPort } from 'node:worker_threads';
import { extractFacts, type BodyFacts } from '../core/graph/extract.ts';
import type { RenderPlan } from '../core/graph/types.ts';
import { renderBody, type RenderOptions } from './page.ts';

export type WorkerTask = { id: number; kind: 'extract'; body: string } | { id: number; kind: 'render'; body: string; plan: RenderPlan; options: RenderOptions };
export type WorkerReply = { id: number; facts: BodyFacts } | { id: number; html: string } | { id: number; error: string };

parentPort!.on('message', async (task: WorkerTask) => {
  try {
    if (task.kind === 'extract') parentPort!.postMessage({ id: task.id, facts: extractFacts(task.body) } satisfies WorkerReply);
    else parentPort!.postMessage({ id: task.id, html: await renderBody(task.body, task.plan, task.options) } satisfies WorkerReply);
  } catch (err) {
    parentPort!.postMessage({ id: task.id, error: (err as Error).stack ?? String(err) } satisfies WorkerReply);
  }
});
