/** Checks over the generated content/ (run `npx tsx scripts/import-seeds.ts` first). */
import { describe, expect, it } from 'vitest';
import { parseDiagram } from '../../../src/core/diagrams/parse.ts';
import { contentFiles, mermaidBlocks } from './content-helpers.ts';

const files = contentFiles();
const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

describe('content/', () => {
  it('has no mojibake', () => {
    const bad = files.flatMap((f) => f.text.split('\n').map((l, i) => [f.path, i + 1, l] as const)).filter(([, , l]) => /Ã|â€|ðŸ|ï¸/.test(l));
    expect(bad).toEqual([]);
  });

  it('has kebab-case file names and lower-case tags', () => {
    for (const f of files) {
      expect(f.path).toMatch(/^[a-z]+\/([a-z0-9-]+\/)*[a-z0-9-]+\.md$/);
      for (const t of (f.data.tags as string[]) ?? []) expect(t).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    }
  });

  it('resolves each of the concept map’s 15 nodes to exactly one glossary term', async () => {
    const tree = files.find((f) => f.path === 'trees/ml-in-2025-concept-map.md')!;
    const [src] = mermaidBlocks(tree.body);
    const model = await parseDiagram(src!);
    expect(model.nodes.map((n) => n.id)).toEqual(['MM', 'VI', 'LA', 'VD', 'T3D', 'AU', 'DS', 'BM', 'CO', 'RE', 'DI', 'CT', 'GE', 'CH', 'DT']);
    for (const node of model.nodes) {
      const byName = (name: string) =>
        files.filter((f) => [f.data.title, f.data.term, ...((f.data.aliases as string[]) ?? [])].some((n) => typeof n === 'string' && norm(n) === norm(name)));
      const hits = byName(node.id);
      expect(hits.map((h) => h.path), node.id).toHaveLength(1);
      expect(hits[0]!.path).toMatch(/^glossary\//);
      expect(hits[0]!.data).toMatchObject({ kind: 'concept' });
      expect(node.label).toContain(hits[0]!.data.term as string);
    }
    // every edge has its source, and each paper source names a paper note by title
    const titles = new Set(files.filter((f) => f.path.startsWith('notes/papers/')).map((f) => norm(f.data.title as string)));
    for (const e of model.edges) {
      expect(e.source, `${e.from}->${e.to}`).toBeDefined();
      const m = /^P\d+: (.+)$/.exec(e.source!);
      if (m) expect(titles.has(norm(m[1]!)), m[1]).toBe(true);
      else expect(e.source).toBe('Inherent Concept Relationships');
    }
  });

  it('has only valid Mermaid (mermaid’s own parser, no warnings)', async () => {
    const blocks = files.flatMap((f) => mermaidBlocks(f.body).map((src) => ({ file: f.path, src })));
    expect(blocks.length).toBeGreaterThanOrEqual(44);
    const errors: string[] = [];
    for (const b of blocks) {
      try {
        const m = await parseDiagram(b.src);
        for (const w of m.warnings) errors.push(`${b.file}: warning: ${w}`);
      } catch (e) {
        errors.push(`${b.file}: ${(e as Error).message.split('\n')[0]}`);
      }
    }
    expect(errors).toEqual([]);
  }, 120_000);

  it('has related terms that exist', () => {
    const terms = new Set(files.filter((f) => f.path.startsWith('glossary/')).map((f) => norm(f.data.term as string)));
    for (const f of files) for (const r of (f.data.related as string[]) ?? []) expect(terms.has(norm(r)), `${f.path}: ${r}`).toBe(true);
  });
});
