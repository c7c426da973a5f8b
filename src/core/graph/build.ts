/**
 * Builds the knowledge graph from loaded content: pages, terms, diagrams (parsed by mermaid's
 * own parser), links with positions, backlinks, tags and term mentions. Every problem found
 * is added to the problem list; nothing throws on bad content.
 */
import type { LoadedContent, PageSource, TermSource } from '../content/load.ts';
import { anchorFor, isExternalUrl, markdownLinkFile, pagePath, slugifySegment, withBase } from '../paths.ts';
import { ProblemList } from '../problems.ts';
import { MAX_DIAGRAM_CHARS, MAX_DIAGRAM_EDGES, MAX_DIAGRAM_NODES, pageDiagrams, plainLabel, sourceHash, splitSource } from './diagrams.ts';
import { extractFacts, type BodyFacts } from './extract.ts';
import { describeCandidates, NameIndex, resolveWikiLink, targetOf } from './resolve.ts';
import { TermMatcher } from './terms.ts';
import { emptyPlan, type GraphDiagram, type GraphLink, type GraphPage, type GraphRedirect, type GraphTerm, type Heading, type KnowledgeGraph, type LinkSource, type LinkTarget, type PageRef, type RenderPlan } from './types.ts';

export interface BuildOptions {
  base: string;
  /** Where parsed diagram models are kept between builds (by source hash); none: always parse. */
  cacheDir?: string;
  /**
   * What each body holds (body text → facts), extracted beforehand: by worker threads in a build,
   * or kept from the last analysis by `astro dev`, so an edit parses one file again. Bodies not in
   * it are extracted here.
   */
  facts?: Map<string, BodyFacts>;
  /** `error` stops the build on a broken link; `warn` only reports it (a half-finished vault). */
  brokenLinks: 'error' | 'warn';
}

export interface BuiltGraph {
  graph: KnowledgeGraph;
  index: NameIndex;
  matcher: TermMatcher;
  /** How to render each body, by `note:<slug>`, `tree:<slug>` or `term:<slug>`. */
  plans: Map<string, RenderPlan>;
}




const isScriptUrl = (url: string) => /^javascript:/i.test(url.trim());




function titleOf(src: PageSource, facts: BodyFacts): string {
  return src.data.title ?? facts.h1 ?? src.relPath.split('/').pop()!.replace(/\.(md|markdown)$/i, '');
}



export { MAX_DIAGRAM_CHARS, MAX_DIAGRAM_EDGES, MAX_DIAGRAM_NODES, plainLabel, sourceHash, splitSource };

/** A page during the analysis: its source, facts, and what the passes add. */
export interface ParsedPage {
  src: PageSource;
  facts: BodyFacts;
  page: GraphPage;
  anchors: Set<string>;
  diagrams: GraphDiagram[];
  plan: RenderPlan;
}

export async function buildGraph(content: LoadedContent, options: BuildOptions, problems = new ProblemList()): Promise<BuiltGraph> {
  const { base } = options;
  /** A body's facts; a body nested too deep has none, reported at its line (every later stage walks trees recursively). */
  const factsOf = (src: PageSource | TermSource): BodyFacts => {
    const facts = options.facts?.get(src.body) ?? extractFacts(src.body);
    if (facts.nesting) problems.error(src.file, src.bodyStartLine - 1 + facts.nesting.line, facts.nesting.message, 'flatten the nested quotes or lists, e.g. into headings or separate notes');
    return facts;
  };
  const reportLink = (file: string, line: number, message: string, hint?: string) =>
    options.brokenLinks === 'error' ? problems.error(file, line, message, hint) : problems.warn(file, line, message, hint);

  // 1. Pages and terms, with slugs checked for collisions.
  const seen = new Map<string, string>();
  const parsed: ParsedPage[] = [];
  for (const src of [...content.notes, ...content.trees]) {
    const key = `${src.kind}:${src.slug}`;
    const other = seen.get(key);
    if (other) {
      problems.error(src.file, 1, `two ${src.kind}s have the URL slug "${src.slug}" (also ${other})`, 'rename one of the files');
      continue;
    }
    seen.set(key, src.file);
    const facts = factsOf(src);
    const offset = src.bodyStartLine - 1;
    const plan = emptyPlan();
    const headings: Heading[] = facts.headings.map((h) => ({ depth: h.depth, text: h.text, ...(h.parts ? { parts: h.parts } : {}), anchor: h.anchor, line: h.line + offset }));
    plan.headings = facts.headings.map((h) => ({ offset: h.offset, anchor: h.anchor }));
    const page: GraphPage = {
      kind: src.kind,
      slug: src.slug,
      file: src.file,
      title: titleOf(src, facts),
      aliases: src.data.aliases,
      tags: src.data.tags,
      summary: src.data.summary,
      description: src.data.description,
      authors: src.data.authors,
      date: src.data.date,
      url: src.data.url,
      isPaper: src.data.tags.includes('paper'),
      autolink: src.data.autolink,
      href: withBase(base, pagePath(src.kind, src.slug)),
      headings,
      diagrams: [],
      words: facts.words,
    };
    parsed.push({ src, facts, page, anchors: new Set(headings.map((h) => h.anchor)), diagrams: [], plan });
  }

  const terms: GraphTerm[] = [];
  const termFacts: { src: TermSource; term: GraphTerm; facts: BodyFacts }[] = [];
  const termNames = new Map<string, string>();
  for (const src of content.terms) {
    const slug = anchorFor(src.data.term);
    const clash = termNames.get(slug);
    if (clash) {
      problems.error(src.file, 1, `the term "${src.data.term}" is defined twice (also in ${clash})`, 'merge the two definitions into one file');
      continue;
    }
    termNames.set(slug, src.file);
    const facts = factsOf(src);
    const term: GraphTerm = {
      slug,
      term: src.data.term,
      aliases: src.data.aliases,
      emoji: src.data.emoji,
      kind: src.data.kind,
      short: src.data.short,
      related: src.data.related.map((name) => ({ name })),
      tags: src.data.tags,
      file: src.file,
      href: withBase(base, `glossary/#${slug}`),
      // The first paragraph of the body, as plain text.
      definition: facts.firstParagraph ?? (src.data.short ?? '').replace(/\s+/g, ' ').trim(),
    };
    terms.push(term);
    termFacts.push({ src, term, facts });
  }

  const index = new NameIndex(
    [...parsed.map((p) => ({ kind: p.page.kind, slug: p.page.slug, title: p.page.title, aliases: p.page.aliases })), ...terms.map((t) => ({ kind: 'term' as const, slug: t.slug, title: t.term, aliases: t.aliases }))],
    base,
  );
  // A term's `autolink` decides how its names match in text (`false`: it is never a mention).
  const matcher = new TermMatcher(termFacts.flatMap(({ src, term: t }) => [t.term, ...t.aliases].map((name) => ({ slug: t.slug, name, autolink: src.data.autolink }))));

  for (const term of terms) {
    for (const rel of term.related) {
      const r = index.resolve(rel.name, ['term']);
      if (r.status === 'ok') rel.target = r.target;
      else {
        const suggestions = index.suggest(rel.name);
        problems.warn(term.file, 1, `related term "${rel.name}" is not in the glossary`, suggestions.length ? `did you mean ${suggestions.join(', ')}?` : undefined);
      }
    }
  }

  // 2. Diagrams: ids, models from mermaid's parser, node targets (diagrams.ts).
  const diagrams: GraphDiagram[] = [];
  const unresolvedNodes: string[] = [];
  for (const p of parsed) diagrams.push(...(await pageDiagrams(p, index, options.cacheDir, problems, unresolvedNodes)));

  // 3. Links from text, and mentions of terms.
  const byAbsPath = new Map(parsed.map((p) => [p.src.absPath, p]));
  const bySlug = new Map(parsed.map((p) => [`${p.page.kind}:${p.page.slug}`, p]));
  const links: GraphLink[] = [];
  const mentions = new Map<string, PageRef[]>();
  const anchorExists = (target: LinkTarget, anchor: string) => target.kind !== 'term' && bySlug.get(`${target.kind}:${target.slug}`)!.anchors.has(anchor);

  /**
   * Links (and, for pages, term mentions) in one body. A glossary term's body is rendered on
   * /glossary/, so its links are checked like a page's and count as links from the term.
   */
  const walkLinks = (src: PageSource | TermSource, facts: BodyFacts, here: LinkTarget, plan: RenderPlan, mentioned: Set<string>, autolink: boolean) => {
    const offset = src.bodyStartLine - 1;
    const from: LinkSource = { kind: here.kind, slug: here.slug };
    // Tooltip ids are unique on the built page: the glossary shows every term's body on one page.
    const tipPrefix = here.kind === 'term' ? `arbor-tip-${here.slug}-` : 'arbor-tip-';
    // A term never links inside its own definition.
    const linked = new Set<string>(here.kind === 'term' ? [here.slug] : []);
    for (const node of facts.items) {
      if (node.type === 'text') {
        for (const m of matcher.find(node.value)) {
          if (here.kind !== 'term') mentioned.add(m.slug);
          if (!autolink || linked.has(m.slug)) continue;
          const term = termsBySlug.get(m.slug);
          if (!term) continue;
          linked.add(m.slug);
          const text = term.short || term.definition;
          plan.mentions.push({ offset: node.offset, start: m.start, end: m.end, term: term.slug, href: term.href, ...(text ? { tip: { id: `${tipPrefix}${plan.mentions.length + 1}`, text } } : {}) });
        }
        continue;
      }
      const line = node.line + offset;
      if (node.type === 'wikiLink') {
        const w = node;
        const shown = w.alias ?? (w.target || w.heading || w.value);
        let target: LinkTarget | undefined;
        const r = resolveWikiLink(index, here, w);
        if (r.status === 'ok') target = r.target;
        else if (r.status === 'ambiguous') problems.error(src.file, line, `[[${w.value}]] is ambiguous: it matches ${describeCandidates(r.candidates)}`, 'link by the file name (slug) instead, or remove the duplicate title/alias');
        else {
          const suggestions = index.suggest(w.target);
          reportLink(src.file, line, `[[${w.value}]] not found`, suggestions.length ? `did you mean ${suggestions.map((s) => `[[${s}]]`).join(', ')}?` : 'create the note or fix the name');
        }
        if (target && w.heading && !anchorExists(target, target.anchor!)) {
          reportLink(src.file, line, `[[${w.value}]]: "${target.title}" has no heading "${w.heading}"`, target.kind === 'term' ? `a glossary entry has no headings to link to: link [[${target.title}]] itself` : 'check the heading text');
          target = undefined;
        }
        if (target && !(target.kind === here.kind && target.slug === here.slug && !w.heading))
          links.push({ from, to: target, text: shown, context: node.context, file: src.file, line, via: w.embed ? 'embed' : 'wikilink' });
        const title = target?.title ?? (w.target || w.heading || w.value);
        const text = w.alias ?? (w.target ? (w.heading ? `${title} › ${w.heading}` : w.target) : (w.heading ?? w.value));
        const embed = target && w.embed ? { summary: (target.kind === 'term' ? termsBySlug.get(target.slug)?.short : bySlug.get(`${target.kind}:${target.slug}`)?.page.summary) ?? '' } : undefined;
        plan.wikiLinks.push({ offset: node.offset, text, kind: target?.kind ?? 'note', ...(target ? { href: target.href } : {}), ...(embed ? { embed } : {}) });
        continue;
      }
      if (node.type === 'definition' && isScriptUrl(node.url)) {
        problems.error(src.file, line, `"${node.url.trim().slice(0, 40)}" is a javascript: link`, 'links must point to pages or web addresses');
        continue;
      }
      if (node.type === 'link') {
        const url = node.url.trim();
        if (isScriptUrl(url)) {
          problems.error(src.file, line, `"${url.slice(0, 40)}" is a javascript: link`, 'links must point to pages or web addresses');
          continue;
        }
        if (isExternalUrl(url)) continue;
        const md = markdownLinkFile(src.absPath, url);
        const path = md?.path ?? url.split('#', 1)[0];
        const fragment = md ? md.fragment : url.split('#', 2)[1];
        let target: LinkTarget | undefined;
        if (!path) {
          // On /glossary/, `#name` is another entry's anchor; the built site's link check covers it.
          if (here.kind === 'term') continue;
          target = here;
        } else if (md) {
          const other = byAbsPath.get(md.file);
          if (other) {
            target = targetOf({ kind: other.page.kind, slug: other.page.slug, title: other.page.title, aliases: [] }, base);
            plan.fileLinks.push({ offset: node.offset, href: `${other.page.href}${md.fragment ? `#${md.fragment}` : ''}` as LinkTarget['href'] });
          } else reportLink(src.file, line, `link to ${path} not found`, 'check the relative path of the .md file');
        } else continue; // site paths and assets are checked in the built site
        if (target && fragment) {
          if (!anchorExists(target, decodeURIComponent(fragment))) {
            reportLink(src.file, line, `link ${url}: no heading or anchor "#${fragment}" in "${target.title}"`, 'check the heading text');
            target = undefined;
          } else target = { ...target, anchor: fragment, href: `${target.href}#${fragment}` as LinkTarget['href'] };
        }
        if (target && path) links.push({ from, to: target, text: node.text, context: node.context, file: src.file, line, via: 'markdown' });
      }
    }
  };

  const termsBySlug = new Map(terms.map((t) => [t.slug, t]));
  const plans = new Map<string, RenderPlan>();
  for (const p of parsed) {
    const from: PageRef = { kind: p.page.kind, slug: p.page.slug };
    const mentioned = new Set<string>();
    walkLinks(p.src, p.facts, targetOf({ kind: p.page.kind, slug: p.page.slug, title: p.page.title, aliases: [] }, base), p.plan, mentioned, p.page.autolink);
    plans.set(`${p.page.kind}:${p.page.slug}`, p.plan);
    for (const slug of mentioned) {
      const list = mentions.get(slug);
      if (list) list.push(from);
      else mentions.set(slug, [from]);
    }
    for (const d of p.diagrams) {
      for (const n of d.nodes) {
        if (n.target) links.push({ from, to: n.target, text: plainLabel(n.label) || n.id, context: `${d.title}: node ${plainLabel(n.label) || n.id}`, file: p.src.file, line: d.line, via: 'node' });
      }
    }
  }
  for (const { src, term, facts } of termFacts) {
    const plan = emptyPlan();
    walkLinks(src, facts, targetOf({ kind: 'term', slug: term.slug, title: term.term, aliases: [] }, base), plan, new Set(), true);
    plans.set(`term:${term.slug}`, plan);
  }
  if (unresolvedNodes.length) {
    const shown = unresolvedNodes.slice(0, 10);
    const more = unresolvedNodes.length - shown.length;
    problems.warn(
      'content',
      undefined,
      `${unresolvedNodes.length} diagram node(s) link nowhere (no glossary term or note by id or label):\n  ${shown.join('\n  ')}${more ? `\n  … and ${more} more` : ''}`,
      'add a glossary term with the node id as alias, or a click line; fence a chart of plain words as ```mermaid autolink=false',
    );
  }

  const redirects = aliasRedirects(parsed.map((p) => p.page), problems);

  // Content text is never an object key (a tag "constructor" would find Object.prototype's).
  const tagPages = new Map<string, PageRef[]>();
  for (const p of parsed) {
    for (const t of new Set(p.page.tags)) {
      const list = tagPages.get(t);
      if (list) list.push({ kind: p.page.kind, slug: p.page.slug });
      else tagPages.set(t, [{ kind: p.page.kind, slug: p.page.slug }]);
    }
  }
  const tags = [...tagPages].map(([tag, pages]) => ({ tag, pages }));

  const graph: KnowledgeGraph = { base, redirects, pages: parsed.map((p) => p.page), terms, diagrams, links, tags, mentions: [...mentions].map(([term, pages]) => ({ term, pages })) };
  return { graph, index, matcher, plans };
}

/**
 * Each alias of a page also answers at `/topics/<folder>/<alias-slug>/`, so a renamed note keeps
 * its old URL when the old name is kept as an alias. A real page always wins; two pages
 * claiming one URL get neither, with a warning.
 */
export function aliasRedirects(pages: GraphPage[], problems: ProblemList): GraphRedirect[] {
  const taken = new Set(pages.map((p) => `${p.kind}:${p.slug}`));
  const claims = new Map<string, GraphPage[]>();
  for (const page of pages) {
    const folder = page.slug.includes('/') ? page.slug.slice(0, page.slug.lastIndexOf('/') + 1) : '';
    for (const alias of page.aliases) {
      const key = `${page.kind}:${folder}${slugifySegment(alias)}`;
      if (taken.has(key)) continue;
      const list = claims.get(key) ?? [];
      if (!list.includes(page)) list.push(page);
      claims.set(key, list);
    }
  }
  const out: GraphRedirect[] = [];
  for (const [key, owners] of claims) {
    const [kind, slug] = key.split(/:(.*)/s) as ['note' | 'tree', string];
    if (owners.length > 1) {
      problems.warn(owners[0]!.file, 1, `the alias URL /${kind === 'tree' ? 'trees' : 'topics'}/${slug}/ is claimed by ${owners.map((o) => o.file).join(' and ')}; neither gets it`, 'give the aliases different names');
      continue;
    }
    out.push({ kind, slug, to: owners[0]!.href, title: owners[0]!.title });
  }
  return out.sort((a, b) => a.slug.localeCompare(b.slug));
}

