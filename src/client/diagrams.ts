/**
 * The diagrams of a page in the browser: each figure gets its viewer (diagram-viewer.ts: zoom,
 * pan, fit, full screen, copy link). Diagrams, node links and `#node-…` deep links all work without this.
 * Where the build had no browser, it draws the remaining diagrams with mermaid, loaded only
 * on the pages that need it, and gives their nodes the ids and links the build would have
 * (until then, and without JavaScript, the nodes' anchors are on the figure's stand-in list).
 */
import { diagramSvgId, flowchartNodeId } from '../core/diagrams/ids.ts';
import { enhanceDiagram, type DiagramView } from './diagram-viewer.ts';
import { initDiagramFocus } from './diagram-focus.ts';

/** Each enhanced figure's view, so a deep link can ask the right one to zoom to a node. */
const views = new Map<HTMLElement, DiagramView>();

function enhance(figure: HTMLElement): void {
  const view = enhanceDiagram(figure);
  if (!view) return;
  views.set(figure, view);
  initDiagramFocus(figure, view);
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

/**
 * A deep link into a figure that diagram-focus.ts does not handle: a node of a drawing made here
 * (it has no edge data) or an item of the stand-in list. A node or edge of a build-time drawing
 * is focused, with its neighbourhood in view, by diagram-focus.ts.
 */
function focusTarget(): void {
  const id = decodeURIComponent(location.hash.slice(1));
  const node = id ? document.getElementById(id) : null;
  const figure = node?.closest<HTMLElement>('figure[data-diagram-figure]');
  if (!node || !figure || node === figure) return;
  if (!figure.hasAttribute('data-needs-client') && node.closest('svg[data-diagram]')) return;
  views.get(figure)?.zoomTo(node.getBoundingClientRect());
}

const figures = [...document.querySelectorAll<HTMLElement>('figure[data-diagram-figure]')];
figures.forEach(enhance);
focusTarget();
addEventListener('hashchange', focusTarget);
const pending = figures.filter((f) => f.hasAttribute('data-needs-client'));
if (pending.length) void drawInBrowser(pending);
