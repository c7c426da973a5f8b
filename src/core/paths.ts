/**
 * Branded path types (after Quartz): a slug is not any string, and an href always carries
 * the configured base. Converting between them goes through these functions only.
 */
import { dirname, join } from 'node:path';
import { slug as githubSlug } from 'github-slugger';

/** Page slug, e.g. `papers/diffdis` (no leading/trailing slash, lower-case). */
export type Slug = string & { readonly __brand: 'Slug' };
/** Fragment identifier inside a page, without `#`. */
export type Anchor = string & { readonly __brand: 'Anchor' };
/** A URL path that already includes the site base, e.g. `/kb/topics/attention/`. */
export type Href = string & { readonly __brand: 'Href' };

export type PageKind = 'note' | 'tree';

/** One path segment to a slug: GitHub's heading slugger, so the same rules as heading anchors. */
export function slugifySegment(segment: string): string {
  return githubSlug(segment.normalize('NFC')).replace(/^-+|-+$/g, '') || 'untitled';
}

/** `Papers/DiffDis Paper.md` → `papers/diffdis-paper`. */
export function slugFromPath(relativePath: string): Slug {
  const withoutExt = relativePath.replace(/\\/g, '/').replace(/\.(md|markdown)$/i, '');
  const segments = withoutExt.split('/').filter(Boolean).map(slugifySegment);
  const last = segments[segments.length - 1];
  // `folder/index.md` is the folder's own page.
  if (segments.length > 1 && last === 'index') segments.pop();
  return segments.join('/') as Slug;
}

export function anchorFor(text: string): Anchor {
  return slugifySegment(text) as Anchor;
}

/** Normalise a configured base to `/` or `/kb/`. */
export function normaliseBase(base: string | undefined): string {
  const trimmed = (base ?? '/').trim().replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

/** Join the base and a site path (`topics/x/`), keeping exactly one slash between parts. */
export function withBase(base: string, path: string): Href {
  return (normaliseBase(base) + path.replace(/^\/+/, '')) as Href;
}

export function pagePath(kind: PageKind, slug: Slug): string {
  return `${kind === 'tree' ? 'trees' : 'topics'}/${slug}/`;
}

export function glossaryPath(anchor?: string): string {
  return anchor ? `glossary/#${anchor}` : 'glossary/';
}

/** `https:`, `mailto:`, `//host`…: a link that leaves the site. */
export function isExternalUrl(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:|^\/\//i.test(url.trim());
}

/**
 * A relative link to another Markdown file (`sub/b.md#part`), as the absolute path of that
 * file and the fragment; undefined for every other kind of link.
 */
export function markdownLinkFile(fromFile: string, url: string): { file: string; path: string; fragment?: string } | undefined {
  if (isExternalUrl(url)) return undefined;
  const [path = '', fragment] = url.trim().split('#', 2);
  if (!/\.(md|markdown)$/i.test(decodeURI(path))) return undefined;
  return { file: join(dirname(fromFile), decodeURI(path)), path, fragment };
}

