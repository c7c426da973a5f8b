/** A heading as the table of contents shows it: its text, with inline math drawn by KaTeX as in the body. */
import katex from 'katex';
import type { Heading } from '../core/graph/types.ts';
import { escapeHtml } from '../core/diagrams/preview.ts';


export function headingHtml(heading: Pick<Heading, 'text' | 'parts'>): string {
  if (!heading.parts) return escapeHtml(heading.text);
  return heading.parts.map((p) => ('math' in p ? katex.renderToString(p.math, { throwOnError: false, strict: 'ignore' }) : escapeHtml(p.text))).join('');
}
