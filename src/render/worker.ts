/** A render worker: bodies and plans in, HTML out (pool.ts). */
import { parentPort } from 'node:worker_threads';
import type { RenderPlan } from '../core/graph/types.ts';
import { renderBody, type RenderOptions } from './page.ts';

export interface RenderTask {
  id: number;
  body: string;
  plan: RenderPlan;
  options: RenderOptions;
}
export type RenderReply = { id: number; html: string } | { id: number; error: string };

parentPort!.on('message', async (task: RenderTask) => {
  try {
    parentPort!.postMessage({ id: task.id, html: await renderBody(task.body, task.plan, task.options) } satisfies RenderReply);
  } catch (err) {
    parentPort!.postMessage({ id: task.id, error: (err as Error).stack ?? String(err) } satisfies RenderReply);
  }
});
