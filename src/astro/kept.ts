/**
 * What one build keeps for the next in Arbor's cache, as one JSON file of key → value per content
 * folder and version of Arbor's code: the facts of each body (by body hash) and the atlas's last
 * force layout (by the hash of its concepts and edges). Losing such a file only costs time.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** `<cache>/<what>/<code>-<folder>.json`: another version of the code never reads it. */
export function keptFile(cacheRoot: string, what: string, code: string, folderKey: string): string {
  return join(cacheRoot, what, `${code}-${folderKey}.json`);
}

/** The map kept by the last build, or an empty one when there is no such file or it is damaged. */
export function readKept<V>(file: string): Map<string, V> {
  try {
    const entries: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(entries) ? new Map(entries as [string, V][]) : new Map();
  } catch {
    return new Map();
  }
}

/**
 * Replaces the kept map of this content folder; files of other versions of Arbor's code go. Written
 * under a temporary name and renamed, so a concurrent build reads the old file or the new one. A
 * cache that cannot be written (a concurrent build removing it, a full disk) only costs time.
 */
export function writeKept<V>(file: string, code: string, map: Map<string, V>): void {
  try {
    const dir = dirname(file);
    mkdirSync(dir, { recursive: true });
    for (const other of readdirSync(dir)) if (!other.startsWith(`${code}-`)) rmSync(join(dir, other), { force: true });
    writeFileSync(`${file}.${process.pid}`, JSON.stringify([...map]));
    renameSync(`${file}.${process.pid}`, file);
  } catch {
    // The next build computes it again.
  }
}
