/**
 * Builds the knowledge graph from loaded content: pages, terms, diagrams (parsed by mermaid's
 * own parser), links with positions, backlinks, tags and term mentions. Every problem found
 * is added to the problem list; nothing throws on bad content.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedContent, PageSource, TermSource } from '../content/load.ts';
import { anchorFor, isExternalUrl, markdownLinkFile, pagePath, slugifySegment, withBase } from '../paths.ts';
import { ProblemList } from '../problems.ts';
import { DiagramSyntaxError, parseDiagram, type DiagramModel } from '../diagrams/parse.ts';
import { MERMAID_VERSION } from '../diagrams/render.ts';
import { extractFacts, type BodyFacts } from './extract.ts';
import { describeCandidates, NameIndex, resolveWikiLink, targetOf } from './resolve.ts';
import { TermMatcher } from './terms.ts';
import type { DiagramSource, GraphDiagram, GraphLink, GraphPage, GraphRedirect, GraphTerm, Heading, KnowledgeGraph, LinkSource, LinkTarget, PageRef, RenderPlan } from './types.ts';

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

const emptyPlan = (): RenderPlan => ({ wikiLinks: [], fileLinks: [], mentions: [], headings: [], diagrams: [] });


/** Hash of a diagram's source; the renderer's cache key builds on it. */
export function sourceHash(source: string): string {
  return createHash('sha256').update(source).digest('hex').slice(0, 16);
}

/** Above these mermaid stops (its maxEdges, maxTextSize: it then draws an error box) or drawing takes minutes. */
export const MAX_DIAGRAM_NODES = 500;
export const MAX_DIAGRAM_EDGES = 500;
export const MAX_DIAGRAM_CHARS = 50_000;
const isScriptUrl = (url: string) => /^javascript:/i.test(url.trim());
/** Bump when the parser's model changes shape, so cached models are parsed again. */
const MODEL_VERSION = `m1-${MERMAID_VERSION}`;
const EMOJI = /[\p{Extended_Pictographic}\u{FE0F}\u{200D}\u{20E3}]/gu;

/** mermaid's parse of a diagram, from the cache when the same source was parsed before. */
async function parseCached(source: string, hash: string, cacheDir: string | undefined): Promise<DiagramModel> {
  const file = cacheDir && join(cacheDir, `${hash}-${MODEL_VERSION}.json`);
  if (file) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as DiagramModel;
    } catch {
      // not cached yet
    }
  }
  const model = await parseDiagram(source);
  if (file) {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(`${file}.${process.pid}`, JSON.stringify(model));
    renameSync(`${file}.${process.pid}`, file);
  }
  return model;
}

/** A node label without its emoji: `👁️ Vision` → `Vision`. */
export function plainLabel(label: string): string {
  return label.replace(EMOJI, '').replace(/\s+/g, ' ').trim();
}

/** `P7: DiffDis: Empowering …` → label `P7`, title `DiffDis: Empowering …`. */
export function splitSource(text: string): Pick<DiagramSource, 'label' | 'title'> {
  const m = /^([A-Z]{0,3}\d+[a-z]?)\s*[:.)\]-]\s*(.+)$/u.exec(text.trim());
  return m ? { label: m[1], title: m[2]!.trim() } : { title: text.trim() };
}

function titleOf(src: PageSource, facts: BodyFacts): string {
  return src.data.title ?? facts.h1 ?? src.relPath.split('/').pop()!.replace(/\.(md|markdown)$/i, '');
}

/** `autolink=false` in a fence's meta string: its nodes link only through `click` lines (e.g. a chart of key words). */
function fenceAutolink(meta: string | null | undefined): boolean {
  return !/(?:^|\s)autolink=(?:"false"|'false'|false)(?:\s|$)/.test(meta ?? '');
}

/** `title="My tree"` or `title=tree` in a fence's meta string. */
function fenceTitle(meta: string | null | undefined): string | undefined {
  const m = /(?:^|\s)title=(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(meta ?? '');
  return m ? (m[1] ?? m[2] ?? m[3])?.trim() || undefined : undefined;
}

interface ParsedPage {
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
    const headings: Heading[] = facts.headings.map((h) => ({ depth: h.depth, text: h.text, anchor: h.anchor, line: h.line + offset }));
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
  const matcher = new TermMatcher(terms.flatMap((t) => [t.term, ...t.aliases].map((name) => ({ slug: t.slug, name }))));

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

  // 2. Diagrams: ids, models from mermaid's parser, node targets.
  const diagrams: GraphDiagram[] = [];
  const unresolvedNodes: string[] = [];
  for (const p of parsed) {
    const ids = new Set<string>();
    for (const [i, node] of p.facts.fences.entries()) {
      const { heading } = node;
      const primary = p.page.kind === 'tree' && i === 0;
      const autolink = fenceAutolink(node.meta);
      const title = fenceTitle(node.meta) ?? (primary ? p.page.title : heading) ?? `Diagram ${i + 1}`;
      const wanted = fenceTitle(node.meta) ? anchorFor(fenceTitle(node.meta)!) : heading ? `${anchorFor(heading)}-diagram` : `diagram-${i + 1}`;
      let id = wanted;
      for (let n = 2; ids.has(id) || p.anchors.has(id); n++) id = `${wanted}-${n}`;
      ids.add(id);
      p.anchors.add(id);
      const line = node.line + p.src.bodyStartLine; // fence line + 1
      const diagram: GraphDiagram = {
        key: `${p.page.kind}:${p.page.slug}#${id}`,
        page: { kind: p.page.kind, slug: p.page.slug },
        id,
        index: i,
        title,
        file: p.src.file,
        line,
        source: node.value,
        hash: sourceHash(node.value),
        type: 'unknown',
        primary,
        nodes: [],
        edges: [],
        sources: [],
      };
      let model: DiagramModel | undefined;
      try {
        model = await parseCached(node.value, diagram.hash, options.cacheDir);
      } catch (err) {
        if (/^Edge limit exceeded/.test((err as Error).message)) problems.error(p.src.file, line, `diagram has more than ${MAX_DIAGRAM_EDGES} edges; Arbor draws at most ${MAX_DIAGRAM_EDGES} edges per diagram`, 'split it into smaller diagrams, e.g. one per branch');
        else if (err instanceof DiagramSyntaxError) problems.error(p.src.file, line + err.line - 1, `invalid Mermaid: ${err.message}`, 'quote labels with parentheses or $ like A["f(x)"]; see mermaid.js.org/syntax/flowchart');
        else problems.error(p.src.file, line, `invalid Mermaid: ${(err as Error).message}`);
      }
      if (model && model.nodes.length > MAX_DIAGRAM_NODES) {
        problems.error(p.src.file, line, `diagram has ${model.nodes.length.toLocaleString('en')} nodes; Arbor draws at most ${MAX_DIAGRAM_NODES} nodes per diagram`, 'split it into smaller diagrams, e.g. one per branch');
        model = undefined;
      } else if (model && node.value.length > MAX_DIAGRAM_CHARS) {
        problems.error(p.src.file, line, `diagram source is ${node.value.length.toLocaleString('en')} characters; mermaid draws at most ${MAX_DIAGRAM_CHARS.toLocaleString('en')}`, 'split it into smaller diagrams or shorten its labels');
        model = undefined;
      }
      if (model) {
        for (const w of model.warnings) problems.warn(p.src.file, line, `Mermaid: ${w}`);
        diagram.type = model.type;
        diagram.sources = model.sources.map((text) => {
          const s: DiagramSource = { text, ...splitSource(text) };
          const r = index.resolve(s.title, ['note']);
          if (r.status === 'ok') s.paper = r.target;
          return s;
        });
        const sourceIndex = new Map(model.sources.map((s, n) => [s, n]));
        diagram.edges = model.edges.map((e) => ({ id: e.id, from: e.from, to: e.to, label: e.label, source: e.source !== undefined ? sourceIndex.get(e.source) : undefined }));
        diagram.nodes = model.nodes.map((n) => {
          const anchor = primary ? `node-${n.id}` : `${id}-node-${n.id}`;
          p.anchors.add(anchor);
          const info: GraphDiagram['nodes'][number] = { id: n.id, label: n.label, shape: n.shape, anchor };
          if (n.link && /^[a-z][a-z0-9+.-]*:/i.test(n.link)) info.external = n.link;
          const byName: [string, ReadonlyArray<'term' | 'note' | 'tree'>][] = autolink
            ? [
                [n.id, ['term']],
                [plainLabel(n.label), ['term']],
                [plainLabel(n.label), ['note', 'tree']],
              ]
            : [];
          const tryNames: [string, ReadonlyArray<'term' | 'note' | 'tree'>, boolean][] = [
            ...(n.link && !info.external ? [[n.link, ['term', 'note', 'tree'], true] as [string, ReadonlyArray<'term' | 'note' | 'tree'>, boolean]] : []),
            ...byName.map(([name, kinds]) => [name, kinds, false] as [string, ReadonlyArray<'term' | 'note' | 'tree'>, boolean]),
          ];
          for (const [name, kinds, explicit] of tryNames) {
            if (!name) continue;
            const r = index.resolve(name, kinds, 'term');
            // A node is never linked by its name to the page it is drawn on (a tree's root named
            // like the tree, a paper's key-word chart naming the paper); a click line may still.
            if (r.status === 'ok' && (explicit || !(r.target.kind === p.page.kind && r.target.slug === p.page.slug))) {
              info.target = r.target;
              break;
            }
          }
          if (!info.target && !info.external && autolink) unresolvedNodes.push(`${p.src.file}: ${diagram.id}: ${n.id} "${plainLabel(n.label)}"`);
          return info;
        });
      }
      p.diagrams.push(diagram);
      p.page.diagrams.push(diagram.key);
      p.plan.diagrams.push({ offset: node.offset, key: diagram.key });
      diagrams.push(diagram);
    }
  }

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
      'add a glossary term with the node id as alias, or a click line',
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

