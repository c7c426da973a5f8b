/**
 * The Markdown pipeline end to end (Astro's unified processor with Arbor's plugins), on a
 * small knowledge base: what each plugin writes into the HTML.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent, type LoadedContent } from '../../src/core/content/load.ts';
import { buildGraph } from '../../src/core/graph/build.ts';
import { renderSource } from '../../src/render/content.ts';
import { ProblemList } from '../../src/core/problems.ts';
import { tempContent } from '../helpers/temp-content.ts';

let render: (file: string, opts?: { svg?: boolean }) => Promise<string>;
let content: LoadedContent;

beforeAll(async () => {
  const { root, contentDir } = tempContent({
    'notes/a.md': [
      '---',
      'title: Note A',
      '---',
      '## Intro',
      '',
      'Vision matters. See [[Note B]], [[Note B|the other one]], [[b#Details]], [[#Intro]] and [a file](b.md#details).',
      '',
      'Vision again, `Vision in code`, and [Vision in a link](https://example.org).',
      '',
      '![[Note B]]',
      '',
      '```mermaid',
      'flowchart LR',
      '  VI[👁️ Vision] --> X["<img src=x onerror=alert(1)>"]',
      '```',
    ].join('\n'),
    'notes/b.md': '---\ntitle: Note B\nsummary: The second note.\nautolink: false\n---\n## Details\n\nVision is not linked here.\n',
    'glossary/vision.md': '---\nterm: Vision\naliases: [VI]\nshort: Seeing <things>.\n---\nLong definition.\n',
  });
  const problems = new ProblemList();
  content = loadContent(root, contentDir, problems);
  const built = await buildGraph(content, { base: '/kb/', brokenLinks: 'error' }, problems);
  expect(problems.errors).toEqual([]);
  render = async (file, opts = {}) => {
    const src = content.notes.find((n) => n.file.endsWith(file))!;
    return renderSource(built, src, { svgFor: () => ((opts.svg ?? true) ? '<svg data-diagram="drawn"></svg>' : undefined) });
  };
});

describe('Markdown pipeline', () => {
  it('turns every link form into a link under the base', async () => {
    const html = await render('notes/a.md');
    expect(html).toContain('<a href="/kb/topics/b/" class="internal-link" data-kind="note">Note B</a>');
    expect(html).toContain('<a href="/kb/topics/b/" class="internal-link" data-kind="note">the other one</a>');
    expect(html).toContain('<a href="/kb/topics/b/#details" class="internal-link" data-kind="note">Note B › Details</a>');
    expect(html).toContain('<a href="/kb/topics/a/#intro" class="internal-link" data-kind="note">Intro</a>');
    expect(html).toContain('<a href="/kb/topics/b/#details">a file</a>');
    expect(html).toMatch(/<a href="\/kb\/topics\/b\/" class="embed-card" data-kind="note"><strong>Note B<\/strong> — The second note\.<\/a>/);
  });

  it('links only the first mention of a term, never in code or links, with an escaped tooltip', async () => {
    const html = await render('notes/a.md');
    expect(html.match(/class="term-link"/g)).toHaveLength(1);
    expect(html).toContain('<a href="/kb/glossary/#vision" class="term-link" data-term="vision" aria-describedby="arbor-tip-1">Vision<span class="term-tip" role="tooltip" id="arbor-tip-1" aria-hidden="true" data-pagefind-ignore="">Seeing &#x3C;things>.</span></a> matters.');
    expect(html).toContain('<code>Vision in code</code>');
    expect(html).toContain('<a href="https://example.org">Vision in a link</a>');
  });

  it('respects a note that opts out of term links', async () => {
    expect(await render('notes/b.md')).not.toContain('term-link');
  });

  it('gives headings the anchors the graph knows', async () => {
    expect(await render('notes/b.md')).toContain('<h2 id="details">Details</h2>');
  });

  it('replaces a mermaid block by its figure with the drawn SVG and an escaped text version', async () => {
    const html = await render('notes/a.md');
    expect(html).toContain('<figure class="diagram" id="intro-diagram" data-diagram-figure="intro-diagram">');
    expect(html).toContain('<svg data-diagram="drawn"></svg>');
    // mermaid's parser drops the markup from the label; the node is listed by its id.
    expect(html).toContain('<li id="intro-diagram-node-X-text"><a href="#intro-diagram-node-X" class="node-ref" aria-label="Show X in the diagram">◉</a> <span>X</span></li>');
    expect(html).not.toContain('<img');
    expect(html).toContain('<a href="/kb/glossary/#vision">👁️ Vision</a>');
  });

  it('falls back to the escaped source for the browser when no SVG was drawn', async () => {
    const html = await render('notes/a.md', { svg: false });
    expect(html).toContain(' data-needs-client data-mermaid-src="/kb/_arbor/mermaid.min.js"');
    expect(html).not.toContain('<img');
    expect(html).toContain('<pre class="mermaid-source" data-diagram-source="intro-diagram">flowchart LR\n  VI[👁️ Vision] --> X["&#x3C;img src=x onerror=alert(1)>"]</pre>');
  });
});
