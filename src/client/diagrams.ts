/**
 * Progressive enhancement for diagrams drawn at build time: zoom, drag to pan, full screen
 * and "copy link". Diagrams, node links and `#node-…` deep links all work without this.
 * Where the build had no browser, it draws the remaining diagrams with mermaid, loaded only
 * on the pages that need it, and gives their nodes the ids and links the build would have
 * (until then, and without JavaScript, the nodes' anchors are on the figure's stand-in list).
 */
import { diagramSvgId, flowchartNodeId } from '../core/diagrams/ids.ts';

const MIN = 1;
const MAX = 6;

/** Enhanced figures, so a deep link can ask the right one to zoom to a node. */
const zoomers = new Map<HTMLElement, (node: Element) => void>();

function enhance(figure: HTMLElement): void {
  const viewport = figure.querySelector<HTMLElement>('.diagram-viewport');
  const controls = figure.querySelector<HTMLElement>('.diagram-controls');
  if (!viewport || !controls) return;
  controls.hidden = false;
  let scale = 1;
  const apply = () => {
    const svg = viewport.querySelector<SVGSVGElement>('svg');
    if (svg) svg.style.width = `${scale * 100}%`;
    figure.classList.toggle('zoomed', scale > 1);
  };
  const zoom = (factor: number) => {
    const cx = (viewport.scrollLeft + viewport.clientWidth / 2) / viewport.scrollWidth;
    const cy = (viewport.scrollTop + viewport.clientHeight / 2) / viewport.scrollHeight;
    scale = Math.min(MAX, Math.max(MIN, scale * factor));
    apply();
    viewport.scrollLeft = cx * viewport.scrollWidth - viewport.clientWidth / 2;
    viewport.scrollTop = cy * viewport.scrollHeight - viewport.clientHeight / 2;
  };
  controls.addEventListener('click', async (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
    if (!button) return;
    const action = button.dataset.action;
    if (action === 'zoom-in') zoom(1.25);
    else if (action === 'zoom-out') zoom(0.8);
    else if (action === 'reset') (scale = 1), apply();
    else if (action === 'fullscreen') {
      if (document.fullscreenElement) await document.exitFullscreen();
      else await figure.requestFullscreen?.().catch(() => figure.classList.toggle('pseudo-fullscreen'));
    } else if (action === 'copy-link') {
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
  // A deep link to a node of a large diagram: show it at its drawn size, centred on the node.
  zoomers.set(figure, (node) => {
    const svg = viewport.querySelector<SVGSVGElement>('svg');
    const natural = svg ? parseFloat(getComputedStyle(svg).getPropertyValue('--arbor-dg-width')) : NaN;
    if (svg && natural > svg.clientWidth * 1.2) {
      scale = Math.min(MAX, natural / viewport.clientWidth);
      apply();
    }
    const n = node.getBoundingClientRect();
    const v = viewport.getBoundingClientRect();
    viewport.scrollLeft += n.left + n.width / 2 - (v.left + v.width / 2);
    viewport.scrollTop += n.top + n.height / 2 - (v.top + v.height / 2);
    node.scrollIntoView({ block: 'center', inline: 'nearest' });
  });
  viewport.addEventListener(
    'wheel',
    (event) => {
      if (!event.ctrlKey && !event.metaKey) return;
      event.preventDefault();
      zoom(event.deltaY < 0 ? 1.1 : 0.9);
    },
    { passive: false },
  );
  // Drag to pan when zoomed; a click without movement still follows node links.
  let drag: { x: number; y: number; left: number; top: number; moved: boolean } | null = null;
  viewport.addEventListener('pointerdown', (e) => {
    if (scale === 1 || e.button !== 0) return;
    drag = { x: e.clientX, y: e.clientY, left: viewport.scrollLeft, top: viewport.scrollTop, moved: false };
  });
  viewport.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const dx = e.clientX - drag.x;
    const dy = e.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 4) drag.moved = true;
    viewport.scrollLeft = drag.left - dx;
    viewport.scrollTop = drag.top - dy;
  });
  const end = () => setTimeout(() => (drag = null));
  viewport.addEventListener('pointerup', end);
  viewport.addEventListener('pointerleave', end);
  viewport.addEventListener('click', (e) => {
    if (drag?.moved) e.preventDefault();
  }, true);
}

interface MermaidGlobal {
  initialize(config: Record<string, unknown>): void;
  render(id: string, source: string): Promise<{ svg: string }>;
}

/** mermaid's own browser bundle, copied into the site only when some diagram needs it. */
function loadMermaid(src: string): Promise<MermaidGlobal> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve((window as unknown as { mermaid: MermaidGlobal }).mermaid);
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(script);
  });
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Give the nodes of a diagram drawn here what the build gives them (`decorateSvg`): the anchor
 * id (moved from the stand-in list, so each id stays unique on the page) and a link.
 */
function adoptNodes(svg: SVGSVGElement, svgId: string, standIn: HTMLElement | null): void {
  const items = new Map([...(standIn?.querySelectorAll<HTMLElement>('li[data-node]') ?? [])].map((li) => [li.dataset.node!, li]));
  for (const node of svg.querySelectorAll<SVGGElement>('g.node')) {
    const id = flowchartNodeId(node.id, svgId);
    const item = id === undefined ? undefined : items.get(id);
    if (id === undefined || !item) continue;
    const anchor = item.id;
    const href = item.querySelector('a')?.getAttribute('href');
    item.remove();
    node.id = anchor;
    node.setAttribute('data-node', id);
    if (!href) continue;
    const wrapper = node.parentElement?.tagName.toLowerCase() === 'a' ? node.parentElement : null;
    if (wrapper) {
      // mermaid wrapped the node in <a xlink:href> (a `click` line): point it where the build would.
      wrapper.removeAttribute('xlink:href');
      wrapper.setAttribute('href', href);
    } else {
      const link = document.createElementNS(SVG_NS, 'a');
      link.setAttribute('href', href);
      link.append(...node.childNodes);
      node.append(link);
    }
  }
  // Nodes the drawing did not show keep their item (and anchor) in the list.
  if (standIn && !standIn.querySelector('li')) standIn.remove();
}

async function drawInBrowser(figures: HTMLElement[]): Promise<void> {
  const mermaid = await loadMermaid(figures[0]!.dataset.mermaidSrc ?? '/_arbor/mermaid.min.js');
  const dark = matchMedia('(prefers-color-scheme: dark)').matches;
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: dark ? 'dark' : 'default' });
  for (const figure of figures) {
    const pre = figure.querySelector<HTMLElement>('pre.mermaid-source');
    if (!pre) continue;
    // The id the build would give this drawing, so inner ids (markers, node ids) are unique per figure.
    const svgId = diagramSvgId(figure.id);
    try {
      const { svg } = await mermaid.render(svgId, pre.textContent ?? '');
      const host = document.createElement('div');
      host.innerHTML = svg;
      const drawn = host.querySelector('svg');
      if (!drawn) continue;
      drawn.setAttribute('data-diagram', figure.id);
      adoptNodes(drawn, svgId, figure.querySelector<HTMLElement>('ul.diagram-stand-in'));
      pre.replaceWith(drawn);
    } catch (err) {
      pre.title = `mermaid: ${(err as Error).message}`;
    }
  }
  // A deep link to a node that only now is in the drawing.
  focusTarget();
}

function focusTarget(): void {
  const id = decodeURIComponent(location.hash.slice(1));
  const node = id ? document.getElementById(id) : null;
  const figure = node?.closest<HTMLElement>('figure[data-diagram-figure]');
  if (node && figure && node !== figure) zoomers.get(figure)?.(node);
}

const figures = [...document.querySelectorAll<HTMLElement>('figure[data-diagram-figure]')];
figures.forEach(enhance);
focusTarget();
addEventListener('hashchange', focusTarget);
const pending = figures.filter((f) => f.hasAttribute('data-needs-client'));
if (pending.length) void drawInBrowser(pending);
