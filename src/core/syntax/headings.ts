/** Heading anchors, computed once the same way for the graph and for the rendered page. */
import GithubSlugger from 'github-slugger';
import { toString } from 'mdast-util-to-string';
import type { Heading, Root } from 'mdast';
import { visit } from 'unist-util-visit';

/** Visit headings in order with their text and unique anchor (GitHub's slugger, deduped per page). */
export function eachHeading(tree: Root, fn: (node: Heading, text: string, anchor: string) => void): void {
  const slugger = new GithubSlugger();
  visit(tree, 'heading', (node) => {
    const text = toString(node).trim();
    fn(node, text, slugger.slug(text) || 'section');
  });
}
