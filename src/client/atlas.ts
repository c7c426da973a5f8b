/**
 * The atlas page: draws the merged map of concepts from /atlas/data.json (positions come computed
 * from the build: src/core/atlas.ts), filters it by tree, paper and relationship, shows the selected
 * concept in a side panel, and keeps the view (filters, selection, pan and zoom) in the URL's query
 * string, so a copied link reopens the same view. Only this page loads it.
 */
import type { AtlasConcept, AtlasData, AtlasEdge } from '../core/atlas.ts';
import { startBox, wholeBox, type Box } from '../core/atlas-view.ts';

const SVG = 'http://www.w3.org/2000/svg';
const R = 15;

interface View {
  tree: string;
  paper: string;
  kind: string;
  concept: string;
  notes: boolean;
  box?: Box;
}

type Child = Node | string | false | undefined | null;
function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) if (c) node.append(c);
  return node;
}
function s(tag: string, attrs: Record<string, string | number> = {}, ...children: Child[]): SVGElement {
  const node = document.createElementNS(SVG, tag) as SVGElement;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  for (const c of children) if (c) node.append(c);
  return node;
}
const link = (href: string | undefined, text: string): Node => (href ? h('a', { href }, text) : document.createTextNode(text));

function readView(): View {
  const q = new URLSearchParams(location.search);
  const box = (q.get('view') ?? '').split(',').map(Number);
  return {
    tree: q.get('tree') ?? '',
    paper: q.get('paper') ?? '',
    kind: q.get('kind') ?? '',
    concept: q.get('concept') ?? '',
    notes: q.get('notes') === '1',
    ...(box.length === 4 && box.every(Number.isFinite) && box[2]! > 0 && box[3]! > 0 ? { box: { x: box[0]!, y: box[1]!, w: box[2]!, h: box[3]! } } : {}),
  };
}

function writeView(v: View): void {
  const q = new URLSearchParams();
  if (v.tree) q.set('tree', v.tree);
  if (v.paper) q.set('paper', v.paper);
  if (v.kind) q.set('kind', v.kind);
  if (v.concept) q.set('concept', v.concept);
  if (v.notes) q.set('notes', '1');
  if (v.box) q.set('view', [v.box.x, v.box.y, v.box.w, v.box.h].join(','));
  const search = q.toString();
  history.replaceState(history.state, '', `${location.pathname}${search ? `?${search}` : ''}${location.hash}`);
}

export async function initAtlas(): Promise<void> {
  const root = document.querySelector<HTMLElement>('[data-atlas]');
  if (!root) return;
  const res = await fetch(root.dataset.atlas!);
  const data = (await res.json()) as AtlasData | null;
  if (!data?.concepts.length) return;
  new Atlas(root, data);
}

class Atlas {
  readonly data: AtlasData;
  readonly root: HTMLElement;
  readonly svg: SVGSVGElement;
  readonly form: HTMLFormElement;
  readonly panel: HTMLElement;
  readonly byId: Map<string, AtlasConcept>;
  readonly nodes = new Map<string, SVGElement>();
  readonly edgeEls: SVGElement[] = [];
  readonly notesLayer: SVGElement;
  view: View;
  fit: Box;
  visibleConcepts = new Set<string>();
  visibleEdges = new Set<AtlasEdge>();

  constructor(root: HTMLElement, data: AtlasData) {
    this.root = root;
    this.data = data;
    this.byId = new Map(data.concepts.map((c) => [c.id, c]));
    this.form = root.querySelector('[data-atlas-filters]')!;
    this.panel = root.querySelector('[data-atlas-panel]')!;
    this.view = readView();
    this.fit = wholeBox(data);
    this.svg = s('svg', { class: 'atlas-svg', role: 'group', 'aria-label': 'Map of concepts' }) as SVGSVGElement;
    this.notesLayer = s('g', { class: 'atlas-notes' });
    this.fillFilters();
    this.draw();
    root.querySelector('[data-atlas-map]')!.append(this.svg);
    root.hidden = false;
    // A link to a concept opens on it, close enough to read; otherwise the whole map if its labels
    // read, else its largest group or that group's hub (src/core/atlas-view.ts).
    const focus = this.view.box ? undefined : this.byId.get(this.view.concept);
    const frame = { w: this.svg.clientWidth || 800, h: this.svg.clientHeight || 600 };
    if (focus) {
      this.view.box = { x: focus.x - frame.w / 2, y: focus.y - frame.h / 2, w: frame.w, h: frame.h };
    } else if (!this.view.box) {
      const start = startBox(data, frame.w, frame.h);
      if (start) this.view.box = start;
    }
    this.setBox(this.view.box, false);
    this.apply();
    if (this.view.concept && this.byId.has(this.view.concept)) this.select(this.view.concept, false);
    this.wire();
    performance.mark('atlas-drawn');
    root.dataset.atlasReady = '';
  }

  private fillFilters(): void {
    const { trees, papers, kinds } = this.data;
    const fill = (name: string, options: [string, string][]) => {
      const select = this.form.elements.namedItem(name) as HTMLSelectElement;
      for (const [value, text] of options) select.append(h('option', { value }, text));
      return select;
    };
    const collate = new Intl.Collator('en', { numeric: true });
    fill('tree', trees.map((t) => [t.id, t.title] as [string, string]).sort((a, b) => collate.compare(a[1], b[1])));
    fill('paper', papers.map((p) => [p.id, p.label ? `${p.label}: ${p.title}` : p.title] as [string, string]).sort((a, b) => collate.compare(a[1], b[1])));
    fill('kind', kinds.map((k) => [k.id, k.label] as [string, string]).sort((a, b) => collate.compare(a[1], b[1])));
    for (const name of ['tree', 'paper', 'kind'] as const) {
      const select = this.form.elements.namedItem(name) as HTMLSelectElement;
      select.value = this.view[name];
      if (select.value !== this.view[name]) this.view[name] = ''; // a link to a tree, paper or kind that is gone
    }
    (this.form.elements.namedItem('notes') as HTMLInputElement).checked = this.view.notes;
  }

  private draw(): void {
    const defs = s('defs', {}, s('marker', { id: 'atlas-arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, s('path', { d: 'M0,0L10,5L0,10z', class: 'atlas-arrowhead' })));
    const edgeLayer = s('g', { class: 'atlas-edges' });
    const nodeLayer = s('g', { class: 'atlas-nodes' });
    // Edges between the same two concepts (other papers) bend apart.
    const pairs = new Map<string, AtlasEdge[]>();
    for (const e of this.data.edges) {
      const key = e.from < e.to ? `${e.from}\u0000${e.to}` : `${e.to}\u0000${e.from}`;
      pairs.set(key, [...(pairs.get(key) ?? []), e]);
    }
    const kinds = new Map(this.data.kinds.map((k) => [k.id, k.label]));
    for (const group of pairs.values()) {
      group.forEach((e, i) => {
        const a = this.byId.get(e.from)!;
        const b = this.byId.get(e.to)!;
        const paper = e.paper === undefined ? undefined : this.data.papers[e.paper];
        const title = `${a.label} → ${b.label}: ${kinds.get(e.kind) ?? e.kind}${paper ? ` (${paper.label ?? paper.title})` : ''}`;
        let d: string;
        let mx: number;
        let my: number;
        if (a === b) {
          d = `M${a.x - 8},${a.y - R + 2}C${a.x - 40},${a.y - 70} ${a.x + 40},${a.y - 70} ${a.x + 8},${a.y - R + 2}`;
          mx = a.x;
          my = a.y - 58;
        } else {
          const dx = b.x - a.x;
          const dy = b.y - a.y;
          const len = Math.hypot(dx, dy) || 1;
          const sign = e.from < e.to ? 1 : -1;
          const bend = (i - (group.length - 1) / 2) * 22 * sign;
          const cx = (a.x + b.x) / 2 - (dy / len) * bend;
          const cy = (a.y + b.y) / 2 + (dx / len) * bend;
          const x1 = a.x + (dx / len) * R;
          const y1 = a.y + (dy / len) * R;
          const x2 = b.x - (dx / len) * (R + 2);
          const y2 = b.y - (dy / len) * (R + 2);
          d = `M${x1.toFixed(1)},${y1.toFixed(1)}Q${cx.toFixed(1)},${cy.toFixed(1)} ${x2.toFixed(1)},${y2.toFixed(1)}`;
          mx = (x1 + 2 * cx + x2) / 4;
          my = (y1 + 2 * cy + y2) / 4;
        }
        const g = s('g', { class: 'atlas-edge' }, s('title', {}, title), s('path', { d, 'marker-end': 'url(#atlas-arrow)' }), s('text', { x: mx.toFixed(1), y: my.toFixed(1), class: 'atlas-edge-label' }, kinds.get(e.kind) ?? e.kind));
        (g as SVGElement & { edge?: AtlasEdge }).edge = e;
        this.edgeEls.push(g);
        edgeLayer.append(g);
      });
    }
    const collate = new Intl.Collator('en');
    for (const c of [...this.data.concepts].sort((a, b) => collate.compare(a.label, b.label))) {
      const trees = c.trees.map((t) => this.data.trees[t.tree]!.title);
      const g = s(
        'g',
        { class: `atlas-node atlas-${c.kind}`, transform: `translate(${c.x},${c.y})`, tabindex: 0, role: 'button', 'aria-pressed': 'false', 'aria-label': `${c.label}, in ${trees.length === 1 ? trees[0] : `${trees.length} trees`}`, 'data-concept': c.id },
        s('circle', { r: R }),
        c.emoji && s('text', { class: 'atlas-emoji', 'aria-hidden': 'true', y: 5 }, c.emoji),
        s('text', { class: 'atlas-label', y: R + 14 }, c.label),
      );
      this.nodes.set(c.id, g);
      nodeLayer.append(g);
    }
    this.svg.append(defs, edgeLayer, this.notesLayer, nodeLayer);
  }

  /** The notes of the visible concepts, as small satellites around each (drawn when asked for). */
  private drawNotes(): void {
    this.notesLayer.replaceChildren();
    if (!this.view.notes) return;
    for (const c of this.data.concepts) {
      if (!this.visibleConcepts.has(c.id) || !c.notes.length) continue;
      c.notes.forEach((n, i) => {
        const note = this.data.notes[n]!;
        const angle = (i / c.notes.length) * 2 * Math.PI - Math.PI / 2;
        const x = c.x + Math.cos(angle) * (R + 16);
        const y = c.y + Math.sin(angle) * (R + 16);
        this.notesLayer.append(s('a', { href: note.href, class: 'atlas-note', 'aria-label': `Note: ${note.title} (about ${c.label})` }, s('title', {}, note.title), s('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: 5 })));
      });
    }
  }

  /** Shows what the filters keep, counts it and writes the view into the URL. */
  private apply(): void {
    const { tree, paper, kind } = this.view;
    const treeIndex = this.data.trees.findIndex((t) => t.id === tree);
    const paperIndex = this.data.papers.findIndex((p) => p.id === paper);
    const edgeOk = (e: AtlasEdge) => (!tree || e.labels.some((l) => l.tree === treeIndex)) && (!paper || e.paper === paperIndex) && (!kind || e.kind === kind);
    this.visibleEdges = new Set(this.data.edges.filter(edgeOk));
    this.visibleConcepts = new Set<string>();
    if (paper || kind) for (const e of this.visibleEdges) this.visibleConcepts.add(e.from).add(e.to);
    else for (const c of this.data.concepts) if (!tree || c.trees.some((t) => t.tree === treeIndex)) this.visibleConcepts.add(c.id);
    for (const [id, g] of this.nodes) g.classList.toggle('is-hidden', !this.visibleConcepts.has(id));
    for (const g of this.edgeEls) g.classList.toggle('is-hidden', !this.visibleEdges.has((g as SVGElement & { edge?: AtlasEdge }).edge!));
    const n = this.data.concepts.length;
    const m = this.data.edges.length;
    this.root.querySelector('[data-atlas-count]')!.textContent = `${this.visibleConcepts.size} of ${n} concepts · ${this.visibleEdges.size} of ${m} relationships`;
    this.drawNotes();
    this.highlight();
    if (this.view.concept) this.renderPanel(this.byId.get(this.view.concept)!);
    writeView(this.view);
  }

  private highlight(): void {
    const id = this.view.concept;
    const near = new Set<string>();
    for (const g of this.edgeEls) {
      const e = (g as SVGElement & { edge?: AtlasEdge }).edge!;
      const on = !!id && (e.from === id || e.to === id);
      g.classList.toggle('is-active', on);
      if (on) near.add(e.from).add(e.to);
    }
    for (const [cid, g] of this.nodes) {
      g.classList.toggle('is-selected', cid === id);
      g.setAttribute('aria-pressed', String(cid === id));
      g.classList.toggle('is-near', cid !== id && near.has(cid));
    }
  }

  select(id: string, write = true): void {
    const c = this.byId.get(id);
    if (!c) return;
    this.view.concept = id;
    this.highlight();
    this.renderPanel(c);
    if (write) writeView(this.view);
  }

  private renderPanel(c: AtlasConcept): void {
    const { trees, papers, kinds, notes } = this.data;
    const kindOf = new Map(kinds.map((k) => [k.id, k]));
    const mine = this.data.edges.filter((e) => e.from === c.id || e.to === c.id);
    const shown = mine.filter((e) => this.visibleEdges.has(e));
    const groups = new Map<string, AtlasEdge[]>();
    for (const e of shown) groups.set(e.kind, [...(groups.get(e.kind) ?? []), e]);
    const open = c.kind === 'term' ? 'Glossary entry' : c.kind === 'local' ? 'Open in its tree' : 'Open the page';
    const rel = h('ul', { class: 'atlas-rels' });
    for (const [kind, edges] of [...groups].sort((a, b) => (kindOf.get(a[0])?.label ?? a[0]).localeCompare(kindOf.get(b[0])?.label ?? b[0], 'en'))) {
      const k = kindOf.get(kind);
      const items = h('ul');
      for (const e of edges) {
        const out = e.from === c.id;
        const other = this.byId.get(out ? e.to : e.from)!;
        const go = h('button', { type: 'button', class: 'atlas-go', 'data-go': other.id }, other.label);
        const paper = e.paper === undefined ? undefined : papers[e.paper]!;
        const where = e.labels.flatMap((l, i) => [i > 0 ? ', ' : '', link(`${trees[l.tree]!.href}#${l.anchor}`, `${trees[l.tree]!.title}${l.label && l.label !== k?.label ? ` (“${l.label}”)` : ''}`)]);
        items.append(h('li', { 'data-edge-trees': e.labels.map((l) => trees[l.tree]!.id).join(' ') }, out ? '→ ' : '← ', go, paper && ' · ', paper && link(paper.href, paper.label ? `${paper.label}: ${paper.title}` : paper.title), h('span', { class: 'atlas-in' }, ' · in ', ...where)));
      }
      rel.append(h('li', {}, h('strong', {}, link(k?.href, k?.label ?? kind)), items));
    }
    const noteList = h('ul');
    for (const n of c.notes) noteList.append(h('li', {}, link(notes[n]!.href, notes[n]!.title)));
    const parts: Child[] = [
      h('h2', { tabindex: '-1', 'data-atlas-title': '' }, c.emoji ? `${c.emoji} ${c.label}` : c.label),
      c.short && h('p', { class: 'atlas-short' }, c.short),
      h('p', {}, h('a', { href: c.href, 'data-atlas-entry': '' }, open)),
      h('h3', {}, `In ${c.trees.length === 1 ? '1 tree' : `${c.trees.length} trees`}`),
      h('ul', { 'data-atlas-trees': '' }, ...c.trees.map((t) => h('li', {}, link(`${trees[t.tree]!.href}#${t.anchor}`, trees[t.tree]!.title)))),
      h('h3', {}, `Relationships (${shown.length < mine.length ? `${shown.length} of ${mine.length}, filtered` : mine.length})`),
      shown.length ? rel : h('p', {}, 'None under these filters.'),
      c.noteCount > 0 && h('h3', {}, `Notes (${c.noteCount})`),
      c.noteCount > 0 && noteList,
      c.noteCount > c.notes.length && !!c.page && h('p', {}, h('a', { href: c.page }, `All ${c.noteCount} notes about ${c.label}`)),
    ];
    this.panel.replaceChildren(...parts.filter((p): p is Node | string => !!p));
  }

  /** Shows this part of the map; the whole map (`undefined`) keeps the URL free of a `view`. */
  private setBox(box: Box | undefined, write = true): void {
    // Whole map units: the URL names the same box as the viewBox.
    if (box) this.view.box = { x: Math.round(box.x), y: Math.round(box.y), w: Math.max(1, Math.round(box.w)), h: Math.max(1, Math.round(box.h)) };
    else delete this.view.box;
    const b = this.view.box ?? this.fit;
    this.svg.setAttribute('viewBox', `${b.x} ${b.y} ${b.w} ${b.h}`);
    if (write) writeView(this.view);
  }

  /** Zooms by `factor` (> 1 zooms in) around a point of the map (its centre by default). */
  private zoom(factor: number, cx?: number, cy?: number): void {
    const b = this.view.box ?? this.fit;
    const w = Math.min(Math.max(b.w / factor, this.fit.w / 20), this.fit.w * 4);
    const f = b.w / w;
    const x = cx ?? b.x + b.w / 2;
    const y = cy ?? b.y + b.h / 2;
    this.setBox({ x: x - (x - b.x) / f, y: y - (y - b.y) / f, w, h: b.h / f });
  }

  /** A point of the page in map units. */
  private toMap(clientX: number, clientY: number): { x: number; y: number } {
    const m = this.svg.getScreenCTM();
    if (!m) return { x: 0, y: 0 };
    const p = new DOMPoint(clientX, clientY).matrixTransform(m.inverse());
    return { x: p.x, y: p.y };
  }

  private wire(): void {
    this.form.addEventListener('change', (ev) => {
      const t = ev.target as HTMLSelectElement | HTMLInputElement;
      if (t.name === 'notes') this.view.notes = (t as HTMLInputElement).checked;
      else if (t.name === 'tree' || t.name === 'paper' || t.name === 'kind') this.view[t.name] = t.value;
      this.apply();
    });
    this.form.addEventListener('submit', (ev) => ev.preventDefault());
    this.root.querySelector('[data-atlas-reset]')!.addEventListener('click', () => {
      for (const name of ['tree', 'paper', 'kind'] as const) {
        (this.form.elements.namedItem(name) as HTMLSelectElement).value = '';
        this.view[name] = '';
      }
      this.apply();
    });
    const copy = this.root.querySelector<HTMLButtonElement>('[data-atlas-copy]')!;
    copy.addEventListener('click', () => {
      const done = (text: string) => {
        copy.textContent = text;
        setTimeout(() => (copy.textContent = 'Copy link to this view'), 2000);
      };
      navigator.clipboard?.writeText(location.href).then(() => done('Link copied'), () => done('Copy failed: use the address bar'));
    });
    for (const b of this.root.querySelectorAll<HTMLButtonElement>('[data-atlas-zoom]')) {
      b.addEventListener('click', () => (b.dataset.atlasZoom === 'fit' ? this.setBox(undefined) : this.zoom(b.dataset.atlasZoom === 'in' ? 1.4 : 1 / 1.4)));
    }
    const nodeOf = (t: EventTarget | null) => (t instanceof Element ? t.closest<SVGElement>('[data-concept]') : null);
    this.svg.addEventListener('keydown', (ev) => {
      const g = nodeOf(ev.target);
      if (g && (ev.key === 'Enter' || ev.key === ' ')) {
        ev.preventDefault();
        this.select(g.dataset.concept!);
      }
    });
    this.panel.addEventListener('click', (ev) => {
      const go = ev.target instanceof Element ? ev.target.closest<HTMLElement>('[data-go]') : null;
      if (!go) return;
      this.select(go.dataset.go!);
      this.nodes.get(go.dataset.go!)?.focus();
    });
    // Wheel zooms with Ctrl (or a pinch, which the browser reports so): plain scrolling scrolls the page.
    this.svg.addEventListener(
      'wheel',
      (ev) => {
        if (!ev.ctrlKey) return;
        ev.preventDefault();
        const p = this.toMap(ev.clientX, ev.clientY);
        this.zoom(Math.exp(-ev.deltaY / 300), p.x, p.y);
      },
      { passive: false },
    );
    // Dragging pans; a press that does not move is a click (and selects the concept under it).
    let drag: { id: number; x: number; y: number; box: Box; moved: boolean } | undefined;
    this.svg.addEventListener('pointerdown', (ev) => {
      if (ev.button !== 0 || (ev.target instanceof Element && ev.target.closest('a'))) return;
      drag = { id: ev.pointerId, x: ev.clientX, y: ev.clientY, box: this.view.box ?? this.fit, moved: false };
    });
    this.svg.addEventListener('pointermove', (ev) => {
      if (!drag || ev.pointerId !== drag.id) return;
      const dx = ev.clientX - drag.x;
      const dy = ev.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < 4) return;
      if (!drag.moved) this.svg.setPointerCapture(ev.pointerId);
      drag.moved = true;
      // The viewBox is fitted (meet): the larger of the two ratios is the scale.
      const scale = Math.max(drag.box.w / (this.svg.clientWidth || 1), drag.box.h / (this.svg.clientHeight || 1));
      this.setBox({ ...drag.box, x: drag.box.x - dx * scale, y: drag.box.y - dy * scale }, false);
    });
    const end = (ev: PointerEvent) => {
      if (!drag || ev.pointerId !== drag.id) return;
      const moved = drag.moved;
      drag = undefined;
      if (moved) writeView(this.view);
      else if (ev.type === 'pointerup') {
        const g = nodeOf(ev.target);
        if (g) this.select(g.dataset.concept!);
      }
    };
    this.svg.addEventListener('pointerup', end);
    this.svg.addEventListener('pointercancel', end);
  }
}
