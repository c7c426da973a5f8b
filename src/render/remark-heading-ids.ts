/** Gives every heading the anchor the graph computed for it (one slugger, one rule). */
/// <reference types="mdast-util-to-hast" />
import type { Root } from 'mdast';
import { eachHeading } from '../core/syntax/headings.ts';

export default function remarkHeadingIds() {
  return (tree: Root) => {
    eachHeading(tree, (node, _text, anchor) => {
      node.data ??= {};
      node.data.hProperties = { ...node.data.hProperties, id: anchor };
    });
  };
}
