/** Loads Pagefind's own search module from the built site, once. */
import { rankResults } from '../core/search-rank.ts';

export interface SearchHit {
  url: string;
  title: string;
  kind: string;
  excerpt: string;
  aliases: string[];
  score: number;
}

interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
  sub_results?: { url: string; title: string; excerpt: string }[];
}
interface PagefindApi {
  options(o: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  search(q: string, o?: Record<string, unknown>): Promise<{ results: { score: number; data(): Promise<PagefindResultData> }[] } | null>;
  debouncedSearch(q: string, o?: Record<string, unknown>, ms?: number): Promise<{ results: { score: number; data(): Promise<PagefindResultData> }[] } | null>;
}

let api: Promise<PagefindApi> | undefined;

export function pagefind(base: string): Promise<PagefindApi> {
  return (api ??= (async () => {
    const url = `${base}pagefind/pagefind.js`;
    const mod = (await import(/* @vite-ignore */ url)) as PagefindApi;
    await mod.options({ baseUrl: base, excerptLength: 24 });
    await mod.init();
    return mod;
  })());
}

/** Search and return hits ranked (exact title/alias first), each with its best deep link. */
export async function search(base: string, query: string, opts: { limit?: number; debounce?: boolean; filters?: Record<string, string> } = {}): Promise<SearchHit[] | null> {
  const pf = await pagefind(base);
  const q = query.trim();
  if (!q) return [];
  const options = opts.filters && Object.keys(opts.filters).length ? { filters: opts.filters } : {};
  const res = opts.debounce ? await pf.debouncedSearch(q, options, 120) : await pf.search(q, options);
  if (!res) return null; // superseded by a newer query
  const top = res.results.slice(0, Math.max(opts.limit ?? 8, 8) * 2);
  const data = await Promise.all(top.map(async (r) => ({ score: r.score, d: await r.data() })));
  const hits: SearchHit[] = data.map(({ score, d }) => {
    const sub = d.sub_results?.find((s) => s.url.includes('#'));
    return {
      url: sub?.url ?? d.url,
      title: d.meta.title ?? d.url,
      kind: d.filters.kind?.[0] ?? d.meta.kind ?? 'page',
      excerpt: sub?.excerpt ?? d.excerpt,
      aliases: (d.meta.aliases ?? '').split(',').map((a) => a.trim()).filter(Boolean),
      score,
    };
  });
  return rankResults(q, hits).slice(0, opts.limit ?? 8);
}

/** Pagefind excerpts are escaped text with `<mark>` around hits; keep only that markup. */
export function renderExcerpt(el: HTMLElement, excerpt: string): void {
  el.textContent = '';
  const parts = excerpt.split(/(<mark>|<\/mark>)/);
  let marked = false;
  for (const part of parts) {
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    else if (part) {
      const text = new DOMParser().parseFromString(part, 'text/html').documentElement.textContent ?? '';
      if (marked) {
        const m = document.createElement('mark');
        m.textContent = text;
        el.append(m);
      } else el.append(text);
    }
  }
}
