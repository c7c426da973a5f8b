/// <reference types="remark-parse" />
/// <reference types="mdast-util-to-hast" />
/**
 * `[[Target]]`, `[[Target|shown text]]`, `[[Target#Heading]]`, `[[#Heading]]` and `![[Embed]]`
 * as a micromark construct plus an mdast extension producing `wikiLink` nodes. Written here
 * because the published wiki-link extensions target micromark 2/3 (mdast-util-from-markdown 1)
 * and know neither embeds nor heading fragments. Resolution is not done here: this only parses.
 */
import type { Code, Construct, Effects, Extension, State, Token, TokenizeContext } from 'micromark-util-types';
import type { CompileContext, Extension as FromMarkdownExtension } from 'mdast-util-from-markdown';
import type { Data, Literal } from 'mdast';
import { markdownLineEnding } from 'micromark-util-character';
import { codes } from 'micromark-util-symbol';
import type { Processor } from 'unified';

export interface WikiLink extends Literal {
  type: 'wikiLink';
  /** Raw text between the brackets. */
  value: string;
  /** Page part (may be empty for `[[#Heading]]`). */
  target: string;
  /** Heading part after `#`, if any. */
  heading?: string;
  /** Shown text after `|`, if any. */
  alias?: string;
  embed: boolean;
  data?: Data;
}

declare module 'mdast' {
  interface PhrasingContentMap {
    wikiLink: WikiLink;
  }
  interface RootContentMap {
    wikiLink: WikiLink;
  }
}

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    wikiLink: 'wikiLink';
    wikiLinkMarker: 'wikiLinkMarker';
    wikiLinkData: 'wikiLinkData';
  }
}

const wikiLinkConstruct: Construct = { name: 'wikiLink', tokenize: tokenizeWikiLink };

function tokenizeWikiLink(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  let size = 0;
  return start;

  function start(code: Code): State | undefined {
    effects.enter('wikiLink');
    effects.enter('wikiLinkMarker');
    if (code === codes.exclamationMark) {
      effects.consume(code);
      return firstBracket;
    }
    return firstBracket(code);
  }

  function firstBracket(code: Code): State | undefined {
    if (code !== codes.leftSquareBracket) return nok(code);
    effects.consume(code);
    return secondBracket;
  }

  function secondBracket(code: Code): State | undefined {
    if (code !== codes.leftSquareBracket) return nok(code);
    effects.consume(code);
    effects.exit('wikiLinkMarker');
    effects.enter('wikiLinkData');
    return inside;
  }

  function inside(code: Code): State | undefined {
    if (code === codes.eof || markdownLineEnding(code) || code === codes.leftSquareBracket) return nok(code);
    if (code === codes.rightSquareBracket) {
      if (size === 0) return nok(code);
      effects.exit('wikiLinkData');
      effects.enter('wikiLinkMarker');
      effects.consume(code);
      return closing;
    }
    size++;
    effects.consume(code);
    return inside;
  }

  function closing(code: Code): State | undefined {
    if (code !== codes.rightSquareBracket) return nok(code);
    effects.consume(code);
    effects.exit('wikiLinkMarker');
    effects.exit('wikiLink');
    return ok;
  }
}

export function wikiLinkSyntax(): Extension {
  return { text: { [codes.leftSquareBracket]: wikiLinkConstruct, [codes.exclamationMark]: wikiLinkConstruct } };
}

/** Split `Target#Heading|Alias` into its parts (`\|` is accepted for links inside tables). */
export function splitWikiLink(raw: string): Pick<WikiLink, 'target' | 'heading' | 'alias'> {
  const bar = raw.indexOf('|');
  const ref = (bar === -1 ? raw : raw.slice(0, bar)).replace(/\\$/, '');
  const alias = bar === -1 ? undefined : raw.slice(bar + 1).trim() || undefined;
  const hash = ref.indexOf('#');
  const target = (hash === -1 ? ref : ref.slice(0, hash)).trim();
  const heading = hash === -1 ? undefined : ref.slice(hash + 1).trim() || undefined;
  return { target, heading, alias };
}

export function wikiLinkFromMarkdown(): FromMarkdownExtension {
  return {
    enter: {
      wikiLink(this: CompileContext, token: Token) {
        const embed = this.sliceSerialize(token).startsWith('!');
        const node: WikiLink = { type: 'wikiLink', value: '', target: '', embed };
        this.enter(node as never, token);
      },
    },
    exit: {
      wikiLinkData(this: CompileContext, token: Token) {
        const node = this.stack[this.stack.length - 1] as unknown as WikiLink;
        node.value = this.sliceSerialize(token);
        Object.assign(node, splitWikiLink(node.value));
      },
      wikiLink(this: CompileContext, token: Token) {
        this.exit(token);
      },
    },
  };
}

export default function remarkWikiLinkSyntax(this: Processor) {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(wikiLinkSyntax());
  (data.fromMarkdownExtensions ??= []).push(wikiLinkFromMarkdown());
}
