/**
 * Focus in a drawn diagram. Hovering, focusing (Tab) or clicking a node lights it, its edges and
 * its neighbours and dims the rest; an edge lights its line, its label and its two ends. A deep
 * link (`#node-VI`, `#edge-VI-DI`) does the same on load and on hashchange, and asks the viewer to
 * zoom to what it lit. A card by the focus names an edge's paper and definition and offers the
 * focus's link to copy; Escape clears it. A click on a node or edge that is a link still follows
 * it; on a touch screen the first tap shows, the second follows (as term links do).
 *
 * It works on what decorateSvg (src/core/diagrams/svg.ts) writes: `data-node` on nodes,
 * `data-edge-anchor` and `data-ends="FROM TO"` on edge lines and labels, the label's id and its
 * `data-citation` / `data-definition`. Without JavaScript the drawing's own :target rules light
 * the same things; with it, classes do (src/styles/diagram-focus.css), so hover, focus and the
 * URL's target never light two places at once.
 */

export interface FocusView {
  /** Zoom and scroll so that `box` (client coordinates, the lit neighbourhood) reads. */
  zoomTo(box: DOMRect): void;
}

type Item = { kind: 'node'; id: string; el: Element } | { kind: 'edge'; anchor: string; el: Element };

interface Edge {
  from: string;
  to: string;
  /** The line and the label. */
  parts: Element[];
}

interface Index {
  svg: SVGSVGElement;
  nodes: Map<string, Element>;
  edges: Map<string, Edge>;
}

/** How the current pin was made: a hash pin goes when the hash moves on, a focus pin when focus leaves. */
type Pinned = { item: Item; by: 'hash' | 'focus' | 'click' };

const HIDE_DELAY_MS = 250;

function indexOf(svg: SVGSVGElement): Index {
  const nodes = new Map<string, Element>();
  for (const el of svg.querySelectorAll('[data-node]')) nodes.set(el.getAttribute('data-node')!, el);
  const edges = new Map<string, Edge>();
  for (const el of svg.querySelectorAll('[data-edge-anchor]')) {
    const anchor = el.getAttribute('data-edge-anchor')!;
    const [from = '', to = ''] = (el.getAttribute('data-ends') ?? '').split(' ');
    const edge = edges.get(anchor) ?? { from, to, parts: [] };
    edge.parts.push(el);
    edges.set(anchor, edge);
  }
  return { svg, nodes, edges };
}

/** The visible text of a node or edge label (its <text> or HTML label, not its <title>). */
function labelText(el: Element): string {
  const parts = [...el.querySelectorAll('text, foreignObject')].map((t) => t.textContent ?? '');
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

const sameItem = (a: Item | undefined, b: Item | undefined) => !!a && !!b && a.el === b.el;

export function initDiagramFocus(figure: HTMLElement, view: FocusView): void {
  let index: Index | undefined;
  /** The drawing as it is now: it may be drawn (by mermaid in this browser) after this runs. */
  const current = (): Index | undefined => {
    const svg = figure.querySelector<SVGSVGElement>('svg[data-diagram]');
    if (!svg) return undefined;
    if (index?.svg !== svg) {
      index = indexOf(svg);
      svg.classList.add('arbor-js');
    }
    return index;
  };

  const itemOf = (target: EventTarget | null): Item | undefined => {
    const idx = current();
    if (!idx || !(target instanceof Element) || !idx.svg.contains(target)) return undefined;
    const el = target.closest('[data-node], [data-edge-anchor]');
    if (!el) return undefined;
    const node = el.getAttribute('data-node');
    if (node !== null) return { kind: 'node', id: node, el };
    const anchor = el.getAttribute('data-edge-anchor')!;
    // The element a deep link names (the label, or the line of an edge drawn without one).
    return { kind: 'edge', anchor, el: idx.svg.querySelector(`[id="${CSS.escape(anchor)}"]`) ?? el };
  };

  /** What an item lights: itself, its edges' lines and labels, and the nodes at their other ends. */
  const neighbourhood = (item: Item): { lit: Element[]; glow: Element[]; box: Element[] } => {
    const idx = current()!;
    if (item.kind === 'edge') {
      const edge = idx.edges.get(item.anchor);
      const ends = edge ? [idx.nodes.get(edge.from), idx.nodes.get(edge.to)].filter((x): x is Element => !!x) : [];
      const parts = edge?.parts ?? [item.el];
      return { lit: [...parts, ...ends], glow: [...parts, ...ends], box: [item.el, ...ends] };
    }
    const lit: Element[] = [item.el];
    const box: Element[] = [item.el];
    for (const edge of idx.edges.values()) {
      if (edge.from !== item.id && edge.to !== item.id) continue;
      lit.push(...edge.parts);
      const other = idx.nodes.get(edge.from === item.id ? edge.to : edge.from);
      if (other) lit.push(other), box.push(other);
    }
    return { lit, glow: [], box };
  };

  // --- The card: what the focus is, an edge's source, the link to copy. ---
  const card = document.createElement('div');
  card.className = 'diagram-focus-card';
  card.hidden = true;
  card.setAttribute('data-pagefind-ignore', '');
  const viewport = figure.querySelector('.diagram-viewport');
  // Right after the drawing, so Tab reaches its button after the diagram's nodes and edges.
  if (viewport) viewport.after(card);
  else figure.append(card);

  let shown: Item | undefined;
  let litNow: Element[] = [];

  const copyButton = (item: Item): HTMLButtonElement => {
    const button = document.createElement('button');
    button.type = 'button';
    const text = `Copy link to this ${item.kind}`;
    button.textContent = text;
    button.addEventListener('click', async () => {
      const id = item.el.id;
      try {
        await navigator.clipboard.writeText(`${location.origin}${location.pathname}#${encodeURIComponent(id)}`);
        button.textContent = 'Copied ✓';
      } catch {
        // No clipboard (an insecure origin, a denied permission): the link is in the address bar instead.
        history.replaceState(null, '', `#${encodeURIComponent(id)}`);
        button.textContent = 'Link in address bar';
      }
      setTimeout(() => (button.textContent = text), 2000);
    });
    return button;
  };

  const fillCard = (item: Item) => {
    const idx = current()!;
    const line = (cls: string, ...content: (string | Node)[]) => {
      const p = document.createElement('p');
      p.className = cls;
      p.append(...content);
      return p;
    };
    const parts: HTMLElement[] = [];
    if (item.kind === 'node') {
      parts.push(line('diagram-focus-name', labelText(item.el) || item.id));
    } else {
      const edge = idx.edges.get(item.anchor);
      const name = (id: string) => {
        const node = idx.nodes.get(id);
        return (node && labelText(node)) || id;
      };
      parts.push(line('diagram-focus-name', labelText(item.el) || 'Edge'));
      if (edge) parts.push(line('diagram-focus-ends', `${name(edge.from)} → ${name(edge.to)}`));
      const citation = item.el.getAttribute('data-citation');
      if (citation) {
        const href = item.el.querySelector('a[href]')?.getAttribute('href');
        const paper = href && !href.startsWith('#') ? Object.assign(document.createElement('a'), { href, textContent: citation }) : citation;
        parts.push(line('diagram-focus-source', 'Source: ', paper));
      }
      const definition = item.el.getAttribute('data-definition');
      if (definition) parts.push(line('diagram-focus-definition', definition));
    }
    card.replaceChildren(...parts, copyButton(item));
  };

  /** Next to the focus, below it where there is room, else above; hidden when it is scrolled out of the viewport. */
  const place = () => {
    if (!shown || card.hidden) return;
    const r = shown.el.getBoundingClientRect();
    const v = (viewport ?? figure).getBoundingClientRect();
    const inView = r.bottom > v.top && r.top < v.bottom && r.right > v.left && r.left < v.right;
    card.style.visibility = inView ? '' : 'hidden';
    const { offsetWidth: w, offsetHeight: h } = card;
    let top = r.bottom + 8;
    if (top + h > innerHeight - 8) top = Math.max(8, r.top - h - 8);
    const left = Math.max(8, Math.min(r.left + r.width / 2 - w / 2, innerWidth - w - 8));
    card.style.top = `${Math.round(top)}px`;
    card.style.left = `${Math.round(left)}px`;
  };

  const render = (item: Item | undefined) => {
    const idx = current();
    if (!idx) return;
    if (sameItem(item, shown)) return place();
    for (const el of litNow) el.classList.remove('arbor-lit', 'arbor-glow', 'arbor-focused');
    shown = item;
    idx.svg.classList.toggle('arbor-focus', !!item);
    if (!item) {
      litNow = [];
      card.hidden = true;
      return;
    }
    const { lit, glow } = neighbourhood(item);
    for (const el of lit) el.classList.add('arbor-lit');
    for (const el of glow) el.classList.add('arbor-glow');
    item.el.classList.add('arbor-focused');
    litNow = lit.concat(item.el);
    fillCard(item);
    card.hidden = false;
    place();
  };

  let hover: Item | undefined;
  let pinned: Pinned | undefined;
  let hideTimer: ReturnType<typeof setTimeout> | undefined;
  const update = () => render(hover ?? pinned?.item);
  const cancelHide = () => clearTimeout(hideTimer);
  const hideSoon = () => {
    cancelHide();
    // A moment's grace, so the pointer can travel from the node to its card.
    hideTimer = setTimeout(() => ((hover = undefined), update()), HIDE_DELAY_MS);
  };
  const pin = (item: Item | undefined, by: Pinned['by'] = 'click') => {
    pinned = item && { item, by };
    update();
  };

  figure.addEventListener('pointerover', (e) => {
    if (e.pointerType === 'touch') return;
    if (card.contains(e.target as Node)) return cancelHide();
    const item = itemOf(e.target);
    if (!item) return hideSoon();
    cancelHide();
    hover = item;
    update();
  });
  const leave = () => {
    if (hover) hideSoon();
  };
  figure.addEventListener('pointerleave', leave);
  card.addEventListener('pointerleave', leave);

  // A touch screen cannot hover: the first tap on a node or edge shows its neighbourhood and card.
  let tapShows = false;
  figure.addEventListener('pointerdown', (e) => {
    const item = itemOf(e.target);
    tapShows = e.pointerType === 'touch' && !!item && !sameItem(item, pinned?.item);
  });
  figure.addEventListener('click', (e) => {
    if (e.defaultPrevented || card.contains(e.target as Node)) return; // the viewer's drag, or the card's own
    const item = itemOf(e.target);
    if (!item) {
      if (current()?.svg.contains(e.target as Node)) pin(undefined);
      return;
    }
    if (tapShows) e.preventDefault();
    // A link is followed (an edge's own `#edge-…` link pins it through hashchange).
    if (tapShows || !(e.target as Element).closest('a[href]')) pin(item);
  });
  figure.addEventListener('focusin', (e) => {
    const item = itemOf(e.target);
    if (item) pin(item, 'focus');
  });
  figure.addEventListener('focusout', (e) => {
    if (pinned?.by === 'focus' && !figure.contains(e.relatedTarget as Node | null)) pin(undefined);
  });
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || (!pinned && !hover)) return;
    hover = undefined;
    pin(undefined);
  });
  addEventListener('resize', place);
  addEventListener('scroll', place, { capture: true, passive: true });
  // The viewer zooms by restyling the drawing: keep the card by its focus.
  if (viewport) new MutationObserver(place).observe(viewport, { attributes: true, subtree: true, attributeFilter: ['style', 'transform', 'viewBox', 'width', 'height'] });

  const fromHash = () => {
    let id = '';
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch {
      return; // not a fragment Arbor wrote
    }
    const el = id ? document.getElementById(id) : null;
    const item = el ? itemOf(el) : undefined;
    if (!item || item.el !== el) {
      if (pinned?.by === 'hash') pin(undefined);
      return;
    }
    pin(item, 'hash');
    const rects = neighbourhood(item).box.map((x) => x.getBoundingClientRect()).filter((r) => r.width || r.height);
    if (!rects.length) return;
    const left = Math.min(...rects.map((r) => r.left));
    const top = Math.min(...rects.map((r) => r.top));
    view.zoomTo(new DOMRect(left, top, Math.max(...rects.map((r) => r.right)) - left, Math.max(...rects.map((r) => r.bottom)) - top));
    requestAnimationFrame(place);
  };
  current(); // from here on classes, not :target, light the drawing
  addEventListener('hashchange', fromHash);
  fromHash();
}
