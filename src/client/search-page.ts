/**
 * `/search/?q=…&kind=…&tag=…`: a shareable results page. The URL is the state: the query, the
 * kind and the tag filter are read from it and written back as they change. Results are a plain
 * ordered list of links. A tag without a query lists the pages with that tag.
 */
import { pagefind, search } from './pagefind-client.ts';
import { renderHit } from './search-ui.ts';

/** Fills the tag menu from Pagefind's filter counts; a tag named by the URL stays choosable even if no page has it. */
async function fillTags(base: string, select: HTMLSelectElement, wanted: string): Promise<void> {
  const counts = (await (await pagefind(base)).filters()).tag ?? {};
  const tags = Object.keys(counts).sort((a, b) => a.localeCompare(b));
  if (wanted && !tags.includes(wanted)) tags.unshift(wanted);
  for (const tag of tags) select.append(new Option(`#${tag}${counts[tag] === undefined ? '' : ` (${counts[tag]})`}`, tag));
  select.value = wanted;
}

/** The most results the page shows; more are reached by a narrower query or filter. */
const LIMIT = 50;

export async function initSearchPage(): Promise<void> {
  const form = document.querySelector<HTMLFormElement>('[data-search-page]');
  const status = document.querySelector<HTMLElement>('[data-search-status]');
  const list = document.querySelector<HTMLElement>('[data-search-results]');
  if (!form || !status || !list) return;
  const base = form.dataset.base ?? '/';
  const input = form.querySelector<HTMLInputElement>('input[name="q"]')!;
  const tagSelect = form.querySelector<HTMLSelectElement>('select[name="tag"]')!;
  const params = new URLSearchParams(location.search);
  input.value = params.get('q') ?? '';
  const kind = params.get('kind') ?? '';
  const kindInput = form.querySelector<HTMLInputElement>(`input[name="kind"][value="${CSS.escape(kind)}"]`);
  if (kindInput) kindInput.checked = true;
  input.focus();
  await fillTags(base, tagSelect, params.get('tag') ?? '');

  let latest = 0;
  const run = async () => {
    const ticket = ++latest;
    const q = input.value.trim();
    const k = form.querySelector<HTMLInputElement>('input[name="kind"]:checked')?.value ?? '';
    const tag = tagSelect.value;
    const url = new URL(location.href);
    url.search = '';
    if (q) url.searchParams.set('q', q);
    if (k) url.searchParams.set('kind', k);
    if (tag) url.searchParams.set('tag', tag);
    history.replaceState(null, '', url);
    const filters: Record<string, string> = {};
    if (k) filters.kind = k;
    if (tag) filters.tag = tag;
    const hits = q || tag ? await search(base, q, { limit: LIMIT, filters }) : [];
    if (hits === null || ticket !== latest) return; // a newer query is on its way
    list.replaceChildren(
      ...hits.map((h) => {
        const li = document.createElement('li');
        li.append(renderHit(h));
        return li;
      }),
    );
    const n = hits.length >= LIMIT ? `The first ${LIMIT} results` : `${hits.length} result${hits.length === 1 ? '' : 's'}`;
    status.textContent = q ? `${n} for “${q}”${tag ? ` tagged #${tag}` : ''}` : tag ? `${n} tagged #${tag}` : '';
  };
  form.addEventListener('submit', (e) => (e.preventDefault(), void run()));
  form.addEventListener('change', () => void run());
  input.addEventListener('input', () => void run());
  await run();
}
