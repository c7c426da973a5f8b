/**
 * Checks every internal link and `#anchor` of a built site: each `href`/`src` under the base
 * must name a file in the output, and each fragment an element id on that page. Run by the
 * tests over the real content and the fixtures.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import type { Element } from 'hast';
import { isExternalUrl } from './paths.ts';

export interface BrokenLink {
  page: string;
  href: string;
  reason: string;
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.html'))
    .map((f) => f.split(sep).join('/'));
}

/** `/kb/topics/a/` → `topics/a/index.html`; undefined when outside the base. */
function fileFor(pathname: string, base: string): string | undefined {
  if (!pathname.startsWith(base)) return undefined;
  const rest = decodeURIComponent(pathname.slice(base.length));
  return rest === '' || rest.endsWith('/') ? `${rest}index.html` : rest;
}

export function checkLinks(dist: string, base = '/'): { pages: number; links: number; broken: BrokenLink[] } {
  const files = htmlFiles(dist);
  const ids = new Map<string, Set<string>>();
  const refs: { page: string; href: string }[] = [];
  for (const file of files) {
    const tree = fromHtml(readFileSync(join(dist, file), 'utf8'));
    const pageIds = new Set<string>();
    visit(tree, 'element', (el: Element) => {
      const id = el.properties.id;
      if (typeof id === 'string') pageIds.add(id);
      const ref = el.tagName === 'a' || el.tagName === 'link' ? el.properties.href : el.tagName === 'img' || el.tagName === 'script' ? el.properties.src : undefined;
      // `<link rel=preconnect|canonical>` and the like may point elsewhere; stylesheets and icons must exist.
      const checked = el.tagName !== 'link' || /stylesheet|icon|modulepreload/.test(String(el.properties.rel ?? ''));
      if (typeof ref === 'string' && checked) refs.push({ page: file, href: ref });
    });
    ids.set(file, pageIds);
  }
  const all = new Set(readdirSync(dist, { recursive: true, encoding: 'utf8' }).map((f) => f.split(sep).join('/')));
  const broken: BrokenLink[] = [];
  for (const { page, href } of refs) {
    if (isExternalUrl(href) || href === '') continue;
    const url = new URL(href, `http://site${base}${page.replace(/index\.html$/, '')}`);
    const target = fileFor(url.pathname, base);
    if (!target) {
      broken.push({ page, href, reason: `outside the base ${base}` });
      continue;
    }
    if (!all.has(target) && !all.has(`${target}/index.html`)) {
      broken.push({ page, href, reason: 'no such page or file' });
      continue;
    }
    const fragment = decodeURIComponent(url.hash.slice(1));
    if (fragment && target.endsWith('.html') && !ids.get(target)?.has(fragment)) broken.push({ page, href, reason: `no element with id "${fragment}"` });
  }
  return { pages: files.length, links: refs.length, broken };
}
