/** Builds the fixture knowledge base (under the base path /kb/) and the user's notebook once for every e2e file. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildFixture, projectRoot } from '../helpers/site.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    fixtureDist: string;
    fixtureBuildOutput: string;
    /** The user's notebook (content/), built as the README's command builds it, under `/`. */
    notebookDist: string;
  }
}

export default function setup(project: TestProject): void {
  // A cache of its own: the fixture site is built cold on every run, as the tests that read its log expect.
  const cache = mkdtempSync(join(tmpdir(), 'arbor-fixture-cache-'));
  const built = buildFixture(join(projectRoot, 'tests', 'fixtures', 'site', 'content'), { ARBOR_BASE: '/kb/', ARBOR_CACHE_DIR: cache });
  if (built.status !== 0) throw new Error(`fixture build failed:\n${built.output}`);
  project.provide('fixtureDist', built.dist);
  project.provide('fixtureBuildOutput', built.output);
  const notebook = buildFixture(join(projectRoot, 'content'));
  if (notebook.status !== 0) throw new Error(`content/ does not build:\n${notebook.output}`);
  project.provide('notebookDist', notebook.dist);
}
