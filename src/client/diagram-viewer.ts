/**
 * The diagram viewer: progressive enhancement for diagrams drawn at build time. It opens each
 * drawing at a size whose labels read (about 12 px; a small diagram at its drawn size, a tall one
 * fitted whole when that still reads), shows where the view is in the whole, and zooms by buttons,
 * Ctrl/⌘+wheel or trackpad pinch, touch pinch and keys (+ − 0, arrows pan); it pans by drag.
 * "Fit" fits both ways; full screen fills the screen. Zooming changes the drawing's width, never a
 * CSS transform, so nodes stay links at every zoom. On a phone a tap on a diagram opens it full
 * screen. Diagrams, node links and `#node-…` deep links all work without this script.
 */

/** The label size the first view aims at, and the least it accepts before choosing to scroll. */
const READABLE_PX = 12;
const LEAST_PX = 10;
/** mermaid's label size in drawing units (theme fontSize 16), when no label can be measured. */
const DEFAULT_FONT = 16;
const MAX_ZOOM = 4;

export interface DiagramView {
  /** Zooms and scrolls so that `box` (client coordinates, e.g. a node and its neighbours) is in view with readable labels. */
  zoomTo(box: DOMRect): void;
}

interface Size {
  width: number;
  height: number;
}

const phone = () => matchMedia('(max-width: 40rem) and (pointer: coarse)').matches;

export function enhanceDiagram(figure: HTMLElement): DiagramView | undefined {
  const viewport = figure.querySelector<HTMLElement>('.diagram-viewport');
  const controls = figure.querySelector<HTMLElement>('.diagram-controls');
  const svg = () => viewport?.querySelector<SVGSVGElement>(':scope > svg') ?? null;
  if (!viewport || !controls) return undefined;
  controls.hidden = false;
  figure.classList.add('viewer');
  viewport.tabIndex = 0;
  viewport.setAttribute('role', 'region');
  viewport.setAttribute('aria-label', `${figure.querySelector('.diagram-title')?.textContent ?? 'Diagram'}: + and − zoom, 0 fits, arrows pan`);

  const natural = (): Size | undefined => {
    const box = svg()?.viewBox.baseVal;
    return box && box.width > 0 && box.height > 0 ? { width: box.width, height: box.height } : undefined;
  };
  /** Label font size in drawing units (a computed font size is not scaled with the drawing). */
  const fontUnits = (): number => {
    const label = svg()?.querySelector<Element>('.nodeLabel, .label text, text');
    return (label && parseFloat(getComputedStyle(label).fontSize)) || DEFAULT_FONT;
  };
  /** The room for the drawing: the viewport's width inside its padding, and the height it may take (80 % of the window, or the screen). */
  const room = (): Size => {
    const style = getComputedStyle(viewport);
    const padX = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
    const padY = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
    return { width: viewport.clientWidth - padX, height: (full() ? viewport.clientHeight : innerHeight * 0.8) - padY };
  };
  const full = () => document.fullscreenElement === figure || figure.classList.contains('pseudo-fullscreen');

  let font = DEFAULT_FONT;
  let width = 0;
  const overview = document.createElement('div');
  overview.className = 'diagram-overview';
  overview.hidden = true;
  overview.setAttribute('aria-hidden', 'true');
  const marker = document.createElement('div');
  overview.append(marker);
  figure.insertBefore(overview, viewport.nextSibling);

  /** Widths: the least (the whole in view), the one whose labels are `px`, the most. */
  const fitWidth = (): number => {
    const n = natural();
    if (!n) return room().width;
    const r = room();
    const fit = Math.min(r.width, (r.height * n.width) / n.height);
    return full() ? Math.min(fit, n.width * MAX_ZOOM) : Math.min(fit, n.width);
  };
  const widthFor = (px: number) => ((natural()?.width ?? 0) * px) / font;
  const clamp = (w: number) => Math.max(Math.min(fitWidth(), widthFor(READABLE_PX)), Math.min(w, (natural()?.width ?? w) * MAX_ZOOM));

  const showOverview = () => {
    const n = natural();
    const s = svg();
    const clipped = viewport.scrollWidth > viewport.clientWidth + 1 || viewport.scrollHeight > viewport.clientHeight + 1;
    figure.classList.toggle('clipped', clipped);
    overview.hidden = !clipped || !n || !s;
    if (overview.hidden || !n) return;
    overview.style.top = `${viewport.offsetTop + 8}px`;
    overview.style.aspectRatio = `${n.width} / ${n.height}`;
    const sx = viewport.scrollWidth;
    const sy = viewport.scrollHeight;
    marker.style.left = `${(viewport.scrollLeft / sx) * 100}%`;
    marker.style.top = `${(viewport.scrollTop / sy) * 100}%`;
    marker.style.width = `${Math.min(1, viewport.clientWidth / sx) * 100}%`;
    marker.style.height = `${Math.min(1, viewport.clientHeight / sy) * 100}%`;
  };

  /** Sets the drawing's width, keeping the point (fx, fy) of the viewport (fractions) where it was. */
  const setWidth = (w: number, fx = 0.5, fy = 0.5) => {
    const s = svg();
    if (!s) return;
    const ax = viewport.scrollLeft + viewport.clientWidth * fx;
    const ay = viewport.scrollTop + viewport.clientHeight * fy;
    const before = s.getBoundingClientRect().width || 1;
    width = clamp(w);
    s.style.width = `${width}px`;
    s.style.maxWidth = 'none';
    const k = width / before;
    viewport.scrollLeft = ax * k - viewport.clientWidth * fx;
    viewport.scrollTop = ay * k - viewport.clientHeight * fy;
    figure.classList.toggle('zoomed', width > fitWidth() + 1);
    showOverview();
  };
  const zoom = (factor: number, fx?: number, fy?: number) => setWidth(width * factor, fx, fy);
  const fit = () => (figure.classList.remove('tall'), setWidth(fitWidth()));

  /**
   * The first view: the whole when its labels read (at least 10 px). Else a drawing whose labels
   * read within the column's width is shown at that width and the page scrolls down it, with no
   * inner scroll area (a tall one); a wide one shows labels at 12 px, from the top, centred across,
   * and the overview says where the view is.
   */
  const firstView = () => {
    const s = svg();
    const n = natural();
    if (!s || !n) return;
    s.style.width = '';
    figure.classList.remove('tall');
    font = fontUnits();
    const whole = fitWidth();
    if ((whole * font) / n.width >= LEAST_PX) return setWidth(whole);
    const r = room();
    if (!full() && widthFor(READABLE_PX) <= r.width) {
      figure.classList.add('tall');
      return setWidth(Math.min(n.width, r.width));
    }
    setWidth(widthFor(READABLE_PX));
    viewport.scrollLeft = (viewport.scrollWidth - viewport.clientWidth) / 2;
    viewport.scrollTop = 0;
    showOverview();
  };

  const fullscreenButton = controls.querySelector<HTMLButtonElement>('[data-action="fullscreen"]');
  const afterToggle = () => {
    if (fullscreenButton) fullscreenButton.textContent = full() ? 'Exit full screen' : 'Full screen';
    requestAnimationFrame(firstView);
  };
  /** The Fullscreen API where there is one (not on iPhones), else the figure covers the window. */
  const toggleFullscreen = async () => {
    if (document.fullscreenElement === figure) await document.exitFullscreen();
    else if (figure.classList.contains('pseudo-fullscreen')) figure.classList.remove('pseudo-fullscreen'), afterToggle();
    else if (phone() || !figure.requestFullscreen) figure.classList.add('pseudo-fullscreen'), afterToggle();
    else await figure.requestFullscreen().catch(() => (figure.classList.add('pseudo-fullscreen'), afterToggle()));
  };
  document.addEventListener('fullscreenchange', afterToggle);

  controls.addEventListener('click', async (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
    if (!button) return;
    const action = button.dataset.action;
    if (action === 'zoom-in') zoom(1.25);
    else if (action === 'zoom-out') zoom(0.8);
    else if (action === 'reset') fit();
    else if (action === 'fullscreen') await toggleFullscreen();
    else if (action === 'copy-link') {
      const url = `${location.origin}${location.pathname}#${figure.id}`;
      try {
        await navigator.clipboard.writeText(url);
        button.textContent = 'Copied ✓';
      } catch {
        history.replaceState(null, '', `#${figure.id}`);
        button.textContent = 'Link in address bar';
      }
      setTimeout(() => (button.textContent = 'Copy link'), 2000);
    }
  });

  viewport.addEventListener('keydown', (e) => {
    if (e.target !== viewport || e.altKey || e.ctrlKey || e.metaKey) return;
    const step = 60;
    const keys: Record<string, () => void> = {
      '+': () => zoom(1.25),
      '=': () => zoom(1.25),
      '-': () => zoom(0.8),
      '0': fit,
      ArrowLeft: () => viewport.scrollBy(-step, 0),
      ArrowRight: () => viewport.scrollBy(step, 0),
      ArrowUp: () => viewport.scrollBy(0, -step),
      ArrowDown: () => viewport.scrollBy(0, step),
    };
    const run = keys[e.key];
    if (!run) return;
    e.preventDefault();
    run();
    showOverview();
  });
  figure.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && figure.classList.contains('pseudo-fullscreen')) void toggleFullscreen();
  });

  const at = (x: number, y: number): [number, number] => {
    const r = viewport.getBoundingClientRect();
    return [(x - r.left) / r.width, (y - r.top) / r.height];
  };
  // Ctrl/⌘ + wheel, and a trackpad pinch (which Chromium and Firefox send as Ctrl + wheel).
  viewport.addEventListener(
    'wheel',
    (e) => {
      if (!e.ctrlKey && !e.metaKey) return;
      e.preventDefault();
      zoom(Math.exp(-e.deltaY / 300), ...at(e.clientX, e.clientY));
    },
    { passive: false },
  );
  viewport.addEventListener('scroll', showOverview, { passive: true });

  // Pointers: one drags (mouse) or scrolls natively (touch); two pinch. A click after a drag does not follow a link.
  const pointers = new Map<number, { x: number; y: number }>();
  let drag: { x: number; y: number; left: number; top: number; moved: boolean } | null = null;
  let pinch: { distance: number; width: number } | null = null;
  const spread = () => {
    const [a, b] = [...pointers.values()];
    return a && b ? Math.hypot(a.x - b.x, a.y - b.y) : 0;
  };
  viewport.addEventListener('pointerdown', (e) => {
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pointers.size === 2) pinch = { distance: spread(), width };
    else if (e.pointerType === 'mouse' && e.button === 0) drag = { x: e.clientX, y: e.clientY, left: viewport.scrollLeft, top: viewport.scrollTop, moved: false };
  });
  viewport.addEventListener('pointermove', (e) => {
    if (!pointers.has(e.pointerId)) return;
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pinch && pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      setWidth((pinch.width * spread()) / (pinch.distance || 1), ...at((a!.x + b!.x) / 2, (a!.y + b!.y) / 2));
      return;
    }
    if (!drag) return;
    const dx = e.clientX - drag.x;
    const dy = e.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 4) drag.moved = true;
    viewport.scrollLeft = drag.left - dx;
    viewport.scrollTop = drag.top - dy;
  });
  const end = (e: PointerEvent) => {
    pointers.delete(e.pointerId);
    if (pointers.size < 2) pinch = null;
    setTimeout(() => (drag = null));
  };
  viewport.addEventListener('pointerup', end);
  viewport.addEventListener('pointercancel', end);
  viewport.addEventListener(
    'click',
    (e) => {
      if (drag?.moved) return e.preventDefault();
      // On a phone, a tap on the drawing (not on a link) opens it full screen, where pinching zooms.
      if (phone() && !full() && !(e.target as Element).closest('a')) {
        e.preventDefault();
        void toggleFullscreen();
      }
    },
    true,
  );
  overview.addEventListener('click', (e) => {
    const r = overview.getBoundingClientRect();
    viewport.scrollLeft = ((e.clientX - r.left) / r.width) * viewport.scrollWidth - viewport.clientWidth / 2;
    viewport.scrollTop = ((e.clientY - r.top) / r.height) * viewport.scrollHeight - viewport.clientHeight / 2;
  });

  new ResizeObserver(() => (width ? setWidth(width) : firstView())).observe(viewport);
  firstView();

  return {
    zoomTo(box: DOMRect) {
      const s = svg();
      const n = natural();
      if (!s || !n) return;
      const shown = s.getBoundingClientRect();
      const k = shown.width / n.width;
      // The box in drawing units, then the width at which it fills most of the view with labels that read.
      const bw = box.width / k;
      const bh = box.height / k;
      const r = room();
      const fits = Math.min((r.width * 0.9 * n.width) / bw, (r.height * 0.9 * n.width) / bh);
      setWidth(Math.max(widthFor(READABLE_PX), Math.min(fits, widthFor(READABLE_PX * 1.6))));
      const now = s.getBoundingClientRect();
      const v = viewport.getBoundingClientRect();
      const k2 = now.width / n.width;
      const cx = now.left + ((box.left - shown.left) / k + bw / 2) * k2;
      const cy = now.top + ((box.top - shown.top) / k + bh / 2) * k2;
      const before = { left: viewport.scrollLeft, top: viewport.scrollTop };
      viewport.scrollLeft += cx - (v.left + v.width / 2);
      viewport.scrollTop += cy - (v.top + v.height / 2);
      showOverview();
      // Then the page, so that the box is in the window too (a tall drawing is taller than it).
      const y = cy - (viewport.scrollTop - before.top);
      if (y < innerHeight * 0.15 || y > innerHeight * 0.85) scrollBy({ top: y - innerHeight / 2 });
    },
  };
}
