/** Loads Pagefind's own search module from the built site, once, and asks it for ranked hits. */
import { rankResults, tokenWords } from '../core/search-rank.ts';

export interface SearchHit {
  url: string;
  title: string;
  kind: string;
  excerpt: string;
  aliases: string[];
  score: number;
  matched: string[];
  phrase: boolean;
}

// The parts of Pagefind's search API used here (its types: pagefind_web_js/types/index.d.ts).
interface PagefindResultData {
  url: string;
  content: string;
  excerpt: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
  locations: number[];
  sub_results?: { url: string; title: string; excerpt: string; weighted_locations: unknown[] }[];
}
interface PagefindResult {
  id: string;
  score: number;
  /** The metadata fields (title, aliases…) that matched the query; Pagefind 1.5. */
  matchedMetaFields?: string[];
  data(): Promise<PagefindResultData>;
}
type Filters = Record<string, string | string[]>;
interface PagefindApi {
  options(o: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  filters(): Promise<Record<string, Record<string, number>>>;
  search(q: string | null, o?: { filters?: Filters }): Promise<{ results: PagefindResult[] }>;
  debouncedSearch(q: string, o?: { filters?: Filters }, ms?: number): Promise<{ results: PagefindResult[] } | null>;
}

let api: Promise<PagefindApi> | undefined;

export function pagefind(base: string): Promise<PagefindApi> {
  return (api ??= (async () => {
    const url = `${base}pagefind/pagefind.js`;
    const mod = (await import(/* @vite-ignore */ url)) as PagefindApi;
    // A term's aliases are metadata: weigh them like its title, so "MoE" finds Mixture of Experts.
    await mod.options({ baseUrl: base, excerptLength: 24, ranking: { metaWeights: { aliases: 5 } } });
    await mod.init();
    return mod;
  })());
}

/**
 * The section of a page with the most hits (as Pagefind's own UI picks them), the first on a tie:
 * its URL (with the heading's anchor) and excerpt. Hits are counted, not weighed, so that the
 * title's heavy words do not make the page's opening lines, often the title alone, the excerpt.
 */
function bestSection(d: PagefindResultData): { url: string; excerpt: string } {
  let best: { url: string; excerpt: string } = d;
  let most = 0;
  for (const s of d.sub_results ?? []) {
    if (s.weighted_locations.length > most) (best = s), (most = s.weighted_locations.length);
  }
  return best;
}

function toHit(d: PagefindResultData, score: number, phrase: boolean): SearchHit {
  const words = d.content.split(/\s+/);
  const section = bestSection(d);
  return {
    url: section.url,
    title: d.meta.title ?? d.url,
    kind: d.filters.kind?.[0] ?? 'page',
    excerpt: section.excerpt,
    aliases: (d.meta.aliases ?? '').split(',').map((a) => a.trim()).filter(Boolean),
    score,
    matched: [...new Set(d.locations.flatMap((l) => tokenWords(words[l] ?? '')))],
    phrase,
  };
}

export interface SearchOptions {
  limit?: number;
  debounce?: boolean;
  filters?: Record<string, string>;
}

/**
 * Searches and returns hits ranked by src/core/search-rank.ts, each with its best deep link; null
 * when a newer debounced query superseded this one. Pagefind scores every match, but a result's
 * title and text load one request each, so the candidates loaded are its best-scored results plus
 * those it can tell are title or alias matches, the best glossary terms (short records that score
 * low against long notes) and, for several words, the pages holding them as a phrase. Without a
 * query, the filters alone list pages (`?tag=moe`).
 */
export async function search(base: string, query: string, opts: SearchOptions = {}): Promise<SearchHit[] | null> {
  const pf = await pagefind(base);
  const q = query.trim();
  const limit = opts.limit ?? 8;
  const filters: Filters = { ...opts.filters };
  const hasFilters = Object.keys(filters).length > 0;
  if (!q && !hasFilters) return [];
  const options = hasFilters ? { filters } : {};
  if (!q) {
    const res = await pf.search(null, options);
    const data = await Promise.all(res.results.slice(0, limit).map(async (r) => toHit(await r.data(), r.score, false)));
    return data.sort((a, b) => a.title.localeCompare(b.title));
  }
  const general = opts.debounce ? await pf.debouncedSearch(q, options, 120) : await pf.search(q, options);
  if (!general) return null;
  const phraseQuery = q.replaceAll('"', '').trim();
  const [terms, phrases] = await Promise.all([
    filters.kind ? null : pf.search(q, { filters: { ...filters, kind: 'term' } }),
    /\s/.test(phraseQuery) ? pf.search(`"${phraseQuery}"`, options) : null,
  ]);
  const score = new Map(general.results.map((r) => [r.id, r.score]));
  const phraseIds = new Set(phrases?.results.map((r) => r.id));
  const candidates = new Map<string, PagefindResult>();
  const add = (rs: PagefindResult[] | undefined, n: number) => rs?.slice(0, n).forEach((r) => candidates.set(r.id, r));
  add(general.results, limit * 2);
  add(general.results.filter((r) => r.matchedMetaFields?.some((f) => f === 'title' || f === 'aliases')), limit);
  add(terms?.results, limit);
  add(phrases?.results, limit);
  const hits = await Promise.all([...candidates.values()].map(async (r) => toHit(await r.data(), score.get(r.id) ?? r.score, phraseIds.has(r.id))));
  return rankResults(q, hits).slice(0, limit);
}

/**
 * Shows a Pagefind excerpt: escaped text with `<mark>` around hits. It is parsed in an inert
 * template (nothing in it loads or runs) and only its text and marks are copied, spaces included.
 */
export function renderExcerpt(el: HTMLElement, excerpt: string): void {
  const doc = el.ownerDocument;
  const template = doc.createElement('template');
  template.innerHTML = excerpt;
  el.textContent = '';
  for (const node of template.content.childNodes) {
    if (node.nodeName === 'MARK') {
      const mark = doc.createElement('mark');
      mark.textContent = node.textContent;
      el.append(mark);
    } else el.append(node.textContent ?? '');
  }
}
