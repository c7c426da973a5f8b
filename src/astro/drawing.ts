/**
 * Draws every diagram of a build in one browser batch (unchanged ones come from the SVG cache) and
 * reports what could not be drawn, with the policy of `diagrams:` in the site config. Started as
 * soon as the analysis knows the diagrams, so that Chromium draws while the Markdown renders.
 */
import { join } from 'node:path';
import type { AstroIntegrationLogger } from 'astro';
import { decorateSvg } from '../core/diagrams/svg.ts';
import { edgesOf, relationshipLookup } from '../core/diagrams/edges.ts';
import { lookupBrowser } from '../core/diagrams/browser.ts';
import { diagramKey } from '../core/diagrams/cache.ts';
import { DIAGRAM_TIMEOUT_MS, drawPreviews, renderDiagrams, type RenderResult } from '../core/diagrams/draw.ts';
import { PREVIEW_HEIGHT, PREVIEW_WIDTH, previewHtml, type PreviewCard } from '../core/diagrams/preview.ts';
import type { Browser } from 'playwright-core';
import type { ProblemList } from '../core/problems.ts';
import { plainLabel } from '../core/graph/diagrams.ts';
import type { GraphDiagram, GraphTerm } from '../core/graph/types.ts';
import type { SiteConfig } from '../site.config.ts';

export interface Drawings {
  /** The decorated SVG of a diagram, or undefined when the reader's browser draws it. */
  svgFor(d: GraphDiagram): string | undefined;
  /** Prints what the config asked to be warned about (no Chromium). */
  warnings: string[];
  /** The preview images drawn now or found in the cache: key → PNG file in the cache. */
  previews: Map<string, string>;
}

const onPurpose = "to build without Chromium on purpose, set ARBOR_CHROMIUM=none or diagrams: 'browser' in src/site.config.ts, and readers' browsers draw the diagrams";

/** The cache key of each diagram's drawing, known before anything is drawn. */
export const drawingKeyOf = (d: GraphDiagram) => diagramKey(d.drawn ?? d.source);

/** A page's preview card to draw after the diagrams (with its diagram's SVG, when it has one). */
export interface PreviewRequest {
  key: string;
  card: PreviewCard;
  diagram?: GraphDiagram;
}

export async function drawDiagrams(diagrams: GraphDiagram[], site: SiteConfig, cacheRoot: string, problems: ProblemList, logger: AstroIntegrationLogger, terms: readonly GraphTerm[] = [], previews: PreviewRequest[] = []): Promise<Drawings> {
  if (!diagrams.length && !previews.length) return { warnings: [], svgFor: () => undefined, previews: new Map() };
  const unique = [...new Map(diagrams.filter((d) => d.type !== 'unknown').map((d) => [drawingKeyOf(d), { key: drawingKeyOf(d), source: d.drawn ?? d.source }])).values()];
  const timeoutSetting = process.env.ARBOR_DIAGRAM_TIMEOUT?.trim();
  let timeoutMs = DIAGRAM_TIMEOUT_MS;
  if (timeoutSetting) {
    if (Number(timeoutSetting) > 0) timeoutMs = Number(timeoutSetting) * 1000;
    else problems.error('environment', undefined, `ARBOR_DIAGRAM_TIMEOUT="${timeoutSetting}" is not a number of seconds`, `set it to e.g. 120, or unset it for the default of ${DIAGRAM_TIMEOUT_MS / 1000}`);
  }
  const lookup = site.diagrams === 'browser' ? undefined : lookupBrowser();
  if (lookup?.path === null && lookup.reason === 'invalid') {
    problems.error('environment', undefined, lookup.message, `set it to a Chromium or Chrome executable such as /usr/bin/chromium, unset it to search PATH, or ${onPurpose}`);
  }
  const browserPath = lookup?.path ?? null;
  let previewFiles = new Map<string, string>();
  // The preview cards are drawn in the same browser once the diagrams are (they show their SVGs).
  const after = async (result: RenderResult, browser: () => Promise<Browser | undefined>) => {
    if (!previews.length) return;
    const start = performance.now();
    const jobs = previews.map((p) => ({ key: p.key, html: () => previewHtml(p.card, p.diagram && result.svgs.get(drawingKeyOf(p.diagram))) }));
    const r = await drawPreviews(jobs, join(cacheRoot, 'previews'), browser, { width: PREVIEW_WIDTH, height: PREVIEW_HEIGHT });
    previewFiles = r.files;
    for (const f of r.failed) problems.warn('environment', undefined, `the preview image ${f.key}.png could not be drawn: ${f.message}`);
    const left = previews.length - r.files.size - r.failed.length;
    logger.info(`previews: ${r.drawn} drawn, ${r.cached} from cache${r.failed.length ? `, ${r.failed.length} failed` : ''}${left > 0 ? `, ${left} not drawn (no browser)` : ''} (${Math.round(performance.now() - start)} ms)`);
  };
  const drawn = await renderDiagrams(unique, { cacheDir: join(cacheRoot, 'diagrams'), browserPath, timeoutMs, after });
  for (const f of drawn.failed) {
    for (const d of diagrams.filter((x) => drawingKeyOf(x) === f.key)) {
      if (f.timedOut) {
        problems.error(d.file, d.line, `diagram took longer than ${timeoutMs / 1000} s to draw, so it was not drawn`, 'split it or cut edges, as dense graphs with many crossings are slow to lay out; or allow more time with ARBOR_DIAGRAM_TIMEOUT=<seconds>');
      } else problems.error(d.file, d.line, `mermaid could not draw this diagram: ${f.message}`);
    }
  }
  if (drawn.browserError) {
    // Reported under the executable's path: "<path>: Chromium did not start: …".
    const prefix = `Chromium at ${browserPath} `;
    const what = drawn.browserError.startsWith(prefix) ? `Chromium ${drawn.browserError.slice(prefix.length)}` : drawn.browserError;
    problems.error(browserPath ?? 'environment', undefined, what, `repair or reinstall it, point ARBOR_CHROMIUM at another Chromium or Chrome, or ${onPurpose}`);
  }
  const left = unique.length - drawn.svgs.size - drawn.failed.length;
  const noBrowser = left > 0 && !drawn.browser && !drawn.browserError && lookup?.path === null && lookup.reason !== 'invalid';
  if (noBrowser && site.diagrams === 'build') {
    problems.error('src/site.config.ts', undefined, `diagrams is 'build', but no Chromium was found to draw ${left} diagram${left === 1 ? '' : 's'}: ${lookup.message}`, `install Chromium, e.g. apt-get install chromium on Debian/Ubuntu or Google Chrome on macOS, or set ARBOR_CHROMIUM=/path/to/chrome; or set diagrams: 'auto' or 'browser'`);
  }
  if (unique.length) {
    const failed = drawn.failed.length ? `, ${drawn.failed.length} failed` : '';
    logger.info(`diagrams: ${unique.length} unique, ${drawn.drawn} drawn, ${drawn.cached} from cache${failed}${left ? `, ${left} left to the browser` : ''}`);
  }
  const warnings: string[] = [];
  if (noBrowser) {
    warnings.push(
      `No Chromium found${lookup.reason === 'disabled' ? ` (${lookup.message})` : ''}, so diagrams will be drawn in the reader's browser instead of at build time. ` +
        'For build-time SVG install Chromium (Debian/Ubuntu: apt-get install chromium; macOS: install Google Chrome) or set ARBOR_CHROMIUM=/path/to/chrome; ' +
        "to build without it on purpose and without this warning, set diagrams: 'browser' in src/site.config.ts.",
    );
  }
  const relationship = relationshipLookup(terms);
  return {
    warnings,
    previews: previewFiles,
    svgFor(d) {
      const svg = drawn.svgs.get(drawingKeyOf(d));
      if (!svg) return undefined;
      const nodes = new Map(d.nodes.map((n) => [n.id, n]));
      return decorateSvg(svg, {
        diagramId: d.id,
        title: d.title,
        nodeAnchor: (id) => nodes.get(id)?.anchor ?? (d.primary ? `node-${id}` : `${d.id}-node-${id}`),
        nodeHref: (id) => nodes.get(id)?.target?.href ?? nodes.get(id)?.external,
        edges: edgesOf(d, relationship),
        nodes: d.nodes.map((n) => ({ id: n.id, label: plainLabel(n.label) || n.id })),
      });
    },
  };
}
