/** Reading the generated content/ back, for the import tests. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const CONTENT = new URL('../../../content/', import.meta.url).pathname;
export { SEED_DIR as SEEDS } from '../../../scripts/import/seeds.ts';

export interface ContentFile {
  path: string;
  text: string;
  data: Record<string, unknown>;
  body: string;
}

export function contentFiles(): ContentFile[] {
  const out: ContentFile[] = [];
  for (const dir of ['notes', 'trees', 'glossary']) {
    for (const rel of readdirSync(join(CONTENT, dir), { recursive: true, encoding: 'utf8' }).sort()) {
      if (!rel.endsWith('.md')) continue;
      const text = readFileSync(join(CONTENT, dir, rel), 'utf8');
      const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
      out.push({ path: `${dir}/${rel}`, text, data: m ? (parse(m[1]!) as Record<string, unknown>) : {}, body: m ? m[2]! : text });
    }
  }
  return out;
}

/** Every ```mermaid block of a Markdown text. */
export function mermaidBlocks(md: string): string[] {
  return [...md.matchAll(/```mermaid[^\n]*\n([\s\S]*?)\n```/g)].map((m) => m[1]!);
}
