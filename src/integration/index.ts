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
import { loadContent } from '../lib/content/load.ts';
import { buildGraph } from '../lib/graph/build.ts';
import { pageGraph } from '../lib/graph/query.ts';
import { parseDiagram } from '../lib/diagrams/parse.ts';
import { ContentError, formatProblem, ProblemList } from '../lib/problems.ts';
import { getBuildState, setBuildState } from '../lib/state.ts';
import { decorateSvg } from '../lib/diagrams/svg.ts';
import { diagramKey, findBrowser, renderDiagrams } from '../lib/diagrams/render.ts';
import { createContext } from '../lib/plugins/context.ts';
import { markdownOptions, markdownPlugins } from '../lib/plugins/pipeline.ts';
import type { SiteConfig } from '../site.config.ts';
import type { GraphDiagram } from '../lib/graph/types.ts';
import { runPagefind } from './pagefind.ts';

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
  if (errors.length) throw new ContentError(errors);
}

export default function arbor(site: SiteConfig): AstroIntegration {
  return {
    name: 'arbor',
    hooks: {
      'astro:config:setup': async ({ config, updateConfig, logger, command, addWatchFile }) => {
        const started = performance.now();
        const root = fileURLToPath(config.root);
        const contentDir = resolve(root, site.contentDir);
        const problems = new ProblemList();
        const printed = new Set<unknown>();
        const content = loadContent(root, contentDir, problems);
        const cacheRoot = process.env.ARBOR_CACHE_DIR ? resolve(root, process.env.ARBOR_CACHE_DIR) : join(root, 'node_modules', '.cache', 'arbor');
        const { graph, index, matcher } = await buildGraph(content, { base: site.base, brokenLinks: site.brokenLinks, cacheDir: join(cacheRoot, 'models') }, problems);
        report(problems, logger, printed);
        // In `astro dev`, a change to any content file restarts the server, so the graph (titles,
        // links, backlinks) is rebuilt from the new data rather than patched.
        if (command === 'dev') for (const src of [...content.notes, ...content.trees, ...content.terms]) addWatchFile(src.absPath);

        // Draw every diagram of the build in one browser batch; unchanged ones come from the cache.
        const cacheDir = join(cacheRoot, 'diagrams');
        const jobs = new Map(graph.diagrams.map((d) => [d.key, { key: diagramKey(d.source), source: d.source }]));
        const unique = [...new Map([...jobs.values()].map((j) => [j.key, j])).values()];
        const browserPath = findBrowser();
        const drawn = await renderDiagrams(unique, { cacheDir, browserPath });
        for (const f of drawn.failed) {
          const d = graph.diagrams.find((x) => jobs.get(x.key)!.key === f.key)!;
          problems.error(d.file, d.line, `mermaid could not draw this diagram: ${f.message}`);
        }
        report(problems, logger, printed);
        const missing = unique.length - drawn.svgs.size;
        if (unique.length) {
          logger.info(`diagrams: ${unique.length} unique, ${drawn.drawn} drawn, ${drawn.cached} from cache${missing ? `, ${missing} left to the browser` : ''}`);
        }
        if (missing && drawn.browserError) logger.warn(`Chromium could not draw: ${drawn.browserError}`);
        if (missing && !drawn.browser) {
          logger.warn(
            'No Chromium found, so diagrams will be drawn in the reader\'s browser instead of at build time. ' +
              'For build-time SVG install Chromium (Debian/Ubuntu: apt-get install chromium; macOS: install Google Chrome) or set ARBOR_CHROMIUM=/path/to/chrome.',
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
        // Everything another page's HTML can depend on: the graph, and every drawing (an SVG can
        // change while its source does not, e.g. after a renderer upgrade).
        const hash = createHash('sha256').update(JSON.stringify({ v: ARBOR_VERSION, graph, clientDiagrams }));
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
