/**
 * Writing pages: YAML frontmatter (deterministic key order, quoted strings) + body, into
 * content/notes, content/trees and content/glossary, which are wiped first. Before writing, every
 * name a wikilink could use (slug, title, alias) is checked to resolve to exactly one page.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { slug as githubSlug } from 'github-slugger';
import type { Page } from './build.ts';

export function serialise(page: Page): string {
  const fm = stringify(page.frontmatter, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 0, flowCollectionPadding: false });
  return `---\n${fm}---\n\n${page.body.trimEnd()}\n`;
}

/** As the site slugs a term name (github-slugger, like src/core/paths.ts). */
export function slugifyName(s: string): string {
  return githubSlug(s.normalize('NFC')).replace(/^-+|-+$/g, '') || 'untitled';
}

const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

/** Names that resolve to more than one page, and wikilinks that resolve to none. */
export function checkNames(pages: Page[]): string[] {
  const problems: string[] = [];
  const owner = new Map<string, string>();
  const claim = (name: string, who: string) => {
    const k = norm(name);
    const prev = owner.get(k);
    if (prev && prev !== who) problems.push(`"${name}" names both ${prev} and ${who}`);
    else owner.set(k, who);
  };
  for (const p of pages) {
    const who = `${p.collection}/${p.path}`;
    claim(p.path, who);
    const last = p.path.split('/').pop()!;
    if (last !== p.path) claim(last, who);
    const title = (p.frontmatter.title ?? p.frontmatter.term) as string;
    claim(title, who);
    // A term's URL slug comes from its name, not its file name.
    if (p.collection === 'glossary') claim(slugifyName(title), who);
    for (const a of (p.frontmatter.aliases as string[] | undefined) ?? []) claim(a, who);
  }
  const terms = new Set(pages.filter((p) => p.collection === 'glossary').map((p) => norm(p.frontmatter.term as string)));
  for (const p of pages) {
    for (const m of p.body.matchAll(/\[\[([^\]|#]+)(?:#[^\]|]*)?(?:\|[^\]]*)?\]\]/g)) {
      if (!owner.has(norm(m[1]!))) problems.push(`${p.collection}/${p.path}: [[${m[1]}]] links to nothing`);
    }
    for (const r of (p.frontmatter.related as string[] | undefined) ?? []) {
      if (!terms.has(norm(r))) problems.push(`${p.collection}/${p.path}: related "${r}" is not a term`);
    }
  }
  return problems;
}

export function writePages(contentDir: string, pages: Page[]): void {
  const problems = checkNames(pages);
  if (problems.length) throw new Error(`content would not resolve:\n  ${problems.join('\n  ')}`);
  for (const dir of ['notes', 'trees', 'glossary']) rmSync(join(contentDir, dir), { recursive: true, force: true });
  for (const p of [...pages].sort((a, b) => `${a.collection}/${a.path}`.localeCompare(`${b.collection}/${b.path}`))) {
    const file = join(contentDir, p.collection, `${p.path}.md`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, serialise(p));
  }
}
