/**
 * What raw HTML in a note may do. By default the author's HTML is parsed and sanitized the way
 * GitHub renders Markdown (hast-util-sanitize's GitHub schema), widened to what notes use and to the
 * attributes Arbor's own Markdown plugins and Shiki put on links, headings, tooltips and code.
 * Diagrams and KaTeX are added after this step, so nothing Arbor draws is sanitized away.
 *
 * Then one check over the page's final tree drops every URL attribute whose scheme can run script
 * or carry a document (`javascript:`, `vbscript:`, `data:`), whichever Markdown construct
 * (paragraph, heading, autolink, table, glossary body) or tag produced it.
 *
 * A site whose authors are trusted sets `rawHtml: 'trusted'`: their HTML is kept as written.
 */
import type { Element, Root } from 'hast';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import type { VFile } from 'vfile';
import { EXIT, visit } from 'unist-util-visit';

/** `sanitize` (the default): author HTML is filtered; `trusted`: kept as written (a site whose authors you trust). */
export type RawHtmlPolicy = 'sanitize' | 'trusted';

// A style attribute may set colours and layout, but nothing that loads a URL or runs script
// (`url(`, `image-set(`, IE's `expression(` and `behavior:`, `@import`), and no CSS escapes
// that could spell those words in disguise.
const SAFE_STYLE = /^(?![\s\S]*(?:url\s*\(|image-set|expression\s*\(|@import|behavior\s*:|-moz-binding|javascript:|\\))[\s\S]*$/i;

const base = defaultSchema;

/** The schema: GitHub's, plus the elements notes use and the attributes Arbor's plugins add. */
export const sanitizeSchema: SanitizeSchema = {
  ...base,
  tagNames: [...(base.tagNames ?? []), 'abbr', 'caption', 'cite', 'col', 'colgroup', 'dfn', 'figcaption', 'figure', 'mark', 'small', 'time', 'u', 'wbr', 'center', 'arbor-diagram'],
  attributes: {
    ...base.attributes,
    '*': [...(base.attributes?.['*'] ?? []), 'className', ['style', SAFE_STYLE], 'ariaHidden', 'ariaLabel'],
    // Wikilinks, embed cards and glossary term links (render/apply-plan.ts).
    // (GitHub's own entry for `a` allows one class only, for footnotes; a tag's entry wins over '*'.)
    a: [...(base.attributes?.a ?? []).filter((d) => !(Array.isArray(d) && d[0] === 'className')), 'className', 'dataKind', 'dataTerm', 'rel'],
    // Term tooltips and broken links.
    span: ['role', 'dataPagefindIgnore'],
    // remark-math's nodes, which rehype-katex turns into formulas after this step.
    code: [['className', /^language-./, /^math-/]],
    pre: ['dataLanguage', 'tabIndex'],
    // The placeholder remark-diagrams leaves for each diagram; rehype-diagrams replaces it.
    'arbor-diagram': ['dataDiagramKey'],
    img: [...(base.attributes?.img ?? []), 'loading', 'decoding'],
  },
  // Heading anchors are part of every deep link, so ids are kept as written (Arbor's own page
  // chrome uses `arbor-` ids); `name` is still prefixed, so no image can clobber a DOM global.
  clobber: ['name'],
  protocols: {
    ...base.protocols,
    href: [...(base.protocols?.href ?? []), 'tel'],
  },
  // The contents of these elements are dropped with them, not shown as text.
  strip: ['script', 'style', 'iframe', 'object', 'embed', 'noscript', 'template', 'textarea', 'select', 'title'],
};

/** URL-valued attributes (hast property names) that the final check looks at. */
const URL_PROPERTIES = ['href', 'src', 'xLinkHref', 'action', 'formAction', 'poster', 'cite', 'background', 'data', 'longDesc', 'srcSet', 'ping', 'manifest', 'codeBase'] as const;

/** The scheme a browser would see: it ignores ASCII control characters and whitespace inside it. */
export function urlScheme(url: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const cleaned = url.replace(/[\u0000-\u0020\u007f]/g, '').toLowerCase();
  const m = /^([a-z][a-z0-9+.-]*):/.exec(cleaned);
  return m?.[1];
}

const SCRIPT_SCHEMES = new Set(['javascript', 'vbscript', 'data', 'livescript', 'mocha']);

/** False for a URL that can run script or carry a document of its own. */
export function isSafeUrl(url: string): boolean {
  const scheme = urlScheme(url);
  return !scheme || !SCRIPT_SCHEMES.has(scheme);
}

/** The final check: no element keeps a script-capable URL or an event-handler attribute. */
export function rehypeUrlGuard(policy: RawHtmlPolicy = 'sanitize') {
  return (tree: Root) => {
    if (policy === 'trusted') return;
    visit(tree, 'element', (node: Element) => {
      const props = node.properties;
      for (const key of Object.keys(props)) {
        // Event handlers can only come from trusted raw HTML; the guard still drops them.
        if (/^on/i.test(key)) delete props[key];
      }
      for (const key of URL_PROPERTIES) {
        const value = props[key];
        if (value === undefined || value === null) continue;
        const values = Array.isArray(value) ? value.map(String) : [String(value)];
        if (values.some((v) => !isSafeUrl(key === 'srcSet' ? v.trim().split(/\s+/)[0] ?? '' : v))) delete props[key];
      }
    });
  };
}

/**
 * The first rehype step: the author's HTML (hast `raw` nodes, which may open a tag in one node and
 * close it in another) is parsed into elements, then sanitized. A page without raw HTML is left
 * as it is: Markdown alone yields only safe elements, and the URL guard sees its links.
 */
export function rehypeAuthorHtml(policy: RawHtmlPolicy = 'sanitize') {
  const parse = rehypeRaw();
  const clean = rehypeSanitize(sanitizeSchema);
  return (tree: Root, file: VFile): Root | undefined => {
    let hasRaw = false;
    visit(tree, 'raw', () => {
      hasRaw = true;
      return EXIT;
    });
    if (!hasRaw) return undefined;
    const parsed = parse(tree, file);
    return policy === 'trusted' ? parsed : clean(parsed);
  };
}
