/**
 * Loaded (`node --import`) into the `astro build` child of scripts/build.ts, so that the child
 * stops with its parent:
 * - on SIGINT/SIGTERM/SIGHUP (forwarded by the parent, or sent to the whole process group by
 *   Ctrl-C) it exits at once. Without this, Playwright's own handler closes a Chromium that is
 *   drawing diagrams and Astro carries on building a site nobody will use;
 * - when the parent is gone, even after a `kill -9` it could not forward. Node cannot ask the
 *   kernel for this (no PR_SET_PDEATHSIG), so the child looks a few times a second.
 * Exiting runs Playwright's exit handler, which kills that Chromium.
 */
import { constants } from 'node:os';

const parent = Number(process.env.ARBOR_BUILD_PARENT);
if (parent > 0) {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(128 + constants.signals[signal]));
  const check = () => {
    if (process.ppid === parent) return;
    process.stderr.write(`\nThe build (pid ${parent}) that started this Astro process is gone: stopping.\n`);
    process.exit(1);
  };
  check();
  setInterval(check, 200).unref();
}
