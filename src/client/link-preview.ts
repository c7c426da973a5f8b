/**
 * Link previews: a note, tree or glossary link in a page body, or a node link in a diagram, shows
 * a small card (title, summary or definition, the first diagram) on hover after a short delay and
 * on keyboard focus. Escape closes it, and leaving both the link and the card does. On a touch
 * screen the first tap shows it (as a sheet at the bottom) and the second follows the link; a tap
 * elsewhere closes it. A preview's data is the target page itself, fetched only when a preview
 * first opens and kept per URL. Term links carry their definition inline (`.term-tip`, the
 * no-script fallback); it shows at once while the term's page loads. The card is one
 * `role="tooltip"` element the open link names with aria-describedby; it never takes focus.
 */
import { extractPreview, previewTarget, type Preview, type PreviewTarget } from './link-preview-data.ts';
import '../styles/link-preview.css';

const HOVER_DELAY = 300;
const LEAVE_DELAY = 150;
const LINKS = '.prose a[href], svg[data-diagram] a';

const cache = new Map<string, Promise<Preview | null>>();

async function load(url: string, target: PreviewTarget): Promise<Preview | null> {
  const read = async (u: string) => {
    const r = await fetch(u, { credentials: 'same-origin' });
    if (!r.ok) return null;
    return extractPreview(new DOMParser().parseFromString(await r.text(), 'text/html'), target);
  };
  try {
    const found = await read(url);
    // A term without a page of its own: its entry in the glossary.
    if (!found && target.kind === 'term') return await read(new URL('../', url).href);
    return found;
  } catch {
    return null;
  }
}

function preview(target: PreviewTarget): Promise<Preview | null> {
  let p = cache.get(target.url);
  if (!p) cache.set(target.url, (p = load(target.url, target)));
  return p;
}

/** The first diagram as an image: its own SVG with the page's colour variables inside it. */
function picture(figure: NonNullable<Preview['figure']>): HTMLImageElement {
  const svg = figure.svg.cloneNode(true) as Element;
  const box = svg.getAttribute('viewBox')?.split(/[\s,]+/).map(Number);
  if (box?.length === 4 && box.every(Number.isFinite)) svg.setAttribute('width', String(box[2])), svg.setAttribute('height', String(box[3]));
  svg.removeAttribute('style');
  const style = document.createElementNS('http://www.w3.org/2000/svg', 'style');
  style.textContent = figure.css;
  svg.prepend(style);
  const img = document.createElement('img');
  img.alt = '';
  img.className = 'link-preview-figure';
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`;
  return img;
}

export function initLinkPreviews(): void {
  const base = document.querySelector<HTMLAnchorElement>('a.brand')?.getAttribute('href') ?? '/';
  document.documentElement.classList.add('arbor-link-previews');
  const card = document.createElement('div');
  card.id = 'arbor-link-preview';
  card.className = 'link-preview';
  card.setAttribute('role', 'tooltip');
  card.hidden = true;
  document.body.append(card);

  let open: Element | null = null;
  let described: string | null = null;
  let hoverTimer = 0;
  let leaveTimer = 0;
  let touch = false;
  let pointerDown = false;
  let wasOpen = false;
  const coarse = matchMedia('(pointer: coarse)');

  const targetOf = (el: Element) => {
    const href = el.getAttribute('href') ?? el.getAttributeNS('http://www.w3.org/1999/xlink', 'href');
    return href ? previewTarget(href, location.href, base) : null;
  };
  const linkAt = (t: EventTarget | null) => {
    const link = t instanceof Element ? t.closest(LINKS) : null;
    return link && targetOf(link) ? link : null;
  };

  const fill = (p: Preview | null, link: Element) => {
    card.replaceChildren();
    const tip = link.querySelector('.term-tip');
    const add = (tag: string, cls: string, text: string) => {
      const el = document.createElement(tag);
      el.className = cls;
      el.textContent = text;
      card.append(el);
    };
    if (p?.title) add('p', 'link-preview-title', p.title);
    if (p?.text) add('p', 'link-preview-text', p.text);
    else if (!p && tip?.textContent) add('p', 'link-preview-text', tip.textContent);
    if (p?.more) add('p', 'link-preview-more', p.more);
    if (p?.figure) card.append(picture(p.figure));
    if (touch) add('p', 'link-preview-hint', 'Tap the link again to open it.');
  };

  const place = (link: Element) => {
    if (touch || coarse.matches) return void card.classList.add('link-preview-sheet');
    card.classList.remove('link-preview-sheet');
    const l = link.getBoundingClientRect();
    // By a diagram node the focus card (diagram-focus.ts) sits below or above it: keep clear of both.
    const focus = link.closest('figure')?.querySelector<HTMLElement>('.diagram-focus-card:not([hidden])');
    const f = focus && focus.style.visibility !== 'hidden' ? focus.getBoundingClientRect() : null;
    const r = f ? { left: l.left, top: Math.min(l.top, f.top), bottom: Math.max(l.bottom, f.bottom) } : l;
    const w = card.offsetWidth;
    const h = card.offsetHeight;
    const left = Math.max(8, Math.min(r.left, innerWidth - w - 8));
    const roomBelow = r.bottom + 6 + h <= innerHeight;
    const roomAbove = r.top - 6 - h >= 0;
    const below = link.closest('svg[data-diagram]') ? !roomAbove && roomBelow : roomBelow || !roomAbove;
    card.style.left = `${left + scrollX}px`;
    card.style.top = `${(below ? r.bottom + 6 : r.top - 6 - h) + scrollY}px`;
  };

  const close = () => {
    clearTimeout(hoverTimer);
    clearTimeout(leaveTimer);
    if (!open) return;
    if (described === null) open.removeAttribute('aria-describedby');
    else open.setAttribute('aria-describedby', described);
    open = null;
    card.hidden = true;
    card.replaceChildren();
  };

  const show = (link: Element) => {
    clearTimeout(hoverTimer);
    clearTimeout(leaveTimer);
    if (open === link) return;
    close();
    const target = targetOf(link);
    if (!target) return;
    open = link;
    described = link.getAttribute('aria-describedby');
    link.setAttribute('aria-describedby', card.id);
    card.dataset.url = target.url;
    fill(null, link);
    if (!card.childElementCount) card.append(Object.assign(document.createElement('p'), { className: 'link-preview-text', textContent: 'Loading preview…' }));
    card.hidden = false;
    place(link);
    void preview(target).then((p) => {
      if (open !== link) return;
      if (!p) return close();
      fill(p, link);
      place(link);
    });
  };

  const inside = (t: EventTarget | null) => t instanceof Node && (card.contains(t) || (open !== null && open.contains(t)));

  document.addEventListener('pointerover', (e) => {
    if (e.pointerType === 'touch') return;
    touch = false;
    if (inside(e.target)) {
      // Back on the link or the card: a pass over another link on the way there does not count.
      clearTimeout(leaveTimer);
      return void clearTimeout(hoverTimer);
    }
    const link = linkAt(e.target);
    clearTimeout(hoverTimer);
    if (link) hoverTimer = window.setTimeout(() => show(link), HOVER_DELAY);
  });
  document.addEventListener('pointerout', (e) => {
    if (e.pointerType === 'touch') return;
    const link = linkAt(e.target);
    if (link && !open) clearTimeout(hoverTimer);
    if (open && inside(e.target) && !inside(e.relatedTarget)) {
      clearTimeout(leaveTimer);
      leaveTimer = window.setTimeout(close, LEAVE_DELAY);
    }
  });
  document.addEventListener(
    'pointerdown',
    (e) => {
      touch = e.pointerType === 'touch';
      pointerDown = true;
      const link = linkAt(e.target);
      wasOpen = link !== null && link === open;
      if (!inside(e.target)) close();
    },
    { capture: true },
  );
  document.addEventListener('pointerup', () => void (pointerDown = false), { capture: true });
  document.addEventListener('pointercancel', () => void (pointerDown = false), { capture: true });
  document.addEventListener('click', (e) => {
    const link = linkAt(e.target);
    if (!link || !touch || wasOpen) return;
    // A tap cannot hover: the first one previews, the second follows.
    e.preventDefault();
    show(link);
    wasOpen = true;
  });
  document.addEventListener('focusin', (e) => {
    if (pointerDown) return;
    const link = linkAt(e.target);
    if (link) show(link);
    else if (!inside(e.target)) close();
  });
  document.addEventListener('focusout', (e) => {
    if (open && e.target === open && !inside(e.relatedTarget) && !touch) close();
  });
  document.addEventListener('keydown', (e) => void (e.key === 'Escape' && close()));
}
