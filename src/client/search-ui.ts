/** The header search box: results as you type, arrow keys and Enter, Escape to close. */
import { pagefind, renderExcerpt, search, type SearchHit } from './pagefind-client.ts';

export function renderHit(hit: SearchHit, id: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.className = 'search-hit';
  a.href = hit.url;
  a.id = id;
  a.setAttribute('role', 'option');
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
  const list = form.querySelector<HTMLElement>('[role="listbox"]')!;
  let active = -1;
  let hits: SearchHit[] = [];

  const options = () => [...list.querySelectorAll<HTMLAnchorElement>('[role="option"]')];
  const setActive = (i: number) => {
    const opts = options();
    active = opts.length ? (i + opts.length) % opts.length : -1;
    opts.forEach((o, n) => o.setAttribute('aria-selected', String(n === active)));
    if (active >= 0) input.setAttribute('aria-activedescendant', opts[active]!.id), opts[active]!.scrollIntoView({ block: 'nearest' });
    else input.removeAttribute('aria-activedescendant');
  };
  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
  };
  const show = (q: string) => {
    list.textContent = '';
    if (!q) return close();
    if (!hits.length) {
      const empty = document.createElement('p');
      empty.className = 'search-empty';
      empty.textContent = `No results for “${q}”`;
      list.append(empty);
    }
    hits.forEach((h, i) => list.append(renderHit(h, `arbor-search-hit-${i}`)));
    const all = document.createElement('a');
    all.className = 'search-all';
    all.href = `${base}search/?q=${encodeURIComponent(q)}`;
    all.textContent = `All results for “${q}” →`;
    list.append(all);
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    setActive(hits.length ? 0 : -1);
  };
  const run = async () => {
    const q = input.value;
    const found = await search(base, q, { debounce: true });
    if (found === null || q !== input.value) return;
    hits = found;
    show(q.trim());
  };
  input.addEventListener('input', () => void run());
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') (e.preventDefault(), setActive(active + 1));
    else if (e.key === 'ArrowUp') (e.preventDefault(), setActive(active - 1));
    else if (e.key === 'Escape') close();
    else if (e.key === 'Enter' && active >= 0 && !list.hidden) {
      e.preventDefault();
      options()[active]?.click();
    }
  });
  document.addEventListener('click', (e) => {
    if (!form.contains(e.target as Node)) close();
  });
  if (input.value) void run();
}
