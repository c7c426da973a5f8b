/**
 * Link-preview images (og:image): one 1200×630 card per note and tree page, drawn by the build's
 * Chromium from the HTML made here. A tree page's card is its tree, a note's its first diagram,
 * fitted under the title with the site's name small at the bottom; a page without a diagram gets
 * a title card (title, summary or description, site name). Light colours only: a preview is shown
 * on someone else's page. Cached by content (`previewKey`), so a warm build draws none.
 */
import { createHash } from 'node:crypto';
import { DIAGRAM_CSS_VARIABLES } from './theme.ts';

export const PREVIEW_WIDTH = 1200;
export const PREVIEW_HEIGHT = 630;
/** Bump when the card's HTML or CSS changes, so every card is drawn again. */
export const PREVIEW_VERSION = 'p1';
/** Where the cards are published, under the site's base. */
export const PREVIEW_DIR = '_arbor/preview';

export interface PreviewCard {
  title: string;
  siteName: string;
  /** The summary, else the description: shown on a title card only. */
  summary?: string;
  /**
   * What determines the diagram's SVG: its drawing's cache key (a hash of the renderer, mermaid's
   * version and config, and the source), so the key is known before the diagram is drawn.
   */
  diagramKey?: string;
}

/** The content hash naming a card's image: the template version and everything the card shows. */
export function previewKey(card: PreviewCard): string {
  return createHash('sha256')
    .update(JSON.stringify([PREVIEW_VERSION, card.title, card.siteName, card.summary ?? '', card.diagramKey ?? '']))
    .digest('hex')
    .slice(0, 32);
}

/** The diagram a page's card shows: a tree page's tree, else the page's first diagram that mermaid can draw. */
export function previewDiagram<D extends { primary: boolean; type: string }>(kind: 'note' | 'tree', diagrams: readonly D[]): D | undefined {
  const drawable = diagrams.filter((d) => d.type !== 'unknown');
  if (kind === 'tree') return drawable.find((d) => d.primary) ?? drawable[0];
  return drawable[0];
}

/** Text as HTML text or attribute value (five characters; the card's text is the author's). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The light palette as the CSS variables the themed SVGs use. */
function lightVariables(): string {
  return Object.entries(DIAGRAM_CSS_VARIABLES)
    .map(([name, v]) => `${name}:${v.light};`)
    .join('');
}

const FONT = 'Verdana, "DejaVu Sans", Geneva, sans-serif';

/**
 * The card as a whole HTML document (1200×630), with the diagram's themed SVG (ours, drawn by
 * mermaid in strict mode) inline and every text escaped. It loads nothing and needs no script.
 */
export function previewHtml(card: PreviewCard, svg?: string): string {
  const title = escapeHtml(card.title);
  const site = escapeHtml(card.siteName);
  const css = [
    `:root{${lightVariables()}}`,
    `*{box-sizing:border-box;margin:0}`,
    `html,body{width:${PREVIEW_WIDTH}px;height:${PREVIEW_HEIGHT}px;overflow:hidden;background:#ffffff;color:#1f2937;font-family:${FONT}}`,
    `body{display:flex;flex-direction:column;padding:36px 48px 24px;border-top:12px solid #6d74d6}`,
    `h1{font-size:40px;line-height:1.2;font-weight:700;display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:2;overflow:hidden;flex:none}`,
    `.diagram{flex:1;min-height:0;margin:20px 0 12px;display:flex;align-items:center;justify-content:center}`,
    // mermaid sets width="100%" and a max-width style: the card fits the whole drawing instead.
    `.diagram svg{width:100%!important;height:100%!important;max-width:none!important;max-height:none!important}`,
    `.title-card{flex:1;display:flex;flex-direction:column;justify-content:center}`,
    `.title-card h1{font-size:60px;-webkit-line-clamp:3}`,
    `.title-card p{margin-top:28px;font-size:30px;line-height:1.4;color:#4b5563;display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:4;overflow:hidden}`,
    `footer{flex:none;font-size:22px;color:#5b6478}`,
  ].join('\n');
  const main = svg
    ? `<h1>${title}</h1><div class="diagram">${svg}</div>`
    : `<div class="title-card"><h1>${title}</h1>${card.summary ? `<p>${escapeHtml(card.summary)}</p>` : ''}</div>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><style>${css}</style></head><body>${main}<footer>${site}</footer></body></html>`;
}

/** The key of a preview image from its href (`<base>_arbor/preview/<key>.png`). */
export function previewKeyOf(href: string): string {
  return href.slice(href.lastIndexOf('/') + 1).replace(/\.png$/, '');
}
