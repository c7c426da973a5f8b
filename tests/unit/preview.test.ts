import { describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import { PREVIEW_VERSION, escapeHtml, previewDiagram, previewHtml, previewKey } from '../../src/core/diagrams/preview.ts';

const card = { title: 'Attention', siteName: 'KB', summary: 'How tokens look at each other.' };

describe('preview card HTML', () => {
  it('escapes a hostile title, summary and site name: they show as text, and add no element', () => {
    const hostile = { title: '<img src=x onerror=alert(1)>"&\'', siteName: '</footer><script>alert(2)</script>', summary: '<b>bold</b> & more' };
    const doc = new JSDOM(previewHtml(hostile)).window.document;
    expect(doc.querySelectorAll('img, script, b').length).toBe(0);
    expect(doc.querySelector('h1')!.textContent).toBe(hostile.title);
    expect(doc.querySelector('.title-card p')!.textContent).toBe(hostile.summary);
    expect(doc.querySelector('footer')!.textContent).toBe(hostile.siteName);
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
  });

  it('shows the diagram under the title when there is one, else a title card with the summary', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" id="d1" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>';
    const withDiagram = new JSDOM(previewHtml(card, svg)).window.document;
    expect(withDiagram.querySelector('.diagram > svg#d1')).not.toBeNull();
    expect(withDiagram.querySelector('.title-card')).toBeNull();
    // The diagram's themed colours (CSS variables) get their light values.
    expect(withDiagram.querySelector('style')!.textContent).toMatch(/--arbor-dg-node:#eef2ff/);
    const titleCard = new JSDOM(previewHtml(card)).window.document;
    expect(titleCard.querySelector('.diagram')).toBeNull();
    expect(titleCard.querySelector('.title-card h1')!.textContent).toBe('Attention');
    expect(titleCard.querySelector('.title-card p')!.textContent).toBe(card.summary);
    expect(new JSDOM(previewHtml({ title: 'T', siteName: 'KB' })).window.document.querySelector('.title-card p')).toBeNull();
  });
});

describe('which diagram a preview shows', () => {
  const d = (id: string, primary = false, type = 'flowchart-v2') => ({ id, primary, type });
  it("uses a tree page's tree, even when it is not the first diagram", () => {
    expect(previewDiagram('tree', [d('a'), d('tree', true)])?.id).toBe('tree');
    expect(previewDiagram('tree', [d('a'), d('b')])?.id).toBe('a');
  });
  it("uses a note's first diagram mermaid can draw, or none", () => {
    expect(previewDiagram('note', [d('x', false, 'unknown'), d('first'), d('second')])?.id).toBe('first');
    expect(previewDiagram('note', [])).toBeUndefined();
    expect(previewDiagram('note', [d('x', false, 'unknown')])).toBeUndefined();
  });
});

describe('preview cache key', () => {
  it('is stable and changes with every part the card shows, and with the template version', () => {
    const base = { ...card, diagramKey: 'k1' };
    expect(previewKey(base)).toBe(previewKey({ ...base }));
    expect(previewKey(base)).toMatch(/^[0-9a-f]{32}$/);
    const variants = [{ ...base, title: 'Attention!' }, { ...base, siteName: 'KB2' }, { ...base, summary: 'Other.' }, { ...base, diagramKey: 'k2' }, { ...card }];
    const keys = new Set([base, ...variants].map(previewKey));
    expect(keys.size).toBe(variants.length + 1);
    expect(PREVIEW_VERSION).toBeTruthy();
  });
  it('does not confuse moved text between fields', () => {
    expect(previewKey({ title: 'a', siteName: 'b' })).not.toBe(previewKey({ title: 'ab', siteName: '' }));
  });
});
