/**
 * What a browser loads for one built page before anyone uses search, found statically from the
 * files in `dist/`:
 *
 * - HTML: the page itself (inline `<style>` and `<script>` are part of it).
 * - CSS: `<link rel="stylesheet">` and their `@import`s.
 * - JS: `<script src>`, `<link rel="modulepreload">`, and the static `import`/`export … from` of
 *   every loaded module (inline module scripts included), followed recursively. A dynamic
 *   `import()` is not followed: in Arbor it happens only when search is used (SearchBox loads
 *   search-ui and Pagefind on focus) or on pages with diagrams left to the browser (counted
 *   separately: `data-needs-client` makes the page fetch mermaid, see `mermaid`).
 * - Fonts: a `@font-face` of a loaded stylesheet counts only when a rule that uses its family
 *   (font-family or the font shorthand, with its weight and style) has a selector whose classes
 *   all occur in the page. KaTeX's rules all sit under `.katex`, so its fonts count only on
 *   pages with math, and only the faces that math uses (`.mathnormal` → KaTeX_Math italic, …).
 *   Browsers fetch the first format they support, so the woff2 of each face is counted.
 *
 * Sizes are raw bytes and gzip (node:zlib, default level 6, like a typical web server); fonts
 * (woff2, compressed already) count their raw size in both columns.
 * `bench/run.ts` cross-checks the file list against what Chromium actually fetches.
 */
import { existsSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { gzipSync } from 'node:zlib';

export type AssetKind = 'html' | 'css' | 'js' | 'font';

export interface Asset {
  kind: AssetKind;
  /** Site path, e.g. `/_astro/Base.x.css` (with the base). */
  url: string;
  raw: number;
  gzip: number;
}

export interface PageWeight {
  page: string;
  assets: Asset[];
  /** `<script` tags in the HTML, inline or not. */
  scripts: number;
  hasMath: boolean;
  hasDiagram: boolean;
  /** A redirect stub (`<meta http-equiv="refresh">`), e.g. from an alias's URL. */
  redirect: boolean;
  /** The page fetches mermaid (a diagram left to the browser) or loads a script that is mermaid. */
  mermaid: boolean;
  missing: string[];
  total: Record<AssetKind, { raw: number; gzip: number; files: number }>;
}

interface FontFace {
  family: string;
  weight: number;
  style: string;
  url: string;
}
interface CssRule {
  selectors: string[];
  decls: string;
}

export class SiteWeights {
  private readonly files = new Map<string, { raw: number; gzip: number; text: string } | null>();
  private readonly cssInfo = new Map<string, { faces: FontFace[]; rules: CssRule[]; imports: string[] }>();
  private readonly jsImports = new Map<string, string[]>();

  private readonly dist: string;
  private readonly base: string;

  constructor(dist: string, base = '/') {
    this.dist = dist;
    this.base = base;
  }

  /** A site URL to a file in dist (null outside the site). */
  private fileOf(url: string): string | null {
    const path = decodeURI(url.split(/[?#]/)[0]!);
    if (!path.startsWith(this.base)) return null;
    let rel = path.slice(this.base.length);
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    return posix.join(this.dist, rel);
  }

  private read(url: string): { raw: number; gzip: number; text: string } | null {
    if (this.files.has(url)) return this.files.get(url)!;
    const file = this.fileOf(url);
    let entry: { raw: number; gzip: number; text: string } | null = null;
    if (file && existsSync(file)) {
      const buf = readFileSync(file);
      entry = { raw: buf.length, gzip: gzipSync(buf).length, text: /\.(woff2?|ttf|otf|eot)$/.test(file) ? '' : buf.toString('utf8') };
    }
    this.files.set(url, entry);
    return entry;
  }

  private css(url: string) {
    let info = this.cssInfo.get(url);
    if (info) return info;
    const text = this.read(url)?.text ?? '';
    info = parseCss(text, url);
    this.cssInfo.set(url, info);
    return info;
  }

  private imports(url: string, code?: string): string[] {
    if (code === undefined && this.jsImports.has(url)) return this.jsImports.get(url)!;
    const text = code ?? this.read(url)?.text ?? '';
    const found = staticImports(text).filter((s) => /^(\.{0,2}\/)/.test(s)).map((s) => resolveUrl(url, s));
    if (code === undefined) this.jsImports.set(url, found);
    return found;
  }

  /** `pageUrl` is the page's site path, e.g. `/topics/x/`. */
  measure(pageUrl: string): PageWeight {
    const html = this.read(pageUrl);
    if (!html) throw new Error(`no page ${pageUrl} in ${this.dist}`);
    const assets: Asset[] = [{ kind: 'html', url: pageUrl, raw: html.raw, gzip: html.gzip }];
    const missing: string[] = [];
    const seen = new Set<string>([pageUrl]);
    const add = (kind: AssetKind, url: string): boolean => {
      // data: URLs (small assets Vite inlines) are already counted in the file that holds them.
      if (seen.has(url) || url.startsWith('data:')) return false;
      seen.add(url);
      const f = this.read(url);
      if (!f) return missing.push(url), false;
      // woff2 is compressed already and servers send fonts as they are: gzip = raw.
      assets.push({ kind, url, raw: f.raw, gzip: kind === 'font' ? f.raw : f.gzip });
      return true;
    };

    const stylesheets: string[] = [];
    const modules: string[] = [];
    let scripts = 0;
    for (const [, attrText = '', inner = ''] of html.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
      scripts++;
      const attrs = parseAttrs(attrText);
      if (attrs.src) modules.push(resolveUrl(pageUrl, attrs.src));
      else if (attrs.type === 'module') for (const u of this.imports(pageUrl, inner)) modules.push(u);
    }
    for (const [, attrText = ''] of html.text.matchAll(/<link\b([^>]*)>/gi)) {
      const attrs = parseAttrs(attrText);
      if (!attrs.href) continue;
      const rel = (attrs.rel ?? '').toLowerCase().split(/\s+/);
      const href = resolveUrl(pageUrl, attrs.href);
      if (rel.includes('stylesheet')) stylesheets.push(href);
      else if (rel.includes('modulepreload')) modules.push(href);
      else if (rel.includes('preload')) {
        if (attrs.as === 'font') add('font', href);
        else if (attrs.as === 'style') stylesheets.push(href);
        else if (attrs.as === 'script') modules.push(href);
      }
    }
    // CSS, with @import.
    const cssQueue = [...stylesheets];
    const loadedCss: string[] = [];
    while (cssQueue.length) {
      const url = cssQueue.shift()!;
      if (!add('css', url)) continue;
      loadedCss.push(url);
      cssQueue.push(...this.css(url).imports);
    }
    // JS, following static imports.
    const jsQueue = [...modules];
    while (jsQueue.length) {
      const url = jsQueue.shift()!;
      if (!add('js', url)) continue;
      jsQueue.push(...this.imports(url));
    }
    // Fonts the page's content uses.
    const classes = new Set<string>();
    for (const m of html.text.matchAll(/\sclass="([^"]*)"/g)) for (const c of m[1]!.split(/\s+/)) if (c) classes.add(c);
    for (const url of loadedCss) {
      const { faces, rules } = this.css(url);
      if (!faces.length) continue;
      const families = [...new Set(faces.map((f) => f.family))];
      for (const rule of rules) {
        const used = families.filter((fam) => new RegExp(`(^|[\\s,:"'])${fam.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[\\s,;"'])`).test(rule.decls));
        if (!used.length) continue;
        if (!rule.selectors.some((sel) => [...sel.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)].every((m) => classes.has(m[1]!)))) continue;
        const weight = /font-weight:\s*(bold|[6-9]00)/.test(rule.decls) || /(^|;)\s*font:[^;]*\bbold\b/.test(rule.decls) ? 700 : 400;
        const style = /font-style:\s*italic/.test(rule.decls) || /(^|;)\s*font:[^;]*\bitalic\b/.test(rule.decls) ? 'italic' : 'normal';
        for (const fam of used) {
          const face =
            faces.find((f) => f.family === fam && f.weight === weight && f.style === style) ??
            faces.find((f) => f.family === fam && f.style === style) ??
            faces.find((f) => f.family === fam);
          if (face) add('font', face.url);
        }
      }
    }

    const total = { html: zero(), css: zero(), js: zero(), font: zero() };
    for (const a of assets) {
      total[a.kind].raw += a.raw;
      total[a.kind].gzip += a.gzip;
      total[a.kind].files++;
    }
    const jsUrls = assets.filter((a) => a.kind === 'js');
    const mermaid =
      /\sdata-needs-client\b/.test(html.text) ||
      jsUrls.some((a) => /mermaid/i.test(a.url) || /mermaidAPI|flowchart-v2/.test(this.read(a.url)?.text ?? ''));
    return {
      page: pageUrl,
      assets,
      scripts,
      hasMath: classes.has('katex'),
      hasDiagram: /\sdata-diagram="/.test(html.text),
      redirect: /<meta\s+http-equiv="refresh"/i.test(html.text),
      mermaid,
      missing,
      total,
    };
  }
}

const zero = () => ({ raw: 0, gzip: 0, files: 0 });

export function parseAttrs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) out[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
  return out;
}

/** Resolve `spec` against the site URL `from` (both site paths). */
export function resolveUrl(from: string, spec: string): string {
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(spec)) return spec;
  if (spec.startsWith('/')) return spec;
  const dir = from.endsWith('/') ? from : posix.dirname(from) + '/';
  return posix.normalize(posix.join(dir, spec));
}

/** Specifiers of static imports and re-exports (not `import()`, not `import.meta`). */
export function staticImports(code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(/(?:^|[^\w$.])import\s*(?:[\w$*{}\s,]+?\s*from\s*)?(["'`])([^"'`\n]+)\1/g)) out.push(m[2]!);
  for (const m of code.matchAll(/(?:^|[^\w$.])export\s*(?:\*(?:\s*as\s*[\w$]+)?|\{[^}]*\})\s*from\s*(["'`])([^"'`\n]+)\1/g)) out.push(m[2]!);
  return out;
}

/** Just enough CSS parsing for @import, @font-face and rules that set fonts (comments removed, at-rule blocks flattened). */
export function parseCss(text: string, url: string): { faces: FontFace[]; rules: CssRule[]; imports: string[] } {
  const css = text.replace(/\/\*[\s\S]*?\*\//g, '');
  const faces: FontFace[] = [];
  const rules: CssRule[] = [];
  const imports: string[] = [];
  for (const m of css.matchAll(/@import\s+(?:url\()?\s*["']?([^"')\s;]+)["']?\s*\)?[^;]*;/g)) imports.push(resolveUrl(url, m[1]!));
  // Walk blocks: "prelude { body }", descending into at-rule blocks (@media, @supports, @layer).
  const walk = (s: string) => {
    let i = 0;
    while (i < s.length) {
      const open = s.indexOf('{', i);
      if (open === -1) break;
      const prelude = s.slice(i, open).replace(/^[\s;]*(@import[^;]*;\s*)*/g, '').trim();
      let depth = 1;
      let j = open + 1;
      while (j < s.length && depth) {
        if (s[j] === '{') depth++;
        else if (s[j] === '}') depth--;
        j++;
      }
      const body = s.slice(open + 1, j - 1);
      if (/^@font-face/i.test(prelude)) {
        const family = /font-family:\s*["']?([^"';]+?)["']?\s*(;|$)/.exec(body)?.[1]?.trim();
        const weightText = /font-weight:\s*([^;]+)/.exec(body)?.[1]?.trim() ?? '400';
        const style = /font-style:\s*([^;]+)/.exec(body)?.[1]?.trim() ?? 'normal';
        const srcs = [...body.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)(?:\s*format\(\s*["']?([\w-]+)["']?\s*\))?/g)];
        const pick = srcs.find((x) => x[2] === 'woff2' || /\.woff2$/.test(x[1]!)) ?? srcs[0];
        if (family && pick) faces.push({ family, weight: /bold|[6-9]00/.test(weightText) ? 700 : 400, style: /italic|oblique/.test(style) ? 'italic' : 'normal', url: resolveUrl(url, pick[1]!) });
      } else if (prelude.startsWith('@')) {
        if (/^@(media|supports|layer|container|document|scope)/i.test(prelude)) walk(body);
      } else if (/font/.test(body)) {
        rules.push({ selectors: prelude.split(','), decls: body });
      }
      i = j;
    }
  };
  walk(css);
  return { faces, rules, imports };
}
