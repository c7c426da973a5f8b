/**
 * The atlas's first view (src/client/atlas.ts), apart from atlas.ts so the browser bundle does not
 * take d3-force with it. Labels are 12 map units high: the whole map is shown when they read at
 * 10 px or more; otherwise its largest connected group, and if that is too big too, the group's
 * most connected concept at full size (12 px labels). "Fit" still shows everything.
 */
import type { AtlasData } from './atlas.ts';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Map units per screen pixel at which 12-unit labels are 10 px. */
export const READABLE_SCALE = 1.2;
/** Room around what a view shows, in map units. */
export const VIEW_PAD = 90;

/** Map units per pixel when `box` is shown in a `width` × `height` frame (the SVG fits it: meet). */
const scaleOf = (box: Box, width: number, height: number) => Math.max(box.w / width, box.h / height);

function around(points: { x: number; y: number }[]): Box {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  return { x: minX - VIEW_PAD, y: minY - VIEW_PAD, w: maxX - minX + 2 * VIEW_PAD, h: maxY - minY + 2 * VIEW_PAD };
}

/** The whole map's box. */
export function wholeBox(data: AtlasData): Box {
  const { minX, minY, maxX, maxY } = data.bounds;
  return { x: minX - VIEW_PAD, y: minY - VIEW_PAD, w: maxX - minX + 2 * VIEW_PAD, h: maxY - minY + 2 * VIEW_PAD };
}

/** The first view in a `width` × `height` px frame; undefined when the whole map reads. */
export function startBox(data: AtlasData, width: number, height: number): Box | undefined {
  if (!data.concepts.length || width <= 0 || height <= 0) return undefined;
  if (scaleOf(wholeBox(data), width, height) <= READABLE_SCALE) return undefined;
  // Connected groups by union-find over the edges: the one with the most edges (then concepts) wins.
  const index = new Map(data.concepts.map((c, i) => [c.id, i]));
  const parent = data.concepts.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const degree = new Array<number>(data.concepts.length).fill(0);
  for (const e of data.edges) {
    const [a, b] = [index.get(e.from), index.get(e.to)];
    if (a === undefined || b === undefined) continue;
    degree[a]!++;
    degree[b]!++;
    parent[find(a)] = find(b);
  }
  const groups = new Map<number, { members: number[]; edges: number }>();
  data.concepts.forEach((_, i) => {
    const g = groups.get(find(i)) ?? { members: [], edges: 0 };
    g.members.push(i);
    groups.set(find(i), g);
  });
  for (const e of data.edges) {
    const a = index.get(e.from);
    if (a !== undefined) groups.get(find(a))!.edges++;
  }
  const best = [...groups.values()].sort((a, b) => b.edges - a.edges || b.members.length - a.members.length || a.members[0]! - b.members[0]!)[0]!;
  const group = around(best.members.map((i) => data.concepts[i]!));
  if (scaleOf(group, width, height) <= READABLE_SCALE) {
    // Centred in the frame's shape, so the group is in the middle of the view.
    const s = scaleOf(group, width, height);
    const [w, h] = [width * s, height * s];
    return { x: group.x - (w - group.w) / 2, y: group.y - (h - group.h) / 2, w, h };
  }
  const hub = data.concepts[best.members.reduce((a, b) => (degree[b]! > degree[a]! ? b : a))]!;
  return { x: hub.x - width / 2, y: hub.y - height / 2, w: width, h: height };
}
