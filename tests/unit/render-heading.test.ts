/** Headings with math: the table of contents shows the formula drawn, never the TeX source. */
import { describe, expect, it } from 'vitest';
import { extractFacts } from '../../src/core/graph/extract.ts';
import { headingHtml } from '../../src/render/heading.ts';

describe('a heading with inline math', () => {
  const [plain, withMath] = extractFacts('## Plain <b> & [[p|Papers]]\n\n## 2. Model Scaling ($\\frac{A}{N^\\alpha}$) in [[laws|Laws]]\n').headings;

  it('keeps its text (and so its anchor) as written, and its parts in order', () => {
    expect(withMath!.text).toBe('2. Model Scaling (\\frac{A}{N^\\alpha}) in laws|Laws');
    expect(withMath!.parts).toEqual([{ text: '2. Model Scaling (' }, { math: '\\frac{A}{N^\\alpha}' }, { text: ') in Laws' }]);
    expect(plain!.parts).toBeUndefined();
  });

  it('is shown with the formula drawn by KaTeX and the text escaped', () => {
    const html = headingHtml(withMath!);
    expect(html).toMatch(/^2\. Model Scaling \(<span class="katex">/);
    expect(html).toContain('<mfrac>');
    // TeX stays only in MathML's annotation, which is not shown.
    expect(html.replace(/<annotation[^]*?<\/annotation>/g, '')).not.toContain('\\frac');
    expect(html).toMatch(/\) in Laws$/);
    expect(headingHtml(plain!)).toBe('Plain &#60;b&#62; &#38; p|Papers');
  });
});
