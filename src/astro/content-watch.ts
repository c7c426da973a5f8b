/**
 * `astro dev`'s content-folder watch: one run per burst of changes under the folder. Astro removes
 * a loader's listeners at a full sync but not at a filtered one (`refreshContent` with loaders), so
 * following again replaces the listener instead of adding a second one (which would run twice).
 */
import { sep } from 'node:path';

/** What this needs of Vite's chokidar watcher (the loader context's `watcher`). */
export interface Watcher {
  add(path: string): unknown;
  on(event: 'all', listener: (event: string, path: string) => void): unknown;
  off(event: 'all', listener: (event: string, path: string) => void): unknown;
}

/** A burst: changes less than this apart (an editor's save writes, renames and touches). */
export const BURST_MS = 20;

export class ContentWatch {
  private listener: ((event: string, path: string) => void) | undefined;
  private watcher: Watcher | undefined;
  private timer: NodeJS.Timeout | undefined;

  private readonly onBurst: () => void;

  constructor(onBurst: () => void) {
    this.onBurst = onBurst;
  }

  /** Watches `dir` (inside the project or not) through `watcher`, in place of any earlier listener. */
  follow(watcher: Watcher, dir: string): void {
    if (this.listener) this.watcher?.off('all', this.listener);
    watcher.add(dir);
    const listener = (_event: string, path: string) => {
      if (path !== dir && !path.startsWith(dir + sep)) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(this.onBurst, BURST_MS);
    };
    watcher.on('all', listener);
    this.listener = listener;
    this.watcher = watcher;
  }
}
