/**
 * The import stands alone in the repository: the seeds are in it, byte for byte, nothing reads
 * outside it, and `npm run import-seeds` reproduces content/ exactly.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importNotebook } from '../../../scripts/import/notebook.ts';
import { SEED_DIR, SEED_FILES } from '../../../scripts/import/seeds.ts';
import { serialise } from '../../../scripts/import/write.ts';
import { CONTENT } from './content-helpers.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;

/** SHA-256 of the seeds as the user exported them (mojibake included). */
const SEED_SHA256: Record<string, string> = {
  '000_1f897089f43dfe21.txt': '175584def6e33da2f8dede9e501f7df4667ad39de816a815e78e1c10882058b7',
  '001_74e3fb29f6d16c8a.txt': '5641b01c757b5c433e573ed09ffc2e4df4965bee71b49110dc4a71a1db00a3db',
  '002_e23c55591a5920ef.txt': '659ddbd23940c50f1fc0f980bb24e981d9c54ba782be703e28af3faef7328ffa',
  '003_c75fd89e10dfb6ba.txt': '170f8fade4e5d2346617dbad39599f7596651e67d1006ad4bcc19934aea4a2c2',
};

describe('the seeds', () => {
  it('are in the repository, byte for byte', () => {
    expect(Object.values(SEED_FILES).sort()).toEqual(Object.keys(SEED_SHA256).sort());
    for (const [name, sha] of Object.entries(SEED_SHA256)) {
      expect(createHash('sha256').update(readFileSync(join(SEED_DIR, name))).digest('hex'), name).toBe(sha);
    }
    expect(existsSync(join(SEED_DIR, 'README.md'))).toBe(true);
  });

  it.skipIf(!existsSync(join(ROOT, '.git')))('are not text to git (no line-ending or encoding conversion)', () => {
    for (const name of Object.values(SEED_FILES)) {
      const r = spawnSync('git', ['check-attr', 'text', '--', relative(ROOT, join(SEED_DIR, name))], { cwd: ROOT, encoding: 'utf8' });
      expect(r.stdout.trim(), name).toMatch(/: text: unset$/);
    }
  });

  it('are read from the repository only: no code or test reaches outside it', () => {
    // where the seeds once lay, beside the repository (written in two parts, so this file is no hit)
    const outside = ['shared', 'seeds'].join('/');
    const hits: string[] = [];
    for (const dir of ['scripts', 'src', 'tests']) {
      for (const rel of readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })) {
        if (!/\.(ts|mts|js|mjs|astro)$/.test(rel) || rel.includes('node_modules')) continue;
        if (readFileSync(join(ROOT, dir, rel), 'utf8').includes(outside)) hits.push(`${dir}/${rel}`);
      }
    }
    expect(hits).toEqual([]);
  });
});

describe('npm run import-seeds', () => {
  it('reproduces content/ byte for byte', async () => {
    const pages = await importNotebook();
    const want = new Map(pages.map((p) => [`${p.collection}/${p.path}.md`, serialise(p)]));
    const have = new Map<string, string>();
    for (const dir of ['notes', 'trees', 'glossary'])
      for (const rel of readdirSync(join(CONTENT, dir), { recursive: true, encoding: 'utf8' }))
        if (rel.endsWith('.md')) have.set(`${dir}/${rel}`, readFileSync(join(CONTENT, dir, rel), 'utf8'));
    expect([...have.keys()].sort()).toEqual([...want.keys()].sort());
    const differ = [...want].filter(([file, text]) => have.get(file) !== text).map(([file]) => file);
    expect(differ, 'run npm run import-seeds (content/ is generated, never edited by hand)').toEqual([]);
  }, 60_000);
});
