/**
 * The one place a site is configured. Validated when the build starts: a wrong value stops
 * the build with the field and what was expected. Environment variables override for tests
 * and benchmarks (ARBOR_CONTENT, ARBOR_BASE).
 */
import { z } from 'astro/zod';

export const siteConfigSchema = z
  .object({
    /** Site name, shown in the header and page titles. */
    title: z.string().trim().min(1),
    description: z.string().default(''),
    /** Sub-path the site is served under, e.g. `/kb/`. Every internal link respects it. */
    base: z
      .string()
      .regex(/^\/([\w.-]+\/)*$/, 'base must start and end with "/", e.g. "/" or "/kb/"')
      .default('/'),
    /** Folder with notes/, trees/ and glossary/, relative to the project root. */
    contentDir: z.string().default('content'),
    /** `error` stops the build on a broken link; `warn` reports it only. */
    brokenLinks: z.enum(['error', 'warn']).default('error'),
    /**
     * Raw HTML in notes: `sanitize` keeps what notes use (details, kbd, sup, tables, images…) and
     * drops scripts, event handlers, frames and script URLs; `trusted` keeps it as written.
     */
    rawHtml: z.enum(['sanitize', 'trusted']).default('sanitize'),
    /**
     * Where diagrams are drawn. `auto`: at build time in Chromium when one is found, else (with a
     * warning) in the reader's browser; `build`: at build time, and no Chromium stops the build;
     * `browser`: always in the reader's browser, no Chromium needed. A Chromium that is named or
     * found but does not work stops the build in `auto` and `build`.
     */
    diagrams: z.enum(['auto', 'build', 'browser']).default('auto'),
  })
  .strict();

export type SiteConfig = z.output<typeof siteConfigSchema>;

export const userConfig = {
  title: 'Arbor ML Notebook',
  description: 'Notes, knowledge trees and a glossary of machine learning in 2025.',
  base: '/',
  contentDir: 'content',
  brokenLinks: 'error',
} satisfies z.input<typeof siteConfigSchema>;

export function resolveSiteConfig(env: NodeJS.ProcessEnv = process.env): SiteConfig {
  const merged = {
    ...userConfig,
    ...(env.ARBOR_CONTENT ? { contentDir: env.ARBOR_CONTENT } : {}),
    ...(env.ARBOR_BASE ? { base: env.ARBOR_BASE } : {}),
    ...(env.ARBOR_BROKEN_LINKS ? { brokenLinks: env.ARBOR_BROKEN_LINKS } : {}),
    ...(env.ARBOR_RAW_HTML ? { rawHtml: env.ARBOR_RAW_HTML } : {}),
    ...(env.ARBOR_DIAGRAMS ? { diagrams: env.ARBOR_DIAGRAMS } : {}),
  };
  const result = siteConfigSchema.safeParse(merged);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  src/site.config.ts: field "${i.path.join('.')}": ${i.message}`);
    throw new Error(`Arbor's site configuration is invalid:\n${lines.join('\n')}`);
  }
  return result.data;
}
