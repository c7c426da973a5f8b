/** Builds the fixture knowledge base once for every e2e file (under the base path /kb/). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildFixture, projectRoot } from '../helpers/site.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    fixtureDist: string;
    fixtureBuildOutput: string;
  }
}

export default function setup(project: TestProject): void {
  // A cache of its own: the fixture site is built cold on every run, as the tests that read its log expect.
  const cache = mkdtempSync(join(tmpdir(), 'arbor-fixture-cache-'));
  const built = buildFixture(join(projectRoot, 'tests', 'fixtures', 'site', 'content'), { ARBOR_BASE: '/kb/', ARBOR_CACHE_DIR: cache });
  if (built.status !== 0) throw new Error(`fixture build failed:\n${built.output}`);
  project.provide('fixtureDist', built.dist);
  project.provide('fixtureBuildOutput', built.output);
}
