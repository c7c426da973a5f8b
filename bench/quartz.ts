/**
 * The peer for `bench/run.ts`: Quartz 4.5.1, built with /work/shared/peers/quartz.sh
 * (`quartz.sh CONTENT OUT`, installs Quartz into $QUARTZ_HOME on first use).
 *
 * Quartz gets a copy of the benchmark corpus with three changes (`prepareQuartzCorpus`), because
 * on the corpus as it is it either fails or does much less than Arbor:
 *
 * 1. Wikilink targets name the target's file (`[[notes/x/foo|Foo]]`) instead of its title, alias
 *    or glossary term. Quartz resolves `[[…]]` by file name only (case-sensitive), so every title
 *    link would be a broken link; worse, an embed whose title has a colon (`![[Raximi: …]]`) is
 *    taken for an external URL and Quartz 4.5.1 transcludes the page into itself until the stack
 *    overflows ("Failed to emit from plugin `ContentPage`: Maximum call stack size exceeded").
 *    The text shown stays the same (`|alias`, or the original title).
 * 2. An embed that would close a cycle of embeds (A embeds B embeds A) becomes a plain link:
 *    Quartz transcludes the whole page and follows embeds without a depth limit, so a cycle
 *    overflows the stack too. (Arbor shows an embed as a card, title and summary, so it has no
 *    cycles to break; Quartz's full transclusion is a little more work than Arbor's card.)
 * 3. `index.md` (Quartz's home page; without it Quartz emits no `/`), one short note.
 *
 * Everything else (frontmatter, Markdown, Mermaid, math, glossary files) is byte-identical.
 */
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';

export const QUARTZ_VERSION = '4.5.1';

/** quartz.sh: ARBOR_QUARTZ_SH, else the shared peers folder next to the checkout (/work/shared/peers). */
export function quartzScript(root: string): string {
  return resolve(process.env.ARBOR_QUARTZ_SH ?? join(root, '..', 'shared', 'peers', 'quartz.sh'));
}

/** Whether quartz.sh has installed Quartz already (its own marker file, same default as the script). */
export function quartzInstalled(): boolean {
  const home = process.env.QUARTZ_HOME || join(homedir(), '.cache', 'arbor-peers', `quartz-${QUARTZ_VERSION}`);
  return existsSync(join(home, '.installed'));
}

export interface QuartzCorpusStats {
  /** Markdown files in the copy (index.md included). */
  files: number;
  /** Wikilinks and embeds whose target was rewritten to a file name. */
  rewritten: number;
  /** Wikilinks whose target names no page (left as they were; 0 for a generated corpus). */
  unresolved: number;
  embeds: number;
  /** Embeds turned into links because they closed a cycle. */
  embedsUnlinked: number;
  addedIndex: boolean;
}

const WIKILINK = /(!?)\[\[([^\]\n]+?)\]\]/g;

/** Lines of `text` outside fenced code blocks (Mermaid included), as [start, end) offsets. */
function proseRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  let fence: string | undefined;
  let start = 0;
  let at = 0;
  for (const line of text.split('\n')) {
    const end = at + line.length + 1;
    const m = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (!fence && m) {
      ranges.push([start, at]);
      fence = m[1]!;
    } else if (fence && m && m[1]!.startsWith(fence[0]!) && m[1]!.length >= fence.length && line.trim() === m[1]) {
      fence = undefined;
      start = end;
    }
    at = end;
  }
  if (!fence) ranges.push([start, text.length]);
  return ranges;
}

function frontmatter(text: string): Record<string, unknown> {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!m) return {};
  const data: unknown = parseYaml(m[1]!);
  return data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
}

function listMarkdown(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((p) => p.endsWith('.md'))
    .map((p) => p.split('\\').join('/'))
    .sort();
}

/** Copies `src` to `dst` with the changes described at the top of this file. */
export function prepareQuartzCorpus(src: string, dst: string): QuartzCorpusStats {
  rmSync(dst, { recursive: true, force: true });
  cpSync(src, dst, { recursive: true });
  const files = listMarkdown(dst);
  const texts = new Map(files.map((f) => [f, readFileSync(join(dst, f), 'utf8')]));

  // Every name a wikilink may use for a page: title (glossary: term), aliases, file name, path.
  const byName = new Map<string, string>();
  const byLower = new Map<string, string>();
  const add = (name: unknown, slug: string) => {
    if (typeof name !== 'string' || !name.trim()) return;
    if (!byName.has(name)) byName.set(name, slug);
    if (!byLower.has(name.toLowerCase())) byLower.set(name.toLowerCase(), slug);
  };
  for (const [file, text] of texts) {
    const slug = file.replace(/\.md$/, '');
    const fm = frontmatter(text);
    // A note without a frontmatter title is titled by its first `# ` heading (as in Arbor).
    add(fm.title ?? fm.term ?? /^# (.+)$/m.exec(text.replace(/^---\n[\s\S]*?\n---\n/, ''))?.[1]?.trim(), slug);
    for (const alias of Array.isArray(fm.aliases) ? fm.aliases : [fm.aliases]) add(alias, slug);
    add(slug.split('/').pop(), slug);
    add(slug, slug);
  }
  const resolveName = (name: string) => byName.get(name) ?? byLower.get(name.toLowerCase());

  const stats: QuartzCorpusStats = { files: files.length, rewritten: 0, unresolved: 0, embeds: 0, embedsUnlinked: 0, addedIndex: false };

  // Embeds per file, in order, to find the ones that close a cycle.
  const embedsOf = new Map<string, string[]>();
  const eachLink = (text: string, fn: (embed: boolean, inner: string, index: number) => void) => {
    for (const [from, to] of proseRanges(text)) for (const m of text.slice(from, to).matchAll(WIKILINK)) fn(m[1] === '!', m[2]!, from + m.index);
  };
  const targetOf = (inner: string) => {
    const [target = ''] = inner.split('|');
    return target.split('#')[0]!.trim();
  };
  for (const [file, text] of texts) {
    const list: string[] = [];
    eachLink(text, (embed, inner) => {
      if (!embed) return;
      const target = resolveName(targetOf(inner));
      list.push(target ? `${target}.md` : '');
    });
    embedsOf.set(file, list);
  }
  // Depth-first search; an embed to a file still on the stack (itself included) is a back edge.
  const cyclic = new Set<string>(); // `${file}\0${index of the embed in the file}`
  const state = new Map<string, 'open' | 'done'>();
  for (const start of files) {
    if (state.has(start)) continue;
    const stack: { file: string; next: number }[] = [{ file: start, next: 0 }];
    state.set(start, 'open');
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const targets = embedsOf.get(top.file) ?? [];
      if (top.next >= targets.length) {
        state.set(top.file, 'done');
        stack.pop();
        continue;
      }
      const k = top.next++;
      const target = targets[k]!;
      if (!target || !texts.has(target)) continue;
      const s = state.get(target);
      if (s === 'open') cyclic.add(`${top.file}\0${k}`);
      else if (!s) {
        state.set(target, 'open');
        stack.push({ file: target, next: 0 });
      }
    }
  }

  for (const [file, text] of texts) {
    let out = '';
    let last = 0;
    let embedIndex = 0;
    eachLink(text, (embed, inner, index) => {
      const k = embed ? embedIndex++ : -1;
      const [targetPart = '', ...aliasParts] = inner.split('|');
      const [name = '', ...heading] = targetPart.split('#');
      if (!name.trim()) return; // [[#Heading]] on the same page: Quartz handles it
      const slug = resolveName(name.trim());
      if (!slug) {
        stats.unresolved++;
        return;
      }
      stats.rewritten++;
      const anchor = heading.length ? `#${heading.join('#')}` : '';
      const shown = aliasParts.length ? aliasParts.join('|') : name.trim();
      let replacement: string;
      if (embed) {
        stats.embeds++;
        if (cyclic.has(`${file}\0${k}`)) {
          stats.embedsUnlinked++;
          replacement = `[[${slug}${anchor}|${shown}]]`;
        } else replacement = `![[${slug}${anchor}]]`;
      } else replacement = `[[${slug}${anchor}|${shown}]]`;
      out += text.slice(last, index) + replacement;
      last = index + inner.length + (embed ? 5 : 4);
    });
    if (last) writeFileSync(join(dst, file), out + text.slice(last));
  }

  if (!existsSync(join(dst, 'index.md'))) {
    writeFileSync(join(dst, 'index.md'), '---\ntitle: Home\n---\n\nThe benchmark knowledge base: notes, trees and a glossary.\n');
    stats.addedIndex = true;
    stats.files++;
  }
  return stats;
}

/** Quartz's log lines that end a phase (timestamped as they arrive), as for Arbor in run.ts. */
export const QUARTZ_MARKS: [RegExp, string][] = [
  [/^Found \d+ input files/, 'startup: quartz.sh, esbuild of the Quartz config'],
  [/^Parsed \d+ Markdown files/, 'parse Markdown (worker threads)'],
  [/^Emitted \d+ files/, 'emit pages, indexes, assets'],
  [/^Done processing/, 'wrap-up'],
];
