/**
 * `npx tsx bench/diagram-sizes.ts [--dist DIR] [--content DIR] [--out FILE] [--no-record]`
 *
 * How readable each diagram of a built site is (issue 12, "Layouts that read"). Without `--dist`
 * it builds `--content` (default `content/`) with the real build into a temp folder, with fresh
 * Arbor and Astro caches (bench/astro.config.mjs) so every page is rendered and every diagram
 * drawn: the build log's drawing time is the cold cost. Then it
 * serves the site, opens every page that holds a diagram in Chromium at 1280×900 and reads, per
 * drawn `<svg data-diagram>`:
 *
 * - drawn size: the viewBox, in drawing units (px of the drawing at 100 %);
 * - the label font size in drawing units (computed `font-size` of a node label's `<text>`);
 * - the width it is displayed at on the first view (after the page's scripts ran) and so the label
 *   height as shown: font × displayed width / viewBox width (CSS px);
 * - the label height when fitted to the figure's width (what the layout alone gives, whatever the
 *   viewer does on first view);
 * - the width it needs to show labels at 12 px (viewBox width × 12 / font) and that as a multiple
 *   of the figure's width;
 * - edge crossings: edge paths sampled with getPointAtLength and intersected pairwise (points
 *   near either edge's ends, where edges meet at a node, are not crossings).
 *
 * Prints a Markdown table and writes it to `--out` (default bench/DIAGRAMS.md; `--no-record`
 * writes nothing).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { stripVTControlCharacters } from 'node:util';
import { cleanEnv, launchBrowser, projectRoot, serve } from '../tests/helpers/site.ts';

const { values: args } = parseArgs({
  options: {
    dist: { type: 'string' },
    content: { type: 'string' },
    out: { type: 'string' },
    'no-record': { type: 'boolean', default: false },
  },
});

const WIDTH = 1280;
const HEIGHT = 900;
/** The label size a reader reads comfortably at arm's length on a laptop. */
const READABLE_PX = 12;

interface Measured {
  id: string;
  type: string;
  nodes: number;
  edges: number;
  vbW: number;
  vbH: number;
  fontPx: number;
  shownW: number;
  columnW: number;
  crossings: number;
}

interface Row extends Measured {
  page: string;
}

/** Run in the page: plain JavaScript in a string (tsx's helpers do not exist in the page; see drawing-page.ts). */
const MEASURE = String.raw`(() => {
  function crossingsOf(svg) {
    var paths = Array.from(new Set(Array.from(svg.querySelectorAll('path.flowchart-link, .edgePaths > path, path[data-edge]'))));
    var polys = paths.map(function (p) {
      var len = 0;
      try { len = p.getTotalLength(); } catch (e) { return null; }
      if (!(len > 0)) return null;
      var n = Math.max(2, Math.min(400, Math.ceil(len / 6)));
      var pts = [];
      for (var i = 0; i <= n; i++) { var q = p.getPointAtLength((len * i) / n); pts.push([q.x, q.y]); }
      var xs = pts.map(function (q) { return q[0]; }), ys = pts.map(function (q) { return q[1]; });
      return { pts: pts, a: pts[0], b: pts[pts.length - 1], box: [Math.min.apply(null, xs), Math.min.apply(null, ys), Math.max.apply(null, xs), Math.max.apply(null, ys)] };
    }).filter(Boolean);
    function hit(p1, p2, p3, p4) {
      var d = (p2[0] - p1[0]) * (p4[1] - p3[1]) - (p2[1] - p1[1]) * (p4[0] - p3[0]);
      if (Math.abs(d) < 1e-9) return null;
      var t = ((p3[0] - p1[0]) * (p4[1] - p3[1]) - (p3[1] - p1[1]) * (p4[0] - p3[0])) / d;
      var u = ((p3[0] - p1[0]) * (p2[1] - p1[1]) - (p3[1] - p1[1]) * (p2[0] - p1[0])) / d;
      return t >= 0 && t <= 1 && u >= 0 && u <= 1 ? [p1[0] + t * (p2[0] - p1[0]), p1[1] + t * (p2[1] - p1[1])] : null;
    }
    function near(p, q, r) { return Math.abs(p[0] - q[0]) < r && Math.abs(p[1] - q[1]) < r; }
    var END = 14, SAME = 8, count = 0;
    for (var i = 0; i < polys.length; i++) for (var j = i + 1; j < polys.length; j++) {
      var A = polys[i], B = polys[j];
      if (A.box[2] < B.box[0] || B.box[2] < A.box[0] || A.box[3] < B.box[1] || B.box[3] < A.box[1]) continue;
      var found = [];
      for (var s = 1; s < A.pts.length; s++) {
        var a1 = A.pts[s - 1], a2 = A.pts[s];
        var ax0 = Math.min(a1[0], a2[0]), ax1 = Math.max(a1[0], a2[0]), ay0 = Math.min(a1[1], a2[1]), ay1 = Math.max(a1[1], a2[1]);
        if (ax1 < B.box[0] || B.box[2] < ax0 || ay1 < B.box[1] || B.box[3] < ay0) continue;
        for (var t = 1; t < B.pts.length; t++) {
          var b1 = B.pts[t - 1], b2 = B.pts[t];
          if (Math.max(b1[0], b2[0]) < ax0 || ax1 < Math.min(b1[0], b2[0]) || Math.max(b1[1], b2[1]) < ay0 || ay1 < Math.min(b1[1], b2[1])) continue;
          var x = hit(a1, a2, b1, b2);
          if (!x) continue;
          if (near(x, A.a, END) || near(x, A.b, END) || near(x, B.a, END) || near(x, B.b, END)) continue;
          if (found.some(function (f) { return near(f, x, SAME); })) continue;
          found.push(x);
        }
      }
      count += found.length;
    }
    return count;
  }
  return Array.from(document.querySelectorAll('svg[data-diagram]')).map(function (svg) {
    var vb = svg.viewBox.baseVal;
    var label = svg.querySelector('g.node text') || svg.querySelector('text');
    var fontPx = label ? parseFloat(getComputedStyle(label).fontSize) : NaN;
    var fig = svg.closest('figure') || svg.parentElement;
    var cls = (svg.getAttribute('class') || '').split(/\s+/).filter(Boolean);
    var edges = new Set(Array.from(svg.querySelectorAll('path.flowchart-link, .edgePaths > path, path[data-edge]')));
    return {
      id: svg.getAttribute('data-diagram'),
      type: cls[0] || '?',
      nodes: svg.querySelectorAll('g.node').length,
      edges: edges.size,
      vbW: vb ? vb.width : NaN,
      vbH: vb ? vb.height : NaN,
      fontPx: fontPx,
      shownW: svg.getBoundingClientRect().width,
      columnW: fig ? fig.getBoundingClientRect().width : NaN,
      crossings: crossingsOf(svg),
    };
  });
})()`;

/** Every built HTML page (relative to dist) that has a drawn diagram. */
function diagramPages(dist: string): string[] {
  const pages: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== '_astro' && e.name !== 'pagefind') walk(p);
      } else if (e.name.endsWith('.html') && readFileSync(p, 'utf8').includes('<svg') && readFileSync(p, 'utf8').includes('data-diagram=')) {
        pages.push(relative(dist, p));
      }
    }
  };
  walk(dist);
  return pages.sort();
}

const urlOf = (page: string) => `/${page.replace(/(^|\/)index\.html$/, '$1')}`;
const r0 = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en') : '?');
const r1 = (n: number) => (Number.isFinite(n) ? (Math.round(n * 10) / 10).toFixed(1) : '?');
const r2 = (n: number) => (Number.isFinite(n) ? (Math.round(n * 100) / 100).toFixed(2) : '?');

/** Label height (CSS px) of a drawing `vbW` units wide shown `width` CSS px wide. */
const labelPxAt = (m: Pick<Measured, 'fontPx' | 'vbW'>, width: number) => (m.fontPx * width) / m.vbW;

function table(rows: Row[]): string {
  const head = ['page', 'diagram', 'type', 'nodes', 'edges', 'drawn w×h', 'shown w', 'label px at first view', 'label px fitted to column', `width at ${READABLE_PX} px labels`, '× column', 'crossings'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i < 3 ? '---' : '---:')).join('|')}|`];
  for (const r of rows) {
    const need = (r.vbW * READABLE_PX) / r.fontPx;
    lines.push(
      `| ${r.page} | ${r.id} | ${r.type} | ${r.nodes} | ${r.edges} | ${r0(r.vbW)}×${r0(r.vbH)} | ${r0(r.shownW)} | ${r1(labelPxAt(r, r.shownW))} | ${r1(labelPxAt(r, Math.min(r.columnW, r.vbW)))} | ${r0(need)} | ${r2(need / r.columnW)} | ${r.crossings} |`,
    );
  }
  return lines.join('\n');
}

function summary(rows: Row[]): string {
  const first = rows.map((r) => labelPxAt(r, r.shownW));
  const fitted = rows.map((r) => labelPxAt(r, Math.min(r.columnW, r.vbW)));
  const under = (xs: number[], px: number) => xs.filter((x) => x < px).length;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  return [
    `${rows.length} diagrams. Label px at first view: median ${r1(median(first))}, min ${r1(Math.min(...first))}, under 10 px: ${under(first, 10)}, under 12 px: ${under(first, READABLE_PX)}.`,
    `Fitted to the column: median ${r1(median(fitted))}, min ${r1(Math.min(...fitted))}, under 10 px: ${under(fitted, 10)}. Wider than the column at ${READABLE_PX} px labels: ${rows.filter((r) => (r.vbW * READABLE_PX) / r.fontPx > r.columnW).length}. Crossings: ${rows.reduce((n, r) => n + r.crossings, 0)} in all.`,
  ].join('\n');
}

async function main(): Promise<void> {
  let dist = args.dist ? resolve(args.dist) : undefined;
  let buildLine = '';
  if (!dist) {
    const content = resolve(args.content ?? join(projectRoot, 'content'));
    const tmp = mkdtempSync(join(tmpdir(), 'arbor-diagram-sizes-'));
    console.error(`building ${content} into ${tmp}/dist (fresh cache: every diagram is drawn) …`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'scripts', 'build.ts'), '--config', 'bench/astro.config.mjs'], {
      cwd: projectRoot,
      env: { ...cleanEnv(), ARBOR_CONTENT: content, ARBOR_DIST: join(tmp, 'dist'), ARBOR_CACHE_DIR: join(tmp, 'arbor-cache'), ARBOR_BENCH_CACHE: join(tmp, 'astro-cache'), FORCE_COLOR: '0' },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const output = stripVTControlCharacters(`${r.stdout}\n${r.stderr}`);
    if (r.status !== 0) {
      console.error(output);
      throw new Error(`build failed (exit ${r.status})`);
    }
    buildLine = output.split('\n').filter((l) => /content: \d+ pages|diagrams: \d+ unique/.test(l)).map((l) => l.trim()).join('\n');
    console.error(buildLine);
    dist = join(tmp, 'dist');
  }
  const pages = diagramPages(dist);
  const served = await serve(dist);
  const browser = await launchBrowser();
  const rows: Row[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: WIDTH, height: HEIGHT }, colorScheme: 'light' });
    const page = await context.newPage();
    for (const file of pages) {
      await page.goto(new URL(urlOf(file).slice(1), served.url).href, { waitUntil: 'load' });
      await page.waitForTimeout(150); // the viewer's first layout (fit, zoom) runs on load
      const measured = (await page.evaluate(MEASURE)) as Measured[];
      for (const m of measured) rows.push({ page: urlOf(file), ...m });
    }
  } finally {
    await browser.close();
    await served.close();
  }
  const text = [
    `# Diagram sizes at ${WIDTH}×${HEIGHT}`,
    '',
    `Measured by \`npx tsx bench/diagram-sizes.ts\` on ${new Date().toISOString().slice(0, 10)} from ${args.dist ? `\`${args.dist}\`` : 'a fresh build of the content'}.`,
    'Drawn size in drawing units; "label px" is the label font (drawing units) × shown width / drawn width;',
    `"width at ${READABLE_PX} px labels" is the CSS width the drawing needs for ${READABLE_PX} px labels, "× column" that over the figure's width.`,
    '',
    ...(buildLine ? ['```', buildLine, '```', ''] : []),
    summary(rows),
    '',
    table(rows),
    '',
  ].join('\n');
  process.stdout.write(text);
  if (!args['no-record']) writeFileSync(resolve(args.out ?? join(projectRoot, 'bench', 'DIAGRAMS.md')), text);
}

await main();
