/**
 * A digest of the code that shapes a page's HTML: Arbor's own modules and the exact versions of its
 * dependencies (the lock file). Astro keeps rendered entries across builds by their digest; with
 * this in it, upgrading Arbor, a plugin or Shiki re-renders every page instead of serving stale HTML.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export function codeDigest(projectRoot: string, folders = ['src'], files = ['package-lock.json']): string {
  const hash = createHash('sha256');
  const add = (abs: string) => hash.update(relative(projectRoot, abs).split(sep).join('/')).update('\0').update(readFileSync(abs)).update('\0');
  for (const folder of folders) {
    const dir = join(projectRoot, folder);
    if (!existsSync(dir)) continue;
    const entries = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile() && /\.(ts|mjs|js|astro|css)$/.test(d.name))
      .map((d) => join(d.parentPath, d.name))
      .sort();
    for (const abs of entries) add(abs);
  }
  for (const file of files) if (existsSync(join(projectRoot, file))) add(join(projectRoot, file));
  return hash.digest('hex').slice(0, 16);
}
