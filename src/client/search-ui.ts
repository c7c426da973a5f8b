/**
 * The header search box, an ARIA combobox: results as you type in its listbox, arrow keys and
 * Enter, Escape to close. The listbox holds only the options; "No results" and the link to the
 * full results page sit beside it in the same panel.
 */
import { pagefind, renderExcerpt, search, type SearchHit } from './pagefind-client.ts';

/** One result as a link; `id` makes it an option of a listbox (the dropdown), without it a plain link (/search/). */
export function renderHit(hit: SearchHit, id?: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.className = 'search-hit';
  a.href = hit.url;
  if (id) {
    a.id = id;
    a.setAttribute('role', 'option');
    a.setAttribute('aria-selected', 'false');
    // Options are chosen with the arrow keys from the box, not reached by Tab.
    a.tabIndex = -1;
  }
  const head = document.createElement('span');
  head.className = 'hit-head';
  const title = document.createElement('span');
  title.className = 'hit-title';
  title.textContent = hit.title;
  const kind = document.createElement('span');
  kind.className = `hit-kind kind-${hit.kind}`;
  kind.textContent = hit.kind;
  head.append(title, kind);
  const excerpt = document.createElement('span');
  excerpt.className = 'hit-excerpt';
  renderExcerpt(excerpt, hit.excerpt);
  a.append(head, excerpt);
  return a;
}

export function attachSearchBox(form: HTMLFormElement): void {
  const base = form.dataset.base ?? '/';
  const input = form.querySelector<HTMLInputElement>('input')!;
  // The box has focus: start loading the index now, so the first keystroke finds it ready.
  void pagefind(base);
  const panel = form.querySelector<HTMLElement>('[data-search-panel]')!;
  const list = panel.querySelector<HTMLElement>('[role="listbox"]')!;
  const empty = panel.querySelector<HTMLElement>('[data-search-empty]')!;
  const all = panel.querySelector<HTMLAnchorElement>('[data-search-all]')!;
  let active = -1;

  const options = () => [...list.querySelectorAll<HTMLAnchorElement>('[role="option"]')];
  const setActive = (i: number) => {
    const opts = options();
    active = opts.length ? (i + opts.length) % opts.length : -1;
    opts.forEach((o, n) => o.setAttribute('aria-selected', String(n === active)));
    if (active >= 0) input.setAttribute('aria-activedescendant', opts[active]!.id), opts[active]!.scrollIntoView({ block: 'nearest' });
    else input.removeAttribute('aria-activedescendant');
  };
  const close = () => {
    panel.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const show = (q: string, hits: SearchHit[]) => {
    list.replaceChildren(...hits.map((h, i) => renderHit(h, `arbor-search-hit-${i}`)));
    if (!q) return close();
    // An empty listbox is hidden: the box then controls nothing to pick from.
    list.hidden = !hits.length;
    empty.textContent = hits.length ? '' : `No results for “${q}”`;
    empty.hidden = hits.length > 0;
    all.href = `${base}search/?q=${encodeURIComponent(q)}`;
    all.textContent = `All results for “${q}” →`;
    panel.hidden = false;
    input.setAttribute('aria-expanded', String(hits.length > 0));
    setActive(hits.length ? 0 : -1);
  };
  const run = async () => {
    const q = input.value;
    const found = await search(base, q, { debounce: true });
    if (found === null || q !== input.value) return;
    show(q.trim(), found);
  };
  input.addEventListener('input', () => void run());
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') (e.preventDefault(), setActive(active + 1));
    else if (e.key === 'ArrowUp') (e.preventDefault(), setActive(active - 1));
    else if (e.key === 'Escape') close();
    else if (e.key === 'Enter' && active >= 0 && !panel.hidden) {
      e.preventDefault();
      options()[active]?.click();
    }
  });
  document.addEventListener('click', (e) => {
    if (!form.contains(e.target as Node)) close();
  });
  if (input.value) void run();
}
