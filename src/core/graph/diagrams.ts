/**
 * The analysis' diagram pass, for one page: each ```mermaid fence gets its id (from its title, the
 * heading above it, or its position), its model from mermaid's parser (cached by source hash), the
 * targets of its nodes and the papers behind its edges (docs/DESIGN.md "Knowledge tree").
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagramSyntaxError, parseDiagram, type DiagramModel } from '../diagrams/parse.ts';
import { MERMAID_VERSION } from '../diagrams/version.ts';
import { anchorFor } from '../paths.ts';
import type { ProblemList } from '../problems.ts';
import type { ParsedPage } from './build.ts';
import type { NameIndex } from './resolve.ts';
import type { DiagramSource, GraphDiagram } from './types.ts';

const EMOJI = /[\p{Extended_Pictographic}\u{FE0F}\u{200D}\u{20E3}]/gu;

/** Hash of a diagram's source; the renderer's cache key builds on it. */
export function sourceHash(source: string): string {
  return createHash('sha256').update(source).digest('hex').slice(0, 16);
}

/** A node label without its emoji: `👁️ Vision` → `Vision`. */
export function plainLabel(label: string): string {
  return label.replace(EMOJI, '').replace(/\s+/g, ' ').trim();
}

/** `P7: DiffDis: Empowering …` → label `P7`, title `DiffDis: Empowering …`. */
export function splitSource(text: string): Pick<DiagramSource, 'label' | 'title'> {
  const m = /^([A-Z]{0,3}\d+[a-z]?)\s*[:.)\]-]\s*(.+)$/u.exec(text.trim());
  return m ? { label: m[1], title: m[2]!.trim() } : { title: text.trim() };
}

/** Above these mermaid stops (its maxEdges, maxTextSize: it then draws an error box) or drawing takes minutes. */
export const MAX_DIAGRAM_NODES = 500;
export const MAX_DIAGRAM_EDGES = 500;
export const MAX_DIAGRAM_CHARS = 50_000;
/** Bump when the parser's model changes shape, so cached models are parsed again. */
const MODEL_VERSION = `m2-${MERMAID_VERSION}`;

/** mermaid's parse of a diagram, from the cache when the same source was parsed before. */
async function parseCached(source: string, hash: string, cacheDir: string | undefined): Promise<DiagramModel> {
  const file = cacheDir && join(cacheDir, `${hash}-${MODEL_VERSION}.json`);
  if (file) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as DiagramModel;
    } catch {
      // not cached yet
    }
  }
  const model = await parseDiagram(source);
  if (file) {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(`${file}.${process.pid}`, JSON.stringify(model));
    renameSync(`${file}.${process.pid}`, file);
  }
  return model;
}

/** `autolink=false` in a fence's meta string: its nodes link only through `click` lines (e.g. a chart of key words). */
function fenceAutolink(meta: string | null | undefined): boolean {
  return !/(?:^|\s)autolink=(?:"false"|'false'|false)(?:\s|$)/.test(meta ?? '');
}

/** `title="My tree"` or `title=tree` in a fence's meta string. */
function fenceTitle(meta: string | null | undefined): string | undefined {
  const m = /(?:^|\s)title=(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(meta ?? '');
  return m ? (m[1] ?? m[2] ?? m[3])?.trim() || undefined : undefined;
}

/** The diagrams of one page, in document order; adds their anchors and plan entries to the page. */
export async function pageDiagrams(p: ParsedPage, index: NameIndex, cacheDir: string | undefined, problems: ProblemList, unresolvedNodes: string[]): Promise<GraphDiagram[]> {
  const diagrams: GraphDiagram[] = [];
  const ids = new Set<string>();
  for (const [i, node] of p.facts.fences.entries()) {
    const { heading } = node;
    const primary = p.page.kind === 'tree' && i === 0;
    const autolink = fenceAutolink(node.meta);
    const title = fenceTitle(node.meta) ?? (primary ? p.page.title : heading) ?? `Diagram ${i + 1}`;
    const wanted = fenceTitle(node.meta) ? anchorFor(fenceTitle(node.meta)!) : heading ? `${anchorFor(heading)}-diagram` : `diagram-${i + 1}`;
    let id = wanted;
    for (let n = 2; ids.has(id) || p.anchors.has(id); n++) id = `${wanted}-${n}`;
    ids.add(id);
    p.anchors.add(id);
    const line = node.line + p.src.bodyStartLine; // fence line + 1
    const diagram: GraphDiagram = {
      key: `${p.page.kind}:${p.page.slug}#${id}`,
      page: { kind: p.page.kind, slug: p.page.slug },
      id,
      index: i,
      title,
      file: p.src.file,
      line,
      source: node.value,
      hash: sourceHash(node.value),
      type: 'unknown',
      primary,
      nodes: [],
      edges: [],
      sources: [],
    };
    let model: DiagramModel | undefined;
    try {
      model = await parseCached(node.value, diagram.hash, cacheDir);
    } catch (err) {
      if (/^Edge limit exceeded/.test((err as Error).message)) problems.error(p.src.file, line, `diagram has more than ${MAX_DIAGRAM_EDGES} edges; Arbor draws at most ${MAX_DIAGRAM_EDGES} edges per diagram`, 'split it into smaller diagrams, e.g. one per branch');
      else if (err instanceof DiagramSyntaxError) problems.error(p.src.file, line + err.line - 1, `invalid Mermaid: ${err.message}`, 'quote labels with parentheses or $ like A["f(x)"]; see mermaid.js.org/syntax/flowchart');
      else problems.error(p.src.file, line, `invalid Mermaid: ${(err as Error).message}`);
    }
    if (model && model.nodes.length > MAX_DIAGRAM_NODES) {
      problems.error(p.src.file, line, `diagram has ${model.nodes.length.toLocaleString('en')} nodes; Arbor draws at most ${MAX_DIAGRAM_NODES} nodes per diagram`, 'split it into smaller diagrams, e.g. one per branch');
      model = undefined;
    } else if (model && node.value.length > MAX_DIAGRAM_CHARS) {
      problems.error(p.src.file, line, `diagram source is ${node.value.length.toLocaleString('en')} characters; mermaid draws at most ${MAX_DIAGRAM_CHARS.toLocaleString('en')}`, 'split it into smaller diagrams or shorten its labels');
      model = undefined;
    }
    if (model) {
      for (const w of model.warnings) problems.warn(p.src.file, line, `Mermaid: ${w}`);
      diagram.type = model.type;
      diagram.sources = model.sources.map((text) => {
        const s: DiagramSource = { text, ...splitSource(text) };
        const r = index.resolve(s.title, ['note']);
        if (r.status === 'ok') s.paper = r.target;
        return s;
      });
      const sourceIndex = new Map(model.sources.map((s, n) => [s, n]));
      diagram.edges = model.edges.map((e) => ({ id: e.id, from: e.from, to: e.to, label: e.label, source: e.source !== undefined ? sourceIndex.get(e.source) : undefined }));
      diagram.nodes = model.nodes.map((n) => {
        const anchor = primary ? `node-${n.id}` : `${id}-node-${n.id}`;
        p.anchors.add(anchor);
        const info: GraphDiagram['nodes'][number] = { id: n.id, label: n.label, shape: n.shape, anchor };
        if (n.link && /^[a-z][a-z0-9+.-]*:/i.test(n.link)) info.external = n.link;
        const byName: [string, ReadonlyArray<'term' | 'note' | 'tree'>][] = autolink
          ? [
              [n.id, ['term']],
              [plainLabel(n.label), ['term']],
              [plainLabel(n.label), ['note', 'tree']],
            ]
          : [];
        const tryNames: [string, ReadonlyArray<'term' | 'note' | 'tree'>, boolean][] = [
          ...(n.link && !info.external ? [[n.link, ['term', 'note', 'tree'], true] as [string, ReadonlyArray<'term' | 'note' | 'tree'>, boolean]] : []),
          ...byName.map(([name, kinds]) => [name, kinds, false] as [string, ReadonlyArray<'term' | 'note' | 'tree'>, boolean]),
        ];
        for (const [name, kinds, explicit] of tryNames) {
          if (!name) continue;
          const r = index.resolve(name, kinds, 'term');
          // A node is never linked by its name to the page it is drawn on (a tree's root named
          // like the tree, a paper's key-word chart naming the paper); a click line may still.
          if (r.status === 'ok' && (explicit || !(r.target.kind === p.page.kind && r.target.slug === p.page.slug))) {
            info.target = r.target;
            break;
          }
        }
        if (!info.target && !info.external && autolink) unresolvedNodes.push(`${p.src.file}: ${diagram.id}: ${n.id} "${plainLabel(n.label)}"`);
        return info;
      });
    }
    p.diagrams.push(diagram);
    p.page.diagrams.push(diagram.key);
    p.plan.diagrams.push({ offset: node.offset, key: diagram.key });
    diagrams.push(diagram);
  }
  return diagrams;
}
