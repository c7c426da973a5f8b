/**
 * `npm run build`: runs `astro build` into a fresh temporary folder and swaps it in as
 * `dist/` only when the whole build (pages, diagrams, search index) succeeded. A failed build
 * leaves the previous `dist/` untouched. ARBOR_DIST names another output folder.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function buildSite(root: string, dist: string, extraArgs: string[] = []): number {
  const staging = resolve(dirname(dist), `.${dist.split('/').pop()}-staging-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(dirname(staging), { recursive: true });
  const astro = resolve(root, 'node_modules', 'astro', 'bin', 'astro.mjs');
  const result = spawnSync(process.execPath, [astro, 'build', ...extraArgs], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ARBOR_OUT_DIR: staging },
  });
  if (result.status !== 0 || !existsSync(resolve(staging, 'index.html'))) {
    rmSync(staging, { recursive: true, force: true });
    console.error(`\nBuild failed: ${dist} was left as it was.`);
    return result.status || 1;
  }
  const old = `${staging}-old`;
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(staging, dist);
  rmSync(old, { recursive: true, force: true });
  console.log(`\nSite written to ${dist}`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = resolve(import.meta.dirname, '..');
  const dist = resolve(root, process.env.ARBOR_DIST ?? 'dist');
  process.exit(buildSite(root, dist, process.argv.slice(2)));
}
