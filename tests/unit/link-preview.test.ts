/** Link previews' pure half: which links preview, and what a preview reads from a fetched page. */
import { describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import { extractPreview, previewTarget } from '../../src/client/link-preview-data.ts';

const here = 'https://kb.example/kb/topics/a/';
const doc = (html: string) => new JSDOM(html).window.document;

describe('previewTarget', () => {
  it('previews notes, trees and glossary terms on this site', () => {
    expect(previewTarget('/kb/topics/b/', here, '/kb/')).toEqual({ url: 'https://kb.example/kb/topics/b/', kind: 'page' });
    expect(previewTarget('../c/d/#intro', here, '/kb/')).toEqual({ url: 'https://kb.example/kb/topics/c/d/', kind: 'page' });
    expect(previewTarget('/kb/trees/map', here, '/kb/')).toEqual({ url: 'https://kb.example/kb/trees/map/', kind: 'page' });
    expect(previewTarget('/kb/glossary/#lora', here, '/kb/')).toEqual({ url: 'https://kb.example/kb/glossary/lora/', kind: 'term', term: 'lora' });
    expect(previewTarget('/kb/glossary/lora/', here, '/kb/')).toEqual({ url: 'https://kb.example/kb/glossary/lora/', kind: 'term', term: 'lora' });
  });

  it('does not preview other sites, this page, indexes, tags, search or files', () => {
    for (const href of ['https://other.example/kb/topics/b/', '#intro', '/kb/topics/a/#x', '/kb/topics/', '/kb/trees/', '/kb/glossary/', '/kb/glossary/terms.json', '/kb/tags/x/', '/kb/search/?q=a', '/topics/b/', '/kb/topics/b/file.pdf', 'mailto:a@b.c', 'http://[bad'])
      expect(previewTarget(href, here, '/kb/'), href).toBeNull();
  });
});

describe('extractPreview', () => {
  const note = doc(`<html><head><title>B · KB</title><meta name="description" content="The summary."><style>:root{--arbor-dg-node:#fff}</style></head><body>
    <main><article><header><h1>Note <b>B</b></h1></header><div class="prose"><p></p><p>First <span class="katex"><span class="katex-mathml">x</span><span aria-hidden="true">x</span></span> paragraph.</p>
    <figure class="diagram"><svg data-diagram="d-1" viewBox="0 0 10 5"><g data-node="A"></g></svg></figure></div></article></main></body></html>`);

  it('reads a page: its title, summary and first diagram with the page’s colours', () => {
    const p = extractPreview(note, { url: '', kind: 'page' })!;
    expect(p.title).toBe('Note B');
    expect(p.text).toBe('The summary.');
    expect(p.figure?.svg.getAttribute('data-diagram')).toBe('d-1');
    expect(p.figure?.css).toContain('--arbor-dg-node');
  });

  it('uses the first paragraph when the description is only its first sentence, and clips long text', () => {
    const long = 'word '.repeat(200);
    const d = doc(`<head><meta name="description" content="Alpha beta."></head><main><h1>T</h1><div class="prose"><p>Alpha beta. ${long}</p></div></main>`);
    const p = extractPreview(d, { url: '', kind: 'page' })!;
    expect(p.text.startsWith('Alpha beta. word')).toBe(true);
    expect(p.text.length).toBeLessThanOrEqual(321);
    expect(p.text.endsWith('…')).toBe(true);
    expect(p.figure).toBeUndefined();
  });

  it('reads a term from its page, or from its glossary entry', () => {
    const page = doc(`<main><article class="page-term"><h1>LoRA</h1><p class="short">Low-rank attachment.</p><div class="prose definition"><p>Modifies weights: A B.</p></div></article></main>`);
    expect(extractPreview(page, { url: '', kind: 'term', term: 'lora' })).toEqual({ title: 'LoRA', text: 'Low-rank attachment.', more: 'Modifies weights: A B.' });
    const glossary = doc(`<main><section class="term" id="ddpm"><h3><span class="term-name">DDPM</span></h3><div class="definition"><p>Diffusion.</p></div></section><section class="term" id="lora"><h3><span class="term-name">LoRA</span></h3><div class="definition"><p>Attachment.</p></div></section></main>`);
    expect(extractPreview(glossary, { url: '', kind: 'term', term: 'lora' })).toEqual({ title: 'LoRA', text: 'Attachment.' });
    expect(extractPreview(glossary, { url: '', kind: 'term', term: 'nope' })).toBeNull();
  });
});
