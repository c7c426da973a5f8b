import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keptFile, readKept, writeKept } from '../../src/astro/kept.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'arbor-kept-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('what a build keeps for the next', () => {
  it('reads back the map it wrote, per content folder and code version', () => {
    const file = keptFile(root, 'atlas', 'c1', 'folderA');
    const map = new Map([['k', { positions: [[1, 2], [3, -4]], bounds: { minX: 1, minY: -4, maxX: 3, maxY: 2 } }]]);
    writeKept(file, 'c1', map);
    expect(readKept(file)).toEqual(map);
    expect(readKept(keptFile(root, 'atlas', 'c1', 'folderB')).size).toBe(0);
    expect(readKept(keptFile(root, 'atlas', 'c2', 'folderA')).size).toBe(0);
    expect(readdirSync(dirname(file))).toEqual(['c1-folderA.json']); // no temporary file left
  });

  it('removes the files of other code versions, keeps other folders of this one', () => {
    const a = keptFile(root, 'facts', 'old', 'folderA');
    writeKept(a, 'old', new Map([['x', 1]]));
    const b = keptFile(root, 'facts', 'new', 'folderB');
    writeKept(b, 'new', new Map([['y', 2]]));
    const c = keptFile(root, 'facts', 'new', 'folderC');
    writeKept(c, 'new', new Map([['z', 3]]));
    expect(existsSync(a)).toBe(false);
    expect(readdirSync(dirname(b)).sort()).toEqual(['new-folderB.json', 'new-folderC.json']);
  });

  it('a damaged or foreign file reads as nothing kept', () => {
    const file = keptFile(root, 'atlas', 'c1', 'f');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '{"not": "entries"');
    expect(readKept(file).size).toBe(0);
    writeFileSync(file, '{"not": "entries"}');
    expect(readKept(file).size).toBe(0);
    expect(readKept(join(root, 'missing.json')).size).toBe(0);
  });

  it('a cache that cannot be written costs nothing but time', () => {
    const blocker = join(root, 'blocked');
    writeFileSync(blocker, 'a file where the folder should be');
    expect(() => writeKept(join(blocker, 'c1-f.json'), 'c1', new Map([['k', 1]]))).not.toThrow();
  });
});
