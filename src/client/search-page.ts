/** `/search/?q=…&kind=…`: a shareable results page. The URL is the state. */
import { search } from './pagefind-client.ts';
import { renderHit } from './search-ui.ts';

export async function initSearchPage(): Promise<void> {
  const form = document.querySelector<HTMLFormElement>('[data-search-page]');
  const status = document.querySelector<HTMLElement>('[data-search-status]');
  const list = document.querySelector<HTMLElement>('[data-search-results]');
  if (!form || !status || !list) return;
  const base = form.dataset.base ?? '/';
  const input = form.querySelector<HTMLInputElement>('input[name="q"]')!;
  const params = new URLSearchParams(location.search);
  input.value = params.get('q') ?? '';
  const kind = params.get('kind') ?? '';
  form.querySelector<HTMLInputElement>(`input[name="kind"][value="${CSS.escape(kind)}"]`)?.click();

  const run = async () => {
    const q = input.value.trim();
    const k = form.querySelector<HTMLInputElement>('input[name="kind"]:checked')?.value ?? '';
    const url = new URL(location.href);
    url.search = '';
    if (q) url.searchParams.set('q', q);
    if (k) url.searchParams.set('kind', k);
    history.replaceState(null, '', url);
    list.textContent = '';
    if (!q) return void (status.textContent = '');
    const hits = await search(base, q, { limit: 50, filters: k ? { kind: k } : {} });
    if (hits === null || q !== input.value.trim()) return;
    status.textContent = `${hits.length} result${hits.length === 1 ? '' : 's'} for “${q}”`;
    hits.forEach((h, i) => {
      const li = document.createElement('li');
      li.append(renderHit(h, `arbor-result-${i}`));
      list.append(li);
    });
  };
  form.addEventListener('submit', (e) => (e.preventDefault(), void run()));
  form.addEventListener('change', () => void run());
  input.addEventListener('input', () => void run());
  input.focus();
  await run();
}
