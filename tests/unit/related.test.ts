/** Related pages (src/core/graph/related.ts): ranked by shared tags, links either way and shared terms, with a reason, in linear time. */
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/core/content/load.ts';
import { buildGraph } from '../../src/core/graph/build.ts';
import { COMMON_ABOVE, relatedPages, relatedReason } from '../../src/core/graph/related.ts';
import type { GraphPage, KnowledgeGraph } from '../../src/core/graph/types.ts';
import { pageView } from '../../src/core/graph/views.ts';
import { ProblemList } from '../../src/core/problems.ts';
import type { Href } from '../../src/core/paths.ts';
import { tempContent } from '../helpers/temp-content.ts';

async function graphOf(files: Record<string, string>) {
  const { root, contentDir } = tempContent(files);
  const problems = new ProblemList();
  const built = await buildGraph(loadContent(root, contentDir, problems), { base: '/kb/', brokenLinks: 'error' }, problems);
  expect(problems.errors).toEqual([]);
  return built.graph;
}
const note = (graph: KnowledgeGraph, slug: string) => graph.pages.find((p) => p.slug === slug)!;

describe('related pages', () => {
  it('rank by links, shared tags and shared terms, with a short reason, never the page itself', async () => {
    const graph = await graphOf({
      'notes/here.md': '---\ntitle: Here\ntags: [moe, scaling]\n---\nAbout Vision and [[Linked]].\n',
      'notes/linked.md': '---\ntitle: Linked\n---\nNothing shared but a link from Here.\n',
      'notes/fan.md': '---\ntitle: Fan\ntags: [moe, scaling]\n---\nLinks to [[Here]].\n',
      'notes/tagged.md': '---\ntitle: Tagged\ntags: [moe]\n---\nOnly a tag.\n',
      'notes/termed.md': '---\ntitle: Termed\n---\nMentions Vision.\n',
      'notes/stranger.md': '---\ntitle: Stranger\ntags: [other]\n---\nNothing.\n',
      'glossary/vision.md': '---\nterm: Vision\n---\nSeeing.\n',
    });
    const view = pageView(graph, note(graph, 'here'));
    expect(view.related).toEqual([
      { title: 'Fan', href: '/kb/topics/fan/', reason: '2 shared tags, links here' },
      { title: 'Linked', href: '/kb/topics/linked/', reason: 'linked from here' },
      { title: 'Tagged', href: '/kb/topics/tagged/', reason: '1 shared tag' },
      { title: 'Termed', href: '/kb/topics/termed/', reason: '1 shared term' },
    ]);
    // Links count both ways: Linked sees Here, which links to it.
    expect(pageView(graph, note(graph, 'linked')).related.map((r) => [r.title, r.reason])).toEqual([['Here', 'links here']]);
    expect(pageView(graph, note(graph, 'stranger')).related).toEqual([]);
  });

  it('list at most five, and say "links both ways" for a pair that links each other', async () => {
    const files: Record<string, string> = { 'notes/hub.md': '---\ntitle: Hub\ntags: [t]\n---\nSee [[Mutual]].\n', 'notes/mutual.md': '---\ntitle: Mutual\n---\nBack to [[Hub]].\n' };
    for (let i = 0; i < 8; i++) files[`notes/n${i}.md`] = `---\ntitle: N${i}\ntags: [t]\n---\nText.\n`;
    const graph = await graphOf(files);
    const related = relatedPages(graph, note(graph, 'hub'));
    expect(related).toHaveLength(5);
    expect(relatedReason(related[0]!)).toBe('links both ways');
    expect(related.slice(1).every((r) => relatedReason(r) === '1 shared tag')).toBe(true);
  });

  it('weigh a rare tag above a common one', async () => {
    const files: Record<string, string> = {
      'notes/here.md': '---\ntitle: Here\ntags: [common, rare]\n---\nx\n',
      'notes/rare.md': '---\ntitle: Z rare\ntags: [rare]\n---\nx\n',
    };
    for (let i = 0; i < 10; i++) files[`notes/c${i}.md`] = `---\ntitle: A common ${i}\ntags: [common]\n---\nx\n`;
    const graph = await graphOf(files);
    expect(pageView(graph, note(graph, 'here')).related[0]?.title).toBe('Z rare');
  });

  it(`let a tag on more than ${COMMON_ABOVE} pages bring no candidates, and stay fast at 5,000 pages`, () => {
    // A synthetic graph: 5,000 pages, one tag on all of them, 50 tags of 100 pages, a link chain, a term on each tenth.
    const n = 5000;
    const pages: GraphPage[] = Array.from({ length: n }, (_, i) => ({
      kind: 'note', slug: `p${i}`, file: `content/notes/p${i}.md`, title: `P${i}`, aliases: [], tags: ['everything', `t${i % 50}`], isPaper: false, autolink: true, href: `/topics/p${i}/` as Href, headings: [], diagrams: [], words: 10,
    }));
    const graph: KnowledgeGraph = {
      base: '/', redirects: [], pages, terms: [], diagrams: [],
      links: pages.slice(1).map((p, i) => ({ from: { kind: 'note', slug: p.slug }, to: { kind: 'note', slug: `p${i}`, title: `P${i}`, href: `/topics/p${i}/` as Href }, text: '', context: '', file: p.file, line: 1, via: 'wikilink' })),
      tags: [],
      mentions: Array.from({ length: 100 }, (_, t) => ({ term: `term${t}`, pages: pages.filter((_, i) => i % 100 === t).map((p) => ({ kind: 'note' as const, slug: p.slug })) })),
    };
    const started = performance.now();
    for (const p of pages) relatedPages(graph, p);
    const ms = performance.now() - started;
    const r = relatedPages(graph, pages[10]!);
    // p9 and p11 link with p10 and share the "everything" tag; then the pages sharing t10 and term10 (i % 100 = 10), A–Z by title.
    expect(r.map((x) => x.ref.slug)).toEqual(['p11', 'p9', 'p1010', 'p110', 'p1110']);
    expect(relatedReason(r[0]!)).toBe('1 shared tag, links here');
    expect(relatedReason(r[2]!)).toBe('2 shared tags, 1 shared term');
    expect(ms).toBeLessThan(5000);
    console.log(`related pages of 5,000 pages: ${ms.toFixed(0)} ms`);
  });

  it('rank exactly as comparing the page with every other page would (a seeded random base with common tags)', () => {
    // A reference by the rule itself, pages × pages: candidates link either way or share a tag or
    // term that is on at most COMMON_ABOVE pages; every shared tag and term then counts.
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const n = 600;
    const pick = (k: number) => Math.floor(random() ** 2 * k); // skewed: low numbers are common
    const pages: GraphPage[] = Array.from({ length: n }, (_, i) => ({
      kind: i % 10 ? 'note' : 'tree', slug: `p${i}`, file: `content/notes/p${i}.md`, title: `Page ${pick(40)}`, aliases: [],
      tags: Array.from({ length: 1 + pick(4) }, () => `t${pick(30)}`), isPaper: false, autolink: true, href: `/topics/p${i}/` as Href, headings: [], diagrams: [], words: 10,
    }));
    const terms = Array.from({ length: 40 }, (_, t) => `term${t}`);
    const mentions = terms.map((term) => ({ term, pages: pages.filter(() => random() < 0.02 + (term === 'term0' ? 0.3 : 0)).map((p) => ({ kind: p.kind, slug: p.slug })) }));
    const link = (from: GraphPage, to: { kind: 'note' | 'tree' | 'term'; slug: string }) => ({ from: { kind: from.kind, slug: from.slug }, to: { ...to, title: to.slug, href: `/x/${to.slug}/` as Href }, text: '', context: '', file: from.file, line: 1, via: 'wikilink' as const });
    const links = pages.flatMap((p) => [
      ...Array.from({ length: pick(6) }, () => link(p, pages[Math.floor(random() * n)]!)),
      ...(random() < 0.2 ? [link(p, { kind: 'term', slug: terms[pick(40)]! })] : []),
    ]);
    const graph: KnowledgeGraph = { base: '/', redirects: [], pages, terms: [], diagrams: [], links, tags: [], mentions };

    const key = (p: { kind: string; slug: string }) => `${p.kind}:${p.slug}`;
    const tagsOf = new Map(pages.map((p) => [key(p), new Set(p.tags)]));
    const termsOf = new Map(pages.map((p) => [key(p), new Set<string>()]));
    for (const m of mentions) for (const p of m.pages) termsOf.get(key(p))!.add(m.term);
    for (const l of links) if (l.to.kind === 'term') termsOf.get(key(l.from))!.add(l.to.slug);
    const counts = new Map<Map<string, Set<string>>, Map<string, number>>();
    for (const of of [tagsOf, termsOf]) {
      const c = new Map<string, number>();
      for (const fs of of.values()) for (const f of fs) c.set(f, (c.get(f) ?? 0) + 1);
      counts.set(of, c);
    }
    const count = (of: Map<string, Set<string>>, f: string) => counts.get(of)!.get(f)!;
    const pairs = new Set(links.filter((l) => l.to.kind !== 'term').map((l) => `${key(l.from)}>${key(l.to)}`));
    const linked = (a: GraphPage, b: GraphPage) => a !== b && pairs.has(`${key(a)}>${key(b)}`);
    const collator = new Intl.Collator();
    const reference = (self: GraphPage) =>
      pages
        .filter((q) => q !== self)
        .flatMap((q) => {
          const share = (of: Map<string, Set<string>>) => [...of.get(key(self))!].filter((f) => of.get(key(q))!.has(f));
          const tags = share(tagsOf);
          const ts = share(termsOf);
          const linksHere = linked(q, self);
          const linkedFromHere = linked(self, q);
          const brings = [...tags.map((f) => count(tagsOf, f)), ...ts.map((f) => count(termsOf, f))].some((c) => c <= COMMON_ABOVE);
          if (!linksHere && !linkedFromHere && !brings) return [];
          const weight = (fs: string[], of: Map<string, Set<string>>) => fs.reduce((w, f) => w + 1 / Math.log2(count(of, f) + 1), 0);
          const score = Math.round((3 * (Number(linksHere) + Number(linkedFromHere)) + 2 * weight(tags, tagsOf) + weight(ts, termsOf)) * 1e9) / 1e9;
          return score > 0 ? [{ slug: q.slug, title: q.title, sharedTags: tags.length, sharedTerms: ts.length, linksHere, linkedFromHere, score }] : [];
        })
        .sort((a, b) => b.score - a.score || collator.compare(a.title, b.title) || collator.compare(a.slug, b.slug))
        .slice(0, 5)
        .map(({ title: _t, ...r }) => r);

    expect(Math.max(...[...new Set(pages.flatMap((p) => p.tags))].map((t) => count(tagsOf, t)))).toBeGreaterThan(COMMON_ABOVE);
    for (const self of pages) {
      const got = relatedPages(graph, self).map((r) => ({ slug: r.ref.slug, sharedTags: r.sharedTags, sharedTerms: r.sharedTerms, linksHere: r.linksHere, linkedFromHere: r.linkedFromHere, score: r.score }));
      expect(got, self.slug).toEqual(reference(self));
    }
  });
});
