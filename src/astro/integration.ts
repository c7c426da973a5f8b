/**
 * The Arbor integration. Before Astro loads any content it: validates the site config,
 * loads and validates `content/`, builds the knowledge graph, and draws every diagram in one
 * browser batch (cached by content hash). Problems are printed all together and stop the
 * build. Then it wires the Markdown pipeline (each plugin gets the graph through options)
 * and exposes the graph to pages as the `virtual:arbor/graph` module.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { unified } from '@astrojs/markdown-remark';
import { loadContent } from '../core/content/load.ts';
import { buildGraph } from '../core/graph/build.ts';
import { pageGraph } from '../core/graph/query.ts';
import { parseDiagram } from '../core/diagrams/parse.ts';
import { ContentError, formatProblem, ProblemList } from '../core/problems.ts';
import { getBuildState, setBuildState } from './state.ts';
import { decorateSvg } from '../core/diagrams/svg.ts';
import { DIAGRAM_TIMEOUT_MS, diagramKey, lookupBrowser, renderDiagrams } from '../core/diagrams/render.ts';
import { createContext } from '../render/context.ts';
import { markdownOptions, markdownPlugins } from '../render/pipeline.ts';
import type { SiteConfig } from '../site.config.ts';
import type { GraphDiagram } from '../core/graph/types.ts';
import { runPagefind } from './pagefind.ts';
import { codeDigest } from './code-digest.ts';

export const ARBOR_VERSION = '0.1.0';

// Astro loads this module through Vite's module runner and closes the runner before any hook
// runs, so a dynamic import() made later from our source fails. mermaid (imported lazily by
// the parser, inside a jsdom window) is therefore loaded now, while the config is evaluated.
await parseDiagram('flowchart TD\n  A --> B');
const VIRTUAL_ID = 'virtual:arbor/graph';

/** Prints the warnings not printed yet and stops the build if there is any error. */
function report(problems: ProblemList, logger: AstroIntegrationLogger, printed: Set<unknown>): void {
  for (const p of problems.sorted()) {
    if (p.severity === 'warning' && !printed.has(p)) logger.warn(formatProblem(p)), printed.add(p);
  }
  const errors = problems.sorted().filter((p) => p.severity === 'error');
  if (!errors.length) return;
  const error = new ContentError(errors);
  if (!exitOnContentError) throw error;
  // Anything thrown from a hook gets "An unhandled error occurred…" and a stack trace from Astro
  // after it: a build prints Arbor's report alone and stops (exit code 1).
  console.error(error.message);
  process.exit(1);
}

/** Set per run by the config hook: `astro dev` keeps the thrown error (its server shows it), other commands exit. */
let exitOnContentError = false;

export default function arbor(site: SiteConfig): AstroIntegration {
  return {
    name: 'arbor',
    hooks: {
      'astro:config:setup': async ({ config, updateConfig, logger, command, addWatchFile }) => {
        const started = performance.now();
        exitOnContentError = command !== 'dev';
        const root = fileURLToPath(config.root);
        const contentDir = resolve(root, site.contentDir);
        const problems = new ProblemList();
        const printed = new Set<unknown>();
        const content = loadContent(root, contentDir, problems);
        const cacheRoot = process.env.ARBOR_CACHE_DIR ? resolve(root, process.env.ARBOR_CACHE_DIR) : join(root, 'node_modules', '.cache', 'arbor');
        const { graph, index, matcher } = await buildGraph(content, { base: site.base, brokenLinks: site.brokenLinks, cacheDir: join(cacheRoot, 'models') }, problems);
        // Not reported yet: with content errors the diagrams that parsed are still drawn (below), so
        // that drawing errors come in the same report as the content errors.
        // In `astro dev`, a change to any content file restarts the server, so the graph (titles,
        // links, backlinks) is rebuilt from the new data rather than patched.
        if (command === 'dev') for (const src of [...content.notes, ...content.trees, ...content.terms]) addWatchFile(src.absPath);

        // Draw every diagram of the build in one browser; unchanged ones come from the cache. A
        // diagram that did not parse (type 'unknown', already reported) is not drawn.
        const cacheDir = join(cacheRoot, 'diagrams');
        const jobs = new Map(graph.diagrams.map((d) => [d.key, { key: diagramKey(d.source), source: d.source }]));
        const unique = [...new Map(graph.diagrams.filter((d) => d.type !== 'unknown').map((d) => [jobs.get(d.key)!.key, jobs.get(d.key)!])).values()];
        const onPurpose = "to build without Chromium on purpose, set ARBOR_CHROMIUM=none or diagrams: 'browser' in src/site.config.ts, and readers' browsers draw the diagrams";
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
        const drawn = await renderDiagrams(unique, { cacheDir, browserPath, timeoutMs });
        for (const f of drawn.failed) {
          for (const d of graph.diagrams.filter((x) => jobs.get(x.key)!.key === f.key)) {
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
        report(problems, logger, printed);
        if (noBrowser) {
          logger.warn(
            `No Chromium found${lookup.reason === 'disabled' ? ` (${lookup.message})` : ''}, so diagrams will be drawn in the reader's browser instead of at build time. ` +
              'For build-time SVG install Chromium (Debian/Ubuntu: apt-get install chromium; macOS: install Google Chrome) or set ARBOR_CHROMIUM=/path/to/chrome; ' +
              "to build without it on purpose and without this warning, set diagrams: 'browser' in src/site.config.ts.",
          );
        }

        const svgFor = (d: GraphDiagram) => {
          const svg = drawn.svgs.get(jobs.get(d.key)!.key);
          if (!svg) return undefined;
          const nodes = new Map(d.nodes.map((n) => [n.id, n]));
          return decorateSvg(svg, {
            diagramId: d.id,
            title: d.title,
            nodeAnchor: (id) => nodes.get(id)?.anchor ?? (d.primary ? `node-${id}` : `${d.id}-node-${id}`),
            nodeHref: (id) => nodes.get(id)?.target?.href ?? nodes.get(id)?.external,
            edges: d.edges,
          });
        };
        const clientDiagrams = graph.diagrams.filter((d) => !drawn.svgs.has(jobs.get(d.key)!.key)).map((d) => d.key);
        // Everything another page's HTML can depend on: the graph, Arbor's code and dependencies,
        // and every drawing (an SVG can change while its source does not, e.g. after a renderer upgrade).
        const hash = createHash('sha256').update(JSON.stringify({ v: ARBOR_VERSION, code: codeDigest(root), graph, clientDiagrams }));
        for (const key of [...drawn.svgs.keys()].sort()) hash.update(key).update(drawn.svgs.get(key)!);
        const fingerprint = hash.digest('hex');
        setBuildState({ content, graph, fingerprint, clientDiagrams });
        // Astro digests its whole config, plugin options included: the context stands in for the
        // graph there by its fingerprint, not by megabytes of JSON.
        const ctx = createContext(graph, index, matcher, (file) => join(root, file), svgFor, fingerprint);

        updateConfig({
          base: site.base,
          trailingSlash: 'always',
          markdown: {
            syntaxHighlight: markdownOptions.syntaxHighlight,
            shikiConfig: markdownOptions.shikiConfig,
            processor: unified({ smartypants: markdownOptions.smartypants, ...markdownPlugins(ctx, site.rawHtml) }),
          },
          vite: {
            plugins: [
              {
                name: 'arbor-graph',
                resolveId: (id: string) => (id === VIRTUAL_ID ? `\0${VIRTUAL_ID}` : undefined),
                load: (id: string) =>
                  id === `\0${VIRTUAL_ID}`
                    ? `export const graph = ${JSON.stringify(pageGraph(graph))};\nexport const site = ${JSON.stringify(site)};\nexport const clientDiagrams = ${JSON.stringify(clientDiagrams)};`
                    : undefined,
              },
            ],
          },
        });
        logger.info(`content: ${graph.pages.length} pages, ${graph.terms.length} terms, ${graph.diagrams.length} diagrams, ${graph.links.length} links (${Math.round(performance.now() - started)} ms, ${command})`);
      },
      'astro:build:done': async ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        const { graph, clientDiagrams } = getBuildState();
        // Only a site with diagrams left to the browser ships mermaid, as one static file.
        if (clientDiagrams.length) {
          mkdirSync(join(out, '_arbor'), { recursive: true });
          copyFileSync(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js'), join(out, '_arbor', 'mermaid.min.js'));
        }
        await runPagefind(out, logger, graph);
      },
    },
  };
}
