/**
 * The knowledge graph: everything one build knows about the content, built once from data
 * alone and serialisable; pages see only their views of it (views.ts).
 */
import type { Href } from '../paths.ts';

export type EntityKind = 'note' | 'tree' | 'term';

/** Where a name resolved to. `anchor` is set for terms and heading/node links. */
export interface LinkTarget {
  kind: EntityKind;
  /** Page slug for notes/trees, term slug (its glossary anchor) for terms. */
  slug: string;
  anchor?: string;
  title: string;
  href: Href;
}

/** A piece of a heading: text as written, or inline TeX (rendered where the heading is shown). */
export type HeadingPart = { text: string } | { math: string };

export interface Heading {
  depth: number;
  /** Plain text (TeX as written): what the anchor is made from. */
  text: string;
  /** Set when the heading holds inline math. */
  parts?: HeadingPart[];
  anchor: string;
  line: number;
}

export interface GraphPage {
  kind: 'note' | 'tree';
  slug: string;
  file: string;
  title: string;
  aliases: string[];
  tags: string[];
  summary?: string;
  description?: string;
  authors?: string[];
  date?: string;
  url?: string;
  isPaper: boolean;
  autolink: boolean;
  href: Href;
  headings: Heading[];
  /** Keys of the diagrams on this page, in document order. */
  diagrams: string[];
  words: number;
}

export interface GraphTerm {
  slug: string;
  term: string;
  aliases: string[];
  emoji?: string;
  kind: 'concept' | 'relationship' | 'term';
  short?: string;
  related: { name: string; target?: LinkTarget }[];
  tags: string[];
  file: string;
  href: Href;
  /** Plain-text definition (first paragraph of the body), for tooltips and search. */
  definition: string;
}

export interface DiagramNodeInfo {
  id: string;
  label: string;
  shape: string;
  /** The element id of the node on its page (`node-VI`, `moe-node-E1`). */
  anchor: string;
  target?: LinkTarget;
  /** An external link from a `click` line. */
  external?: string;
}

export interface DiagramEdgeInfo {
  /** mermaid's edge id (`L_MM_VI_0`), carried by the drawn edge. */
  id?: string;
  from: string;
  to: string;
  label: string;
  /** Index into the diagram's `sources`. */
  source?: number;
}

export interface DiagramSource {
  /** The comment text, e.g. `P7: DiffDis: Empowering …`. */
  text: string;
  /** `P7`, when the comment has such a label. */
  label?: string;
  /** The text after the label. */
  title: string;
  paper?: LinkTarget;
}

export interface GraphDiagram {
  /** `<kind>:<page slug>#<diagram id>`, unique in the build. */
  key: string;
  page: { kind: 'note' | 'tree'; slug: string };
  id: string;
  index: number;
  title: string;
  file: string;
  /** Line of the first line of the Mermaid source inside the Markdown file. */
  line: number;
  /** The Mermaid source as written (shown where no drawing was made). */
  source: string;
  /** The source as drawn, with its layout written in (core/diagrams/layout.ts), when that differs. */
  drawn?: string;
  /** Content hash of what is drawn (the render cache key). */
  hash: string;
  /** Diagram type from mermaid's parser (`flowchart-v2`, `sequence`, …). */
  type: string;
  /** True for the tree of a tree page: its nodes get `node-<id>` anchors. */
  primary: boolean;
  nodes: DiagramNodeInfo[];
  edges: DiagramEdgeInfo[];
  sources: DiagramSource[];
}

/** A page, or a glossary term (whose body is rendered on /glossary/), that links somewhere. */
export interface LinkSource {
  kind: EntityKind;
  /** Page slug, or the term's slug (its glossary anchor). */
  slug: string;
}

export interface GraphLink {
  from: LinkSource;
  to: LinkTarget;
  text: string;
  /** The sentence or paragraph around the link, for backlinks. */
  context: string;
  file: string;
  line: number;
  via: 'wikilink' | 'embed' | 'markdown' | 'node';
}

/** An old or other name of a page kept as a URL: `/topics/<alias-slug>/` redirects to the page. */
export interface GraphRedirect {
  kind: 'note' | 'tree';
  /** Slug the redirect page is written at. */
  slug: string;
  to: Href;
  title: string;
}

export interface KnowledgeGraph {
  base: string;
  redirects: GraphRedirect[];
  pages: GraphPage[];
  terms: GraphTerm[];
  diagrams: GraphDiagram[];
  links: GraphLink[];
  /**
   * Each tag with the pages carrying it. Lists, not objects keyed by content text: a tag or term
   * named `constructor` or `__proto__` would read or set Object.prototype, here and wherever the
   * graph is rebuilt from JSON.
   */
  tags: GraphTag[];
  /** Each term mentioned somewhere, with the pages whose text mentions it. */
  mentions: GraphMention[];
}

export type PageRef = { kind: 'note' | 'tree'; slug: string };

export interface GraphTag {
  tag: string;
  pages: PageRef[];
}

export interface GraphMention {
  /** The term's slug. */
  term: string;
  pages: PageRef[];
}

/**
 * How to render one Markdown body (a page's or a glossary term's), decided by the analysis: every
 * entry names a node of the body's Markdown tree by the offset where it starts in the body, so the
 * renderer, which parses the same text with the same syntax, applies it without resolving anything.
 */
export interface RenderPlan {
  /** `[[wikilinks]]` and `![[embeds]]`: a link, an embed card, or (no href) a broken-link span. */
  wikiLinks: PlannedWikiLink[];
  /** Links to other `.md` files, rewritten to their page URLs. */
  fileLinks: { offset: number; href: Href }[];
  /** The first mention of each glossary term, linked with its definition as a tooltip. */
  mentions: PlannedMention[];
  headings: { offset: number; anchor: string }[];
  /** Each ```mermaid fence of the page, by the key of its diagram. */
  diagrams: { offset: number; key: string }[];
}

/** A plan that changes nothing: a body with no links, mentions, headings or diagrams to apply. */
export const emptyPlan = (): RenderPlan => ({ wikiLinks: [], fileLinks: [], mentions: [], headings: [], diagrams: [] });

export interface PlannedWikiLink {
  offset: number;
  /** The text shown. */
  text: string;
  href?: Href;
  kind: EntityKind;
  /** For an embed: the target's summary, shown in the card. */
  embed?: { summary: string };
}

export interface PlannedMention {
  /** Offset of the text node holding the mention; `start`/`end` are within its value. */
  offset: number;
  start: number;
  end: number;
  term: string;
  href: Href;
  /** The tooltip (the term's short definition) and its element id, unique on the page. */
  tip?: { id: string; text: string };
}
