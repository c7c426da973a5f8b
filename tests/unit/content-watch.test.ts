import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BURST_MS, ContentWatch, type Watcher } from '../../src/astro/content-watch.ts';

/** Vite's chokidar watcher as the loader sees it: `add`, and `on`/`off` of an EventEmitter. */
class FakeWatcher extends EventEmitter implements Watcher {
  added: string[] = [];
  add(path: string) {
    this.added.push(path);
    return this;
  }
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const dir = join('/', 'notes', 'content');

describe('ContentWatch', () => {
  it('starts one run for a burst of changes in the folder, none for changes elsewhere', () => {
    const runs = vi.fn();
    const watcher = new FakeWatcher();
    new ContentWatch(runs).follow(watcher, dir);
    expect(watcher.added).toEqual([dir]);
    watcher.emit('all', 'change', join(dir, 'notes', 'a.md'));
    watcher.emit('all', 'add', join(dir, 'notes', 'a.md~'));
    watcher.emit('all', 'unlink', join(dir, 'notes', 'a.md~'));
    vi.advanceTimersByTime(BURST_MS - 1);
    expect(runs).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(runs).toHaveBeenCalledTimes(1);
    watcher.emit('all', 'change', join('/', 'notes', 'content-other', 'b.md')); // a sibling whose name starts the same
    watcher.emit('all', 'change', join('/', 'project', 'src', 'x.ts'));
    vi.advanceTimersByTime(BURST_MS * 5);
    expect(runs).toHaveBeenCalledTimes(1);
    watcher.emit('all', 'unlinkDir', dir);
    vi.advanceTimersByTime(BURST_MS);
    expect(runs).toHaveBeenCalledTimes(2);
  });

  it('following again (a filtered sync keeps the old listener) replaces the listener: one run per burst, not two', () => {
    const runs = vi.fn();
    const watcher = new FakeWatcher();
    const watch = new ContentWatch(runs);
    watch.follow(watcher, dir);
    watch.follow(watcher, dir);
    watch.follow(watcher, dir);
    expect(watcher.listenerCount('all')).toBe(1);
    watcher.emit('all', 'change', join(dir, 'a.md'));
    vi.advanceTimersByTime(BURST_MS * 3);
    expect(runs).toHaveBeenCalledTimes(1);
    // After a full sync Astro has removed it: following adds it back.
    watcher.removeAllListeners('all');
    watch.follow(watcher, dir);
    watcher.emit('all', 'change', join(dir, 'a.md'));
    vi.advanceTimersByTime(BURST_MS);
    expect(runs).toHaveBeenCalledTimes(2);
  });
});
