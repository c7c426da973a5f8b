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
    /**
     * Where a page's file is edited: a URL prefix to which the file's path in the content folder is
     * added, e.g. `https://github.com/me/notes/edit/main/content/`. Set, each note and tree links
     * "Edit this page".
     */
    repository: z.url({ protocol: /^https?$/, error: 'repository must be an http(s) URL, e.g. "https://github.com/me/notes/edit/main/content/"' }).optional(),
    /**
     * The public origin the site is served from, e.g. `https://notes.example.org` (no path: the
     * path is `base`). With it, the build writes sitemap.xml and rss.xml and every page gets a
     * canonical link and og:url; without it they are skipped (they need absolute URLs).
     */
    url: z
      .url({ protocol: /^https?$/, error: 'url must be an http(s) origin such as "https://notes.example.org"' })
      // Zod runs the check even when the URL check failed: it must not throw on a non-URL.
      .refine((u) => !URL.canParse(u) || `${new URL(u).origin}/` === new URL(u).href, 'url must be an origin only, without a path (the path is "base")')
      .transform((u) => new URL(u).origin)
      .optional(),
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
    ...(env.ARBOR_REPOSITORY ? { repository: env.ARBOR_REPOSITORY } : {}),
    ...(env.ARBOR_SITE_URL ? { url: env.ARBOR_SITE_URL } : {}),
  };
  const result = siteConfigSchema.safeParse(merged);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  src/site.config.ts: field "${i.path.join('.')}": ${i.message}`);
    throw new Error(`Arbor's site configuration is invalid:\n${lines.join('\n')}`);
  }
  return result.data;
}
