/**
 * The glossary filter: narrows the list as you type (names, aliases, definitions), counts
 * matches, and keeps the query in the URL (`?q=lora`) so a filtered view can be shared.
 * Without JavaScript the full list is shown and the box stays hidden.
 */
import { filterGlossary } from '../core/glossary-match.ts';

/**
 * A big glossary lists names only (src/pages/glossary/index.astro): its short definitions come from
 * the glossary's data file, set as text, so that they show and can be filtered.
 */
async function fillShortDefinitions(): Promise<void> {
  const url = document.querySelector<HTMLElement>('[data-glossary-data]')?.dataset.glossaryData;
  if (!url) return;
  const records = (await (await fetch(url)).json()) as { href: string; short?: string; definition: string }[];
  const byAnchor = new Map(records.map((r) => [decodeURIComponent(r.href.split('#')[1] ?? ''), r.short || r.definition]));
  for (const el of document.querySelectorAll<HTMLElement>('[data-short-of]')) el.textContent = byAnchor.get(el.dataset.shortOf ?? '') ?? '';
  // The entries grew: the linked one is brought back into view.
  if (location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
}

export async function initGlossaryFilter(): Promise<void> {
  await fillShortDefinitions().catch(() => undefined);
  const box = document.querySelector<HTMLElement>('[data-glossary-filter]');
  const input = document.querySelector<HTMLInputElement>('#arbor-glossary-q');
  const count = document.querySelector<HTMLElement>('[data-filter-count]');
  const none = document.querySelector<HTMLElement>('[data-no-match]');
  if (!box || !input || !count || !none) return;
  const terms = [...document.querySelectorAll<HTMLElement>('section.term')].map((el) => ({
    el,
    names: (el.dataset.names ?? '').split('\n'),
    text: el.querySelector('.short')?.textContent + ' ' + (el.querySelector('.definition')?.textContent ?? ''),
  }));
  const letters = [...document.querySelectorAll<HTMLElement>('h2.letter')];
  box.hidden = false;
  // The filter stays on top as the list scrolls: anchors land below it, not under it (global.css).
  const keepClear = () => document.documentElement.style.setProperty('--arbor-sticky', `${box.offsetHeight}px`);
  keepClear();
  new ResizeObserver(keepClear).observe(box);
  if (location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();

  const apply = (q: string) => {
    const keep = filterGlossary(q, terms);
    let shown = 0;
    terms.forEach((t, i) => {
      t.el.hidden = !keep[i];
      if (keep[i]) shown++;
    });
    for (const h of letters) {
      let next = h.nextElementSibling;
      let any = false;
      while (next && !next.matches('h2.letter')) {
        if (next.matches('section.term') && !(next as HTMLElement).hidden) any = true;
        next = next.nextElementSibling;
      }
      h.hidden = !any;
    }
    count.textContent = q ? `${shown} of ${terms.length} terms match “${q}”` : `${terms.length} terms`;
    none.hidden = shown > 0;
    const link = none.querySelector<HTMLAnchorElement>('[data-search-link]');
    if (link) link.search = q ? `?q=${encodeURIComponent(q)}` : '';
  };

  const initial = new URLSearchParams(location.search).get('q') ?? '';
  input.value = initial;
  apply(initial.trim());
  if (initial && location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
  input.addEventListener('input', () => {
    const q = input.value.trim();
    apply(q);
    const url = new URL(location.href);
    if (q) url.searchParams.set('q', q);
    else url.searchParams.delete('q');
    history.replaceState(null, '', url);
  });
}
