/**
 * Frontmatter schemas, shared by the content loader (friendly errors with line numbers) and
 * Astro's collections (types for pages). Everything is optional where it can be derived.
 */
import { z } from 'zod';

const nonEmpty = z.string().trim().min(1, 'must not be empty');
/**
 * Tags are lower-case words joined by `-`, and `/` for nested tags; each is a URL, `/tags/<tag>/`.
 * Written slips are normalised rather than rejected, so `a//b`, `/a/b` and `a/b/` are the tag
 * `a/b`, and their pages share one tag page instead of one page overwriting
 * another; NFC, because macOS file systems treat the two Unicode forms of `café` as one file.
 */
export function normaliseTag(tag: string): string {
  return tag.normalize('NFC').trim().replace(/\/{2,}/g, '/').replace(/^\/+|\/+$/g, '');
}

export const tagSchema = z
  .string()
  .transform(normaliseTag)
  .pipe(
    z
      .string()
      .min(1, { error: 'a tag needs at least one word, e.g. "machine-learning"', abort: true })
      .regex(/^[\p{Ll}\p{Lo}\p{N}][\p{Ll}\p{Lo}\p{N}_/-]*$/u, 'tags are lower-case words joined by "-", nested with "/", e.g. "machine-learning" or "ml/vision"'),
  );

/** A page's tags, each once (after normalising, `a/b` and `a//b` are one tag). */
const tagList = z.array(tagSchema).default([]).transform((tags) => [...new Set(tags)]);

/** A YAML date (`2024-01-31`) arrives as a Date; keep what the author wrote as text. */
const dateText = z.union([z.string(), z.date().transform((d) => d.toISOString().slice(0, 10))]);
const stringList = z.array(nonEmpty);

export const noteSchema = z
  .object({
    title: nonEmpty.optional(),
    tags: tagList,
    aliases: stringList.default([]),
    summary: z.string().optional(),
    description: z.string().optional(),
    authors: stringList.optional(),
    date: dateText.optional(),
    /** When the note last changed, for a content folder outside git (git's date wins where there is one). */
    updated: dateText.optional(),
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    /** `false` turns off linking glossary terms at their first mention in this note. */
    autolink: z.boolean().default(true),
  })
  .strict();

export const treeSchema = noteSchema;

export const termKinds = ['concept', 'relationship', 'term'] as const;

export const termSchema = z
  .object({
    term: nonEmpty,
    aliases: stringList.default([]),
    emoji: z.string().optional(),
    kind: z.enum(termKinds).default('term'),
    short: z.string().optional(),
    related: stringList.default([]),
    tags: tagList,
    /**
     * How a mention of the term in running text is linked: `true` (any case, except words written
     * with inner capitals such as `LoRA`), `"as-written"` (only the exact case) or `false` (never;
     * the term is still linked by [[wikilink]] and in diagrams).
     */
    autolink: z.union([z.boolean(), z.literal('as-written')], { error: 'must be true, false or "as-written"' }).default(true),
  })
  .strict();

export type NoteData = z.output<typeof noteSchema>;
export type TermData = z.output<typeof termSchema>;
