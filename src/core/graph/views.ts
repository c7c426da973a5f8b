/**
 * What each page shows, as a small typed view: the page's own fields and the part of the graph it
 * displays (backlinks with their sentences, diagrams it appears in, its tree's text version).
 * Pages get these through their content entries, never the whole graph, so a page's data and HTML
 * grow with what it shows, not with the size of the knowledge base.
 */
import { toHtml } from 'hast-util-to-html';
import { slugifySegment, withBase, type Href } from '../paths.ts';
import { readingMinutes } from '../content/dates.ts';
import { diagramText } from './diagram-text.ts';
import { appearsInDiagrams, backlinks, findPage, findTerm, mentionsOf, primaryDiagram } from './query.ts';
import { relatedPages, relatedReason } from './related.ts';
import type { GraphPage, GraphTerm, Heading, KnowledgeGraph } from './types.ts';

/** A page as lists show it (indexes, tag pages, "mentioned in"). */
export interface PageCard {
  kind: 'note' | 'tree';
  slug: string;
  title: string;
  href: Href;
  summary?: string;
  isPaper: boolean;
}

export interface BacklinkView {
  kind: 'note' | 'tree' | 'term';
  title: string;
  href: string;
  /** Up to two sentences around the links. */
  contexts: string[];
}

export interface AppearanceView {
  /** `Tree title` or `Page title › Diagram title`. */
  title: string;
  href: string;
  nodes: { label: string; href: string }[];
}

export interface PageView extends PageCard {
  tags: string[];
  description?: string;
  authors?: string[];
  date?: string;
  url?: string;
  /** When the page last changed (ISO 8601): its file's last commit, else frontmatter `updated`, else `date`. */
  updated?: string;
  /** Minutes to read the body, at least 1. */
  readingMinutes: number;
  /** "Edit this page": the site's `repository` prefix and the file's path in the content folder. */
  editUrl?: string;
  headings: Heading[];
  diagramCount: number;
  /** The HTML of a tree page's text version of its tree (escaped by hast-util-to-html). */
  treeText?: string;
  backlinks: BacklinkView[];
  appearsIn: AppearanceView[];
  /** Alias URLs (`<folder>/<alias-slug>`) that redirect to this page. */
  redirects: string[];
  /** The page's link-preview image (og:image), when the build draws them (a site `url`, a browser, not `astro dev`). */
  preview?: PreviewImage;
  /** Where the page is: Home, Topics or Trees, its folders, itself (last, no href). */
  breadcrumbs: Crumb[];
  /** Up to five other pages sharing tags, links or terms with this one, best first. */
  related: RelatedView[];
}

/** One step of the breadcrumb trail; a folder without a page of its own has no `href`. */
export interface Crumb {
  label: string;
  href?: string;
}

export interface RelatedView {
  title: string;
  href: string;
  /** Why it is listed: "2 shared tags, links here". */
  reason: string;
}

/** A preview image: `href` under the base (the head makes it absolute), its size in pixels, its alt text. */
export interface PreviewImage {
  href: string;
  width: number;
  height: number;
  alt: string;
}

/** A term as its entry and its page show it (`href` is its entry on the glossary page, `/glossary/#slug`). */
export interface TermView extends Pick<GraphTerm, 'slug' | 'term' | 'aliases' | 'emoji' | 'kind' | 'short' | 'definition' | 'tags' | 'href'> {
  related: { name: string; href?: Href }[];
  appearsIn: AppearanceView[];
  backlinks: BacklinkView[];
  mentions: PageCard[];
}

/** More than this many backlinks show their titles only: a hub note's page stays light. */
export const BACKLINK_CONTEXTS_UP_TO = 40;

export const pageCard = (p: GraphPage): PageCard => ({ kind: p.kind, slug: p.slug, title: p.title, href: p.href, isPaper: p.isPaper, ...(p.summary ? { summary: p.summary } : {}) });

function backlinkViews(graph: KnowledgeGraph, to: { kind: 'note' | 'tree' | 'term'; slug: string }): BacklinkView[] {
  const all = backlinks(graph, to);
  return all.map((b) => ({ kind: b.kind, title: b.title, href: b.href, contexts: all.length > BACKLINK_CONTEXTS_UP_TO ? [] : b.contexts.slice(0, 2) }));
}

function appearanceViews(graph: KnowledgeGraph, to: { kind: 'note' | 'tree' | 'term'; slug: string }): AppearanceView[] {
  return appearsInDiagrams(graph, to).map((a) => ({
    title: a.diagram.primary ? a.page.title : `${a.page.title} › ${a.diagram.title}`,
    href: `${a.page.href}#${a.diagram.id}`,
    nodes: a.nodes.map((n) => ({ label: n.label, href: n.href })),
  }));
}

/** What the page's view carries besides the graph: its date and edit link, which the build knows. */
export interface PageMeta {
  updated?: string;
  editUrl?: string;
}

/** An edit URL: the prefix, then the file's path in the content folder with each segment URL-encoded. */
export function editUrl(prefix: string, path: string): string {
  return prefix + path.split('/').map(encodeURIComponent).join('/');
}

/**
 * The trail to a page: Home, its section's index, each folder of its slug (linked when a page of
 * the same kind has that folder's slug, `folder/index.md` or `folder.md`), then the page itself.
 * Folders are named as the content folder spells them when the file path shows it, else by slug.
 */
export function breadcrumbs(graph: KnowledgeGraph, page: GraphPage): Crumb[] {
  const crumbs: Crumb[] = [
    { label: 'Home', href: withBase(graph.base, '') },
    page.kind === 'tree' ? { label: 'Trees', href: withBase(graph.base, 'trees/') } : { label: 'Topics', href: withBase(graph.base, 'topics/') },
  ];
  const segments = page.slug.split('/');
  const folders = segments.slice(0, -1);
  // The file's folders as written: the last `folders.length` folders of its path (`index.md` sits one deeper).
  const fileParts = page.file.replace(/\\/g, '/').replace(/\.(md|markdown)$/i, '').split('/');
  if (fileParts.length > 1 && slugifySegment(fileParts[fileParts.length - 1]!) === 'index' && slugifySegment(fileParts[fileParts.length - 2]!) === segments[segments.length - 1]) fileParts.pop();
  const written = fileParts.slice(-1 - folders.length, -1);
  folders.forEach((folder, i) => {
    const name = written[i];
    const label = name !== undefined && slugifySegment(name) === folder ? name : folder;
    const own = findPage(graph, { kind: page.kind, slug: segments.slice(0, i + 1).join('/') });
    crumbs.push(own ? { label, href: own.href } : { label });
  });
  crumbs.push({ label: page.title });
  return crumbs;
}

/** The related pages of a page, as its view carries them (title, link, reason). */
export function relatedViews(graph: KnowledgeGraph, page: GraphPage): RelatedView[] {
  return relatedPages(graph, page).flatMap((r) => {
    const other = findPage(graph, r.ref);
    return other ? [{ title: other.title, href: other.href, reason: relatedReason(r) }] : [];
  });
}

export function pageView(graph: KnowledgeGraph, page: GraphPage, redirects: string[] = [], meta: PageMeta = {}): PageView {
  const primary = primaryDiagram(graph, page);
  return {
    ...pageCard(page),
    tags: page.tags,
    ...(page.description ? { description: page.description } : {}),
    ...(page.authors ? { authors: page.authors } : {}),
    ...(page.date ? { date: page.date } : {}),
    ...(page.url ? { url: page.url } : {}),
    ...(meta.updated ? { updated: meta.updated } : {}),
    readingMinutes: readingMinutes(page.words),
    ...(meta.editUrl ? { editUrl: meta.editUrl } : {}),
    headings: page.headings,
    diagramCount: page.diagrams.length,
    ...(primary ? { treeText: toHtml(diagramText(primary, (slug) => findTerm(graph, slug), true)) } : {}),
    backlinks: backlinkViews(graph, page),
    appearsIn: appearanceViews(graph, page),
    redirects,
    breadcrumbs: breadcrumbs(graph, page),
    related: relatedViews(graph, page),
  };
}

export function termView(graph: KnowledgeGraph, term: GraphTerm): TermView {
  return {
    slug: term.slug,
    term: term.term,
    aliases: term.aliases,
    ...(term.emoji ? { emoji: term.emoji } : {}),
    kind: term.kind,
    ...(term.short ? { short: term.short } : {}),
    definition: term.definition,
    tags: term.tags,
    href: term.href,
    related: term.related.map((r) => ({ name: r.name, ...(r.target ? { href: r.target.href } : {}) })),
    appearsIn: appearanceViews(graph, { kind: 'term', slug: term.slug }),
    backlinks: backlinkViews(graph, { kind: 'term', slug: term.slug }),
    mentions: mentionsOf(graph, term).map(pageCard),
  };
}

/** One term in the glossary's data file (`/glossary/terms.json`), which Pagefind indexes. */
export interface GlossaryRecord {
  term: string;
  aliases: string[];
  emoji?: string;
  short?: string;
  definition: string;
  tags: string[];
  href: string;
}

/** Each tag with its pages (A–Z), most used first. A Map: no tag (`constructor`, `__proto__`) can reach Object.prototype. */
export function tagIndex<T extends { title: string; tags: string[] }>(pages: T[]): { tag: string; pages: T[] }[] {
  const tags = new Map<string, T[]>();
  for (const p of pages) for (const t of new Set(p.tags)) tags.set(t, [...(tags.get(t) ?? []), p]);
  return [...tags].map(([tag, list]) => ({ tag, pages: list.sort((a, b) => a.title.localeCompare(b.title)) })).sort((a, b) => b.pages.length - a.pages.length || a.tag.localeCompare(b.tag));
}
