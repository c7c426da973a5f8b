/**
 * One analysis per build, handed to Astro through its content layer. The three collections'
 * loaders share one session: it reads `content/`, analyses it once (the knowledge graph and a
 * render plan per body), starts drawing the diagrams, renders the bodies whose digest changed on
 * every core while Chromium draws, and stores each entry with the small view its page shows.
 *
 * In `astro dev` the session watches the content folder (inside the project or not) and runs the
 * same steps again on every change: only the entries whose digest changed are re-rendered and
 * stored, and Astro reloads the pages that read them. Nothing restarts the server.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoaderContext } from 'astro/loaders';
import { gitDates, lastChanged } from '../core/content/dates.ts';
import { loadContent, type LoadedContent, type SourceFile } from '../core/content/load.ts';
import { buildAtlas, type AtlasLayout, type AtlasLayouts } from '../core/atlas.ts';
import { buildGraph } from '../core/graph/build.ts';
import type { BodyFacts } from '../core/graph/extract.ts';
import { findTerm } from '../core/graph/query.ts';
import type { GraphDiagram, KnowledgeGraph, RenderPlan } from '../core/graph/types.ts';
import { editUrl, pageView, termView, type PageView, type TermView } from '../core/graph/views.ts';
import { ContentError, formatProblem, ProblemList } from '../core/problems.ts';
import { fillDiagrams } from '../render/markers.ts';
import { diagramFigure } from '../render/figure.ts';
import { TaskError, WorkerPool, warmRenderer, workerCount } from '../render/pool.ts';
import type { SiteConfig } from '../site.config.ts';
import { codeDigest } from './code-digest.ts';
import { drawDiagrams, drawingKeyOf, type PreviewRequest } from './drawing.ts';
import { PREVIEW_DIR, PREVIEW_HEIGHT, PREVIEW_WIDTH, previewDiagram, previewKey, previewKeyOf } from '../core/diagrams/preview.ts';
import { edgesOf, relationshipLookup } from '../core/diagrams/edges.ts';
import { lookupBrowser } from '../core/diagrams/browser.ts';
import { diagramText } from '../core/graph/diagram-text.ts';
import { toHtml } from 'hast-util-to-html';
import { cleanHtml, htmlDir, touchHtml, writeHtml } from './html-store.ts';
import { keptFile, readKept, writeKept } from './kept.ts';
import { ContentWatch } from './content-watch.ts';
import { COLLECTION_KINDS, ENTRY_KINDS, type CollectionKind, type EntryKind } from './collections.ts';

export type { CollectionKind, EntryKind } from './collections.ts';

const bodyHash = (body: string) => createHash('sha256').update(body).digest('base64url');

/** Bump when the stored entry's shape changes, so every entry is stored again. */
const ENTRY_VERSION = 'e4';

interface Entry {
  kind: EntryKind;
  id: string;
  src: SourceFile;
  plan: RenderPlan;
  view: PageView | TermView;
  diagrams: GraphDiagram[];
  digest: string;
}

interface Prepared {
  /** The preview cards of every note and tree page (none without a site URL, in `astro dev`, or without a browser). */
  previews: PreviewRequest[];
  content: LoadedContent;
  graph: KnowledgeGraph;
  entries: Map<EntryKind, Entry[]>;
  problems: ProblemList;
  /** Milliseconds per step, for the log (the benchmark reads them). */
  timings: Record<string, number>;
}

export class ArborSession {
  private readonly site: SiteConfig;
  /** The stores of the collections, kept for the dev watcher's updates. */
  private readonly contexts = new Map<CollectionKind, LoaderContext>();
  private waiting: { kinds: Set<CollectionKind>; start: () => void; done: Promise<void> } | undefined;
  private queue: Promise<void> = Promise.resolve();
  private code: string | undefined;
  /** Facts by body hash, kept between runs of `astro dev`. */
  private facts: Map<string, BodyFacts> | undefined;
  /** Whether this dev session's HTML files were marked as used (its first run does it). */
  private marked = false;
  /** The atlas's last force layout, reused while no tree's concepts or edges change (dev edits). */
  private readonly atlasLayouts: AtlasLayouts = new Map();
  /** `astro dev`: a burst of changes in the content folder starts a run. */
  private readonly watching = new ContentWatch(() => void this.enqueue().catch((err) => this.logger.error((err as Error).stack ?? String(err))));
  private warned = new Set<string>();
  private readonly drawingWarned = new Set<string>();

  constructor(site: SiteConfig) {
    this.site = site;
  }

  /** The `load()` of one collection: the first to arrive waits for the others, then one run fills them all. */
  async load(kind: CollectionKind, ctx: LoaderContext): Promise<void> {
    this.contexts.set(kind, ctx);
    if (!this.waiting) {
      // Astro removes the loaders' listeners at every full sync: the first loader of a sync follows again.
      if (ctx.watcher) this.watching.follow(ctx.watcher, this.contentDir);
      let start!: () => void;
      const started = new Promise<void>((r) => (start = r));
      const done = started.then(() => this.enqueue());
      this.waiting = { kinds: new Set(), start, done };
      // Astro loads the collections together; a lone collection (a filtered sync) runs after a short wait.
      setTimeout(start, 200).unref();
    }
    const waiting = this.waiting;
    waiting.kinds.add(kind);
    if (COLLECTION_KINDS.every((k) => waiting.kinds.has(k))) waiting.start();
    try {
      await waiting.done;
    } finally {
      if (this.waiting === waiting) this.waiting = undefined;
    }
  }

  /** Runs are serialised: a dev edit during a run is handled after it, from the files as they are then. */
  private enqueue(): Promise<void> {
    const run = this.queue.then(() => this.run());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private get root(): string {
    const ctx = this.contexts.values().next().value;
    return ctx ? fileURLToPath(ctx.config.root) : process.cwd();
  }

  private get contentDir(): string {
    return resolve(this.root, this.site.contentDir);
  }

  /** Names this content folder's files in the cache (facts, atlas layout). */
  private get folderKey(): string {
    return createHash('sha256').update(this.contentDir).digest('hex').slice(0, 12);
  }

  private get cacheRoot(): string {
    return process.env.ARBOR_CACHE_DIR ? resolve(this.root, process.env.ARBOR_CACHE_DIR) : join(this.root, 'node_modules', '.cache', 'arbor');
  }

  private get logger() {
    return this.contexts.values().next().value!.logger;
  }

  private get dev(): boolean {
    return [...this.contexts.values()].some((c) => !!c.watcher);
  }

  private async run(): Promise<void> {
    const started = performance.now();
    const ctx = this.contexts.values().next().value!;
    // The first run extracts (and renders) on worker threads; a dev edit's run has one body to do.
    const pool = new WorkerPool(this.dev && this.facts ? 1 : workerCount());
    try {
      await this.runWith(ctx, pool, started);
    } finally {
      await pool.close();
    }
  }

  private async runWith(ctx: LoaderContext, pool: WorkerPool, started: number): Promise<void> {
    const prepared = await this.prepare(ctx, pool);
    const { problems } = prepared;
    let rendered = 0;
    // Render what changed, kind by kind, while the diagrams are drawn.
    let jobs: { entry: Entry; ctx: LoaderContext }[] = [];
    const htmlFolder = htmlDir(this.cacheRoot, this.contentDir, this.site.base);
    for (const kind of ENTRY_KINDS) {
      const kctx = this.contexts.get(kind);
      if (!kctx) continue;
      for (const entry of prepared.entries.get(kind)!) {
        const stored = kctx.store.get(entry.id);
        const file = String(stored?.data.html);
        // An unchanged entry's HTML file is marked as used (no concurrent build's cleanup removes
        // it), by a build and by `astro dev`'s first run; a later dev run only checks that it is
        // there (a touch is a write: 1,200 of them per edit at 1,000 notes). One whose file is gone
        // or in another cache (ARBOR_CACHE_DIR changed) is rendered again.
        const there = () => (this.marked ? existsSync(file) : touchHtml(file));
        if (stored?.digest !== entry.digest || dirname(file) !== htmlFolder || !there()) jobs.push({ entry, ctx: kctx });
      }
    }
    // Chromium draws the diagrams of the entries to render (and only those: an unchanged page keeps
    // its figures) while the bodies render.
    const t = prepared.timings;
    const drawStart = performance.now();
    const figures = this.figures(prepared, jobs.flatMap((j) => j.entry.diagrams), ctx).finally(() => (t.drawing = performance.now() - drawStart));
    // A build with content errors renders nothing (a body nested too deep cannot be): the drawing
    // still finishes, so that its errors come in the same report. `astro dev` shows the rest of the
    // edits and keeps the last good page of each file with an error until it is fixed.
    const errorFiles = new Set(problems.errors.map((p) => p.file));
    if (errorFiles.size && !this.dev) {
      await figures;
      this.report(problems);
    }
    if (errorFiles.size) jobs = jobs.filter((j) => !errorFiles.has(j.entry.src.file));
    const renderStart = performance.now();
    const htmls = await pool
      .render(
        jobs.map((j) => ({ body: j.entry.src.body, plan: j.entry.plan })),
        { rawHtml: this.site.rawHtml },
      )
      .catch((err: Error) => {
        const file = err instanceof TaskError ? jobs[err.index]?.entry.src.file : undefined;
        throw new Error(file ? `Arbor could not render ${file}: ${err.message}` : err.message, { cause: err });
      });
    t.render = performance.now() - renderStart;
    const { figures: drawn, previews } = await figures;
    this.report(problems);
    for (const [i, { entry, ctx: kctx }] of jobs.entries()) {
      const html = fillDiagrams(htmls[i]!, (key) => drawn.get(key));
      let { view, digest } = entry;
      // A preview that could not be drawn is not named (no og:image to a missing file); the changed
      // digest has the page stored again once it is drawn.
      if ('preview' in view && view.preview && !previews.has(previewKeyOf(view.preview.href))) {
        const { preview: _dropped, ...rest } = view;
        view = rest;
        digest = `${digest}-no-preview`;
      }
      // An entry holds what its page shows: the view and the path of its HTML. Astro inlines the
      // whole store in its server build, so the Markdown, the frontmatter (already in the view) and
      // the HTML (most of it: src/astro/html-store.ts) stay out of it.
      const file = writeHtml(htmlFolder, html);
      // Astro skips a set() with the stored digest: this entry is rendered again because its file
      // was gone (or in another cache), so the old entry goes first.
      const old = kctx.store.get(entry.id);
      if (old?.digest === digest && old.data.html !== file) kctx.store.delete(entry.id);
      kctx.store.set({ id: entry.id, data: { view, html: file }, filePath: entry.src.file, digest });
      rendered++;
    }
    // The preview images of this build, as file paths in the cache: a page route serves each one.
    const pctx = this.contexts.get('preview');
    if (pctx) {
      for (const [key, file] of previews) if (pctx.store.get(key)?.digest !== file) pctx.store.set({ id: key, data: { file }, digest: file });
      for (const id of pctx.store.keys()) if (!previews.has(id)) pctx.store.delete(id);
    }
    // The atlas's data (src/core/atlas.ts): one entry, read only by /atlas/data.json, stored again when it changes.
    const actx = this.contexts.get('atlas');
    if (actx) {
      const atlasStart = performance.now();
      // The last layout is kept on disk too, so a rebuild with the same trees skips the simulation.
      const layoutFile = keptFile(this.cacheRoot, 'atlas', this.code!, this.folderKey);
      if (!this.atlasLayouts.size) for (const [k, v] of readKept<AtlasLayout>(layoutFile)) this.atlasLayouts.set(k, v);
      const before = [...this.atlasLayouts.keys()].join();
      const json = JSON.stringify(buildAtlas(prepared.graph, this.atlasLayouts));
      if ([...this.atlasLayouts.keys()].join() !== before) writeKept(layoutFile, this.code!, this.atlasLayouts);
      t.atlas = performance.now() - atlasStart;
      const digest = actx.generateDigest(json);
      if (actx.store.get('atlas')?.digest !== digest) actx.store.set({ id: 'atlas', data: { json }, digest });
    }
    for (const kind of ENTRY_KINDS) {
      const kctx = this.contexts.get(kind);
      if (!kctx) continue;
      const keep = new Set(prepared.entries.get(kind)!.map((e) => e.id));
      for (const id of kctx.store.keys()) {
        const file = kctx.store.get(id)?.filePath;
        if (!keep.has(id) && !(file && errorFiles.has(file))) kctx.store.delete(id);
      }
    }
    if (this.dev && !this.marked) {
      this.marked = true;
      // The next runs render edits in this thread: load the renderer now, while the author reads.
      void warmRenderer({ rawHtml: this.site.rawHtml }).catch(() => undefined);
    }
    // HTML files no entry names any more go once no build has used them for a while.
    cleanHtml(htmlFolder, ENTRY_KINDS.flatMap((k) => [...(this.contexts.get(k)?.store.values() ?? [])].map((e) => String(e.data.html))));
    const { graph } = prepared;
    this.logger.info(`content: ${graph.pages.length} pages, ${graph.terms.length} terms, ${graph.diagrams.length} diagrams, ${graph.links.length} links; ${rendered} rendered (${Math.round(performance.now() - started)} ms: ${Object.entries(t).map(([k, ms]) => `${k} ${Math.round(ms)}`).join(', ')})`);
  }

  /** Read, analyse, start drawing; each entry with its plan, view and digest. */
  private async prepare(ctx: LoaderContext, pool: WorkerPool): Promise<Prepared> {
    const problems = new ProblemList();
    const root = this.root;
    const timings: Record<string, number> = {};
    let t0 = performance.now();
    const lap = (what: string) => {
      const now = performance.now();
      timings[what] = now - t0;
      t0 = now;
    };
    // One `git log` for the whole content folder, while the files are read and analysed (git's
    // dates change only with a commit; running it again on each dev run keeps that simple).
    const dates = gitDates(this.contentDir);
    const content = loadContent(root, this.contentDir, problems);
    lap('read');
    // In `astro dev` the trees of unchanged bodies are kept for the next analysis (only those still in use).
    // Each body's facts, extracted on every core, by a hash of the body: kept in memory by `astro
    // dev` for the next run and on disk for the next build, so only new or changed bodies are parsed.
    this.code ??= codeDigest(root);
    const factsFile = keptFile(this.cacheRoot, 'facts', this.code, this.folderKey);
    const known = this.facts ?? readKept<BodyFacts>(factsFile);
    const bodies = new Map([...content.notes, ...content.trees, ...content.terms].map((src) => [src.body, bodyHash(src.body)]));
    const facts = new Map<string, BodyFacts>();
    const byHash = new Map<string, BodyFacts>();
    const missing = [...bodies].filter(([, h]) => !known.has(h));
    for (const [body, h] of bodies) {
      const f = known.get(h);
      if (f) facts.set(body, f), byHash.set(h, f);
    }
    (await pool.extract(missing.map(([b]) => b))).forEach((f, i) => (facts.set(missing[i]![0], f), byHash.set(missing[i]![1], f)));
    if (this.dev) this.facts = byHash;
    else if (missing.length) writeKept(factsFile, this.code, byHash);
    lap('extract');
    const { graph, plans } = await buildGraph(content, { base: this.site.base, brokenLinks: this.site.brokenLinks, cacheDir: join(this.cacheRoot, 'models'), facts }, problems);
    lap('analysis');
    const termOf = (slug: string) => findTerm(graph, slug);
    const redirects = new Map<string, string[]>();
    const slugByHref = new Map(graph.pages.map((p) => [p.href as string, p.slug]));
    for (const r of graph.redirects) {
      const key = `${r.kind}:${slugByHref.get(r.to)}`;
      redirects.set(key, [...(redirects.get(key) ?? []), r.slug]);
    }
    const diagramsByKey = new Map(graph.diagrams.map((d) => [d.key, d]));
    const digestOf = (parts: unknown) => ctx.generateDigest(JSON.stringify(parts));
    // A figure is drawn at build when a browser is there, else by the reader's; its text version shows the nodes' terms.
    const common = { v: ENTRY_VERSION, code: this.code, rawHtml: this.site.rawHtml, drawings: this.site.diagrams, browser: this.site.diagrams !== 'browser' && lookupBrowser().path !== null };
    const figureText = (d: GraphDiagram) => (d.primary ? '' : toHtml(diagramText(d, termOf)));
    // A drawn edge names its paper and its relationship's definition: either changing redraws the page.
    const relationship = relationshipLookup(graph.terms);
    const entries = new Map<EntryKind, Entry[]>(ENTRY_KINDS.map((k) => [k, []]));
    const pageSources = new Map([...content.notes, ...content.trees].map((s) => [`${s.kind}:${s.slug}`, s]));
    const gitDate = await dates;
    // Preview images need an absolute URL (og:image) and the build's Chromium; `astro dev` skips them.
    const drawPreviews = !!this.site.url && !this.dev && common.browser;
    const previews: PreviewRequest[] = [];
    for (const page of graph.pages) {
      const key = `${page.kind}:${page.slug}`;
      const src = pageSources.get(key)!;
      const plan = plans.get(key)!;
      // The file's path in the content folder, as git and the repository name it.
      const path = relative(this.contentDir, src.absPath).split(sep).join('/');
      const meta = { updated: lastChanged(gitDate.get(path), src.data), editUrl: this.site.repository ? editUrl(this.site.repository, path) : undefined };
      const view = pageView(graph, page, redirects.get(key) ?? [], meta);
      const diagrams = page.diagrams.map((k) => diagramsByKey.get(k)!);
      if (drawPreviews) {
        const diagram = previewDiagram(page.kind, diagrams);
        const summary = page.summary || page.description;
        const card = { title: page.title, siteName: this.site.title, ...(diagram ? { diagramKey: drawingKeyOf(diagram) } : summary ? { summary } : {}) };
        const pkey = previewKey(card);
        previews.push({ key: pkey, card, ...(diagram ? { diagram } : {}) });
        view.preview = { href: `${this.site.base}${PREVIEW_DIR}/${pkey}.png`, width: PREVIEW_WIDTH, height: PREVIEW_HEIGHT, alt: diagram ? `Diagram: ${page.title}` : page.title };
      }
      const digest = digestOf({ ...common, body: src.body, data: src.data, plan, view, diagrams: diagrams.map((d) => [d.hash, d.id, d.title, d.nodes, edgesOf(d, relationship), figureText(d)]) });
      entries.get(page.kind)!.push({ kind: page.kind, id: page.slug, src, plan, view, diagrams, digest });
    }
    const termSources = new Map(content.terms.map((s) => [s.file, s]));
    for (const term of graph.terms) {
      const src = termSources.get(term.file)!;
      const plan = plans.get(`term:${term.slug}`)!;
      const view = termView(graph, term);
      entries.get('term')!.push({ kind: 'term', id: term.slug, src, plan, view, diagrams: [], digest: digestOf({ ...common, body: src.body, data: src.data, plan, view }) });
    }
    lap('views');
    return { previews, content, graph, entries, problems, timings };
  }

  /** Draws these diagrams (unchanged drawings come from the cache) and resolves to each one's figure HTML by key. */
  private async figures(prepared: Prepared, diagrams: GraphDiagram[], ctx: LoaderContext): Promise<{ figures: Map<string, string>; previews: Map<string, string> }> {
    const { graph, problems, previews } = prepared;
    // A preview shows its page's diagram: drawn (or taken from the cache) with the others, also for an unchanged page.
    const wanted = new Map([...diagrams, ...previews.flatMap((p) => (p.diagram ? [p.diagram] : []))].map((d) => [d.key, d]));
    const drawings = await drawDiagrams([...wanted.values()], this.site, this.cacheRoot, problems, ctx.logger, graph.terms, previews);
    for (const w of drawings.warnings) if (!this.drawingWarned.has(w)) ctx.logger.warn(w), this.drawingWarned.add(w);
    return { figures: new Map(diagrams.map((d) => [d.key, diagramFigure(d, drawings.svgFor(d), (slug) => findTerm(graph, slug), graph.base)])), previews: drawings.previews };
  }

  /** Prints warnings; errors stop a build with Arbor's report alone; `astro dev` prints them and goes on. */
  private report(problems: ProblemList): void {
    // `astro dev` runs again on every edit: a warning is printed when it first appears, not at every run.
    const warnings = new Set(problems.sorted().filter((p) => p.severity === 'warning').map(formatProblem));
    for (const w of warnings) if (!this.warned.has(w)) this.logger.warn(w);
    this.warned = warnings;
    const errors = problems.sorted().filter((p) => p.severity === 'error');
    if (!errors.length) return;
    const error = new ContentError(errors);
    if (this.dev) {
      this.logger.error(error.message);
      return;
    }
    // Anything thrown from a loader gets "An unhandled error occurred…" and a stack trace from
    // Astro after it: a build prints Arbor's report alone and stops (exit code 1).
    console.error(error.message);
    process.exit(1);
  }
}
