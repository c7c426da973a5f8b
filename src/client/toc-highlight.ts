/**
 * The contents mark the section in view (aria-current="true" on its link) as the reader scrolls.
 * A section is in view once its heading has passed the reading line, a third of the way down
 * below whatever sticks to the top of the window (a sticky site header, `--arbor-sticky`). An
 * IntersectionObserver whose box ends at that line says when a heading crosses it; nothing runs
 * on other scroll events (the browser tracks the crossings). When the contents are folded above the text, the summary names the
 * section in view.
 */

/** Height of what covers the top of the window: a sticky or fixed site header and `--arbor-sticky`. */
function coveredTop(): number {
  let top = parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--arbor-sticky')) || 0;
  const header = document.querySelector<HTMLElement>('.site-header');
  if (header) {
    const pos = getComputedStyle(header).position;
    if (pos === 'sticky' || pos === 'fixed') top += header.getBoundingClientRect().height;
  }
  return top;
}

/** Where a heading counts as reached: this fraction of the visible height below the covered top. */
const READING_LINE = 1 / 3;

/** A link's text as read, without KaTeX's MathML copy of any formula. */
function labelOf(link: HTMLAnchorElement): string {
  const copy = link.cloneNode(true) as HTMLElement;
  for (const m of copy.querySelectorAll('.katex-mathml')) m.remove();
  return copy.textContent?.trim() ?? '';
}

export function initTocHighlight(root: ParentNode = document): void {
  const toc = root.querySelector<HTMLElement>('.toc');
  if (!toc) return;
  const links = [...toc.querySelectorAll<HTMLAnchorElement>('a[href^="#"]')];
  const entries = links.flatMap((link) => {
    const heading = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    return heading ? [{ link, heading }] : [];
  });
  if (!entries.length) return;
  const summary = toc.querySelector('summary');
  const current = document.createElement('span');
  current.className = 'toc-current';
  summary?.append(current);

  let active: (typeof entries)[number] | undefined;
  let line = 0;
  const update = () => {
    const atBottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
    let next = entries[0];
    for (const e of entries) {
      const top = e.heading.getBoundingClientRect().top;
      // At the bottom of the page the last headings may never reach the line: any heading in view counts.
      if (top <= line || (atBottom && top < window.innerHeight)) next = e;
      else break;
    }
    if (next === active) return;
    active?.link.removeAttribute('aria-current');
    active = next;
    if (!active) return;
    active.link.setAttribute('aria-current', 'true');
    current.textContent = ` · ${labelOf(active.link)}`;
  };

  let observer: IntersectionObserver | undefined;
  const observe = () => {
    observer?.disconnect();
    const covered = coveredTop();
    line = covered + (window.innerHeight - covered) * READING_LINE;
    const below = Math.max(0, window.innerHeight - line);
    // The box runs from far above the window down to the line: a heading is in it once it has passed
    // the line, so every crossing is reported, even a jump that skips a whole screen (with room for the page to grow).
    const above = Math.max(2 * document.documentElement.scrollHeight, 50_000);
    observer = new IntersectionObserver(update, { rootMargin: `${above}px 0px -${Math.round(below)}px 0px` });
    for (const e of entries) observer.observe(e.heading);
    update();
  };
  observe();
  let resizing = 0;
  window.addEventListener('resize', () => {
    cancelAnimationFrame(resizing);
    resizing = requestAnimationFrame(observe);
  });
  // A jump to a heading (a contents link, a deep link) lands it at the top: mark it at once.
  window.addEventListener('hashchange', update);
}
