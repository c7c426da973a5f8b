/**
 * Frontmatter schemas, shared by the content loader (friendly errors with line numbers) and
 * Astro's collections (types for pages). Everything is optional where it can be derived.
 */
import { z } from 'astro/zod';

const nonEmpty = z.string().trim().min(1, 'must not be empty');
/** Tags are lower-case words joined by `-` or `/` (nested tags), so they make clean URLs. */
export const tagSchema = z
  .string()
  .trim()
  .regex(/^[\p{Ll}\p{Lo}\p{N}][\p{Ll}\p{Lo}\p{N}_/-]*$/u, 'tags are lower-case words joined by "-", e.g. "machine-learning"');

/** A YAML date (`2024-01-31`) arrives as a Date; keep what the author wrote as text. */
const dateText = z.union([z.string(), z.date().transform((d) => d.toISOString().slice(0, 10))]);
const stringList = z.array(nonEmpty);

export const noteSchema = z
  .object({
    title: nonEmpty.optional(),
    tags: z.array(tagSchema).default([]),
    aliases: stringList.default([]),
    summary: z.string().optional(),
    description: z.string().optional(),
    authors: stringList.optional(),
    date: dateText.optional(),
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
    tags: z.array(tagSchema).default([]),
  })
  .strict();

export type NoteData = z.output<typeof noteSchema>;
export type TermData = z.output<typeof termSchema>;
