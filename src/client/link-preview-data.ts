/**
 * The pure half of link previews (src/client/link-preview.ts): which links get a preview, which
 * page to fetch for one, and what a preview shows, read from that page once parsed. No globals,
 * so jsdom unit tests call it directly.
 */

export interface PreviewTarget {
  /** The page to fetch: same origin, no hash. */
  url: string;
  kind: 'page' | 'term';
  /** The term's slug, for a glossary link. */
  term?: string;
}

export interface Preview {
  title: string;
  /** The summary (or the first paragraph); for a term its short definition. */
  text: string;
  /** For a term, the first paragraph of its definition, when it says more than `text`. */
  more?: string;
  /** The first diagram's SVG, cloned, and the page's inline stylesheet it needs (its colours). */
  figure?: { svg: Element; css: string };
}

const MAX_TEXT = 320;

/**
 * The preview target of a link's href, or null: a note (`<base>topics/…/`), a tree
 * (`<base>trees/…/`) or a glossary term (`<base>glossary/#slug`, `<base>glossary/<slug>/`) on this
 * origin, other than the page it is on. Index pages, tags, search and the glossary itself are not.
 */
export function previewTarget(href: string, here: string, base: string): PreviewTarget | null {
  let url: URL;
  let at: URL;
  try {
    at = new URL(here);
    url = new URL(href, at);
  } catch {
    return null;
  }
  if (url.origin !== at.origin || url.search || !url.pathname.startsWith(base)) return null;
  const rest = url.pathname.slice(base.length);
  const page = `${url.origin}${url.pathname}`;
  if (rest === 'glossary/' || rest === 'glossary') {
    const slug = decodeURIComponent(url.hash.slice(1));
    return slug && !slug.includes('/') ? { url: `${url.origin}${base}glossary/${encodeURIComponent(slug)}/`, kind: 'term', term: slug } : null;
  }
  const term = /^glossary\/([^/]+)\/?$/.exec(rest);
  if (term && !term[1]!.includes('.')) return { url: `${url.origin}${base}glossary/${term[1]}/`, kind: 'term', term: decodeURIComponent(term[1]!) };
  if (!/^(topics|trees)\/[^?#]+/.test(rest) || /\.[a-z0-9]+$/i.test(rest)) return null;
  if (page === `${at.origin}${at.pathname}`) return null;
  return { url: page.endsWith('/') ? page : `${page}/`, kind: 'page' };
}

const squash = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

function clip(s: string): string {
  if (s.length <= MAX_TEXT) return s;
  const cut = s.slice(0, MAX_TEXT);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), MAX_TEXT - 40))}…`;
}

/** Text of an element as a reader sees it: without KaTeX's MathML copy and hidden tooltips. */
function readable(el: Element | null | undefined): string {
  if (!el) return '';
  const copy = el.cloneNode(true) as Element;
  for (const x of copy.querySelectorAll('.katex-mathml, .term-tip, [aria-hidden="true"], script, style')) x.remove();
  return squash(copy.textContent);
}

function firstParagraph(root: ParentNode | null | undefined): string {
  for (const p of root?.querySelectorAll('p') ?? []) {
    const t = readable(p);
    if (t) return t;
  }
  return '';
}

/** What a preview of `target` shows, read from its page; null when the page holds none. */
export function extractPreview(doc: Document, target: PreviewTarget): Preview | null {
  const main = doc.querySelector('main') ?? doc.body;
  if (!main) return null;
  if (target.kind === 'term') {
    // The term's own page, else its entry in the glossary (`section#slug`).
    const entry = main.querySelector('.page-term') ?? [...main.querySelectorAll('section.term')].find((s) => s.id === target.term);
    if (!entry) return null;
    const title = readable(entry.querySelector('.term-name, h1'));
    const short = readable(entry.querySelector('.short'));
    const first = firstParagraph(entry.querySelector('.definition'));
    const text = short || first;
    if (!title && !text) return null;
    return { title, text: clip(text), ...(short && first && first !== short ? { more: clip(first) } : {}) };
  }
  const title = readable(main.querySelector('h1')) || squash(doc.title);
  const prose = main.querySelector('.prose');
  const first = firstParagraph(prose);
  const description = squash(doc.querySelector('meta[name="description"]')?.getAttribute('content'));
  // The description is the summary, else the first sentence: then the paragraph says more.
  const text = description && !first.startsWith(description.replace(/…$/, '')) ? description : first || description;
  const svg = main.querySelector('figure.diagram svg[data-diagram]');
  const css = [...doc.querySelectorAll('head style')].map((s) => s.textContent ?? '').join('\n');
  if (!title && !text) return null;
  return { title, text: clip(text), ...(svg ? { figure: { svg: svg.cloneNode(true) as Element, css } } : {}) };
}
