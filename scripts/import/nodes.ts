/**
 * Diagram nodes and what they link to, decided once the pages exist: a node whose label names a
 * glossary term or a paper note links there through a `click` line, where the site would not find
 * it by the node's id or label alone. The site finds a node's target by id (as a term name) and by
 * label, or either part of `Long Form (LF)` (as a term, then a note or tree, whose title or alias
 * may differ in punctuation: labelNames and looseName in src/core/graph/diagrams.ts); the import
 * checks the result against that:
 *  - no node links to the page it is drawn on (an alias that names a node of the page's own
 *    diagram is dropped; a title that does stops the import);
 *  - the key-term charts (KEY_TERMS_META) link only nodes whose label is a term;
 *  - every NODE_LINKS entry is used.
 */
import { parseDiagram } from '../../src/core/diagrams/parse.ts';
import { labelNames, looksLikeName, looseName, plainLabel } from '../../src/core/graph/diagrams.ts';
import { TermMatcher, type Autolink } from '../../src/core/graph/terms.ts';
import type { Page } from './build.ts';
import { KEY_TERMS_META } from './build.ts';
import { NODE_LINKS } from './curation.ts';
import { slugifyName } from './write.ts';

const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
/** The site's plainLabel: the label without emoji. */
export { plainLabel };

const BLOCK = /```mermaid([^\n]*)\n([\s\S]*?)\n```/g;

export async function linkDiagramNodes(pages: Page[]): Promise<void> {
  const terms = pages.filter((p) => p.collection === 'glossary');
  // by name, then (as the site's last tier) by the name's slug
  const termName = new Map<string, string>();
  const termSlug = new Map<string, string>();
  for (const t of terms) {
    const name = t.frontmatter.term as string;
    for (const n of [name, ...((t.frontmatter.aliases as string[]) ?? [])]) termName.set(norm(n), name);
    termSlug.set(slugifyName(name), name);
  }
  const term = (s: string) => termName.get(norm(s)) ?? termSlug.get(slugifyName(s));
  // As the site matches mentions: a term's `autolink` holds for a label that mentions it, too.
  const matcher = new TermMatcher(
    terms.flatMap((t) => [t.frontmatter.term as string, ...((t.frontmatter.aliases as string[]) ?? [])].map((name) => ({ slug: t.frontmatter.term as string, name, autolink: t.frontmatter.autolink as Autolink | undefined }))),
  );
  const docs = pages.filter((p) => p.collection !== 'glossary');
  const docName = new Map<string, { page: Page; via: 'title' | 'alias' | 'slug' }>();
  const docSlug = new Map<string, { page: Page; via: 'title' }>();
  for (const p of docs) {
    docSlug.set(slugifyName(p.frontmatter.title as string), { page: p, via: 'title' });
    docName.set(norm(p.path), { page: p, via: 'slug' });
    docName.set(norm(p.path.split('/').pop()!), { page: p, via: 'slug' });
    docName.set(norm(p.frontmatter.title as string), { page: p, via: 'title' });
    for (const a of (p.frontmatter.aliases as string[]) ?? []) docName.set(norm(a), { page: p, via: 'alias' });
  }
  // and, as the site, for a label that looks like a name: a title or alias in other punctuation, spaces or emoji (`LAION-5B`: alias `LAION5B`)
  const docLoose = new Map<string, Page>();
  for (const p of docs) {
    for (const a of [p.frontmatter.title as string, ...((p.frontmatter.aliases as string[]) ?? [])]) if (looseName(a) && !docLoose.has(looseName(a))) docLoose.set(looseName(a), p);
  }
  const unused = new Set(Object.keys(NODE_LINKS));

  for (const page of docs) {
    const blocks = [...page.body.matchAll(BLOCK)];
    let body = page.body;
    for (const block of blocks.reverse()) {
      const [whole, meta, source] = block as unknown as [string, string, string];
      const keyTerms = meta.trim().split(/\s+/).includes(KEY_TERMS_META);
      const model = await parseDiagram(source);
      const clicks: string[] = [];
      for (const n of model.nodes) {
        if (n.link) continue;
        const label = plainLabel(n.label);
        // the names the site looks a label up by: `Long Form (LF)` by either part, a note in any punctuation
        const names = labelNames(label);
        const byName = term(n.id) ?? names.map(term).find(Boolean);
        const look = (s: string) => docName.get(norm(s)) ?? docSlug.get(slugifyName(s));
        const own = byName || !label ? undefined : look(label);
        // as the site, past any spelling that names the page itself
        const doc = byName ? undefined : [...names.map((s) => look(s)?.page), ...names.filter(looksLikeName).map((s) => docLoose.get(looseName(s)))].find((d) => d && d !== page);
        if (own?.page === page) {
          if (own.via !== 'alias') throw new Error(`${page.path}: node ${n.id} "${label}" would link to its own page by its ${own.via}`);
          page.frontmatter.aliases = (page.frontmatter.aliases as string[]).filter((a) => norm(a) !== norm(label));
          docName.delete(norm(label));
        } else if (byName || doc) {
          if (keyTerms && byName) clicks.push(`    click ${n.id} "${byName}"`);
          continue;
        }
        if (keyTerms) continue;
        const to = NODE_LINKS[label] ?? single(matcher.find(label).map((m) => m.slug), `${page.path}: node ${n.id} "${label}"`);
        if (NODE_LINKS[label]) unused.delete(label);
        if (to) clicks.push(`    click ${n.id} "${to}"`);
      }
      if (clicks.length) body = body.slice(0, block.index) + whole.replace(/\n```$/, `\n${clicks.join('\n')}\n\`\`\``) + body.slice(block.index + whole.length);
    }
    page.body = body;
  }
  if (unused.size) throw new Error(`NODE_LINKS entries match no node: ${[...unused].join(', ')}`);
}

/** The one term a label names; several: a choice for NODE_LINKS. */
function single(names: string[], where: string): string | undefined {
  const distinct = [...new Set(names)];
  if (distinct.length > 1) throw new Error(`${where} names several terms (${distinct.join(', ')}): choose one in NODE_LINKS`);
  return distinct[0];
}
