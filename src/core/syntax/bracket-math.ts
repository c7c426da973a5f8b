/// <reference types="remark-parse" />
/// <reference types="mdast-util-to-hast" />
/**
 * `\( … \)` (inline) and `\[ … \]` (display) math, as a micromark construct plus an
 * mdast-util-from-markdown extension. remark-math only knows `$` delimiters and CommonMark
 * reads `\(` as an escaped `(`, so the backslashes would be gone before any plugin could
 * see them; parsing at the tokenizer level is the only place they can be caught. The nodes
 * produced are remark-math's own `inlineMath` nodes, so rehype-katex renders them unchanged,
 * and code spans/blocks are never touched (micromark never runs text constructs inside them).
 */
import type { Code, Construct, Effects, Extension, State, Token, TokenizeContext } from 'micromark-util-types';
import type { CompileContext, Extension as FromMarkdownExtension } from 'mdast-util-from-markdown';
import type { InlineMath } from 'mdast-util-math';
import { markdownLineEnding } from 'micromark-util-character';
import { codes } from 'micromark-util-symbol';
import type { Processor } from 'unified';

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    bracketMath: 'bracketMath';
    bracketMathMarker: 'bracketMathMarker';
    bracketMathData: 'bracketMathData';
  }
}

const bracketMathConstruct: Construct = { name: 'bracketMath', tokenize: tokenizeBracketMath };

function tokenizeBracketMath(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  let close: number = codes.rightParenthesis;
  let hasData = false;
  const closing: Construct = { tokenize: tokenizeClosing, partial: true };

  return start;

  function start(code: Code): State | undefined {
    if (code !== codes.backslash) return nok(code);
    effects.enter('bracketMath');
    effects.enter('bracketMathMarker');
    effects.consume(code);
    return opening;
  }

  function opening(code: Code): State | undefined {
    if (code === codes.leftParenthesis) close = codes.rightParenthesis;
    else if (code === codes.leftSquareBracket) close = codes.rightSquareBracket;
    else return nok(code);
    effects.consume(code);
    effects.exit('bracketMathMarker');
    return between;
  }

  function between(code: Code): State | undefined {
    // A backtick ends the attempt: a stray `\(` must never swallow a later code span.
    if (code === codes.eof || code === codes.graveAccent) return nok(code);
    if (markdownLineEnding(code)) {
      effects.enter('lineEnding');
      effects.consume(code);
      effects.exit('lineEnding');
      return between;
    }
    if (code === codes.backslash) return effects.attempt(closing, done, escaped)(code);
    return data(code);
  }

  function data(code: Code): State | undefined {
    effects.enter('bracketMathData');
    return dataInside(code);
  }

  function dataInside(code: Code): State | undefined {
    if (code === codes.graveAccent) return nok(code);
    if (code === codes.eof || markdownLineEnding(code)) {
      effects.exit('bracketMathData');
      return between(code);
    }
    if (code === codes.backslash) {
      // A backslash is data unless it starts the closing delimiter; keep it and the next character.
      effects.exit('bracketMathData');
      return effects.attempt(closing, done, escaped)(code);
    }
    hasData = true;
    effects.consume(code);
    return dataInside;
  }

  function escaped(code: Code): State | undefined {
    effects.enter('bracketMathData');
    effects.consume(code);
    hasData = true;
    return afterBackslash;
  }

  function afterBackslash(code: Code): State | undefined {
    if (code === codes.eof || markdownLineEnding(code)) {
      effects.exit('bracketMathData');
      return between(code);
    }
    effects.consume(code);
    return dataInside;
  }

  function done(code: Code): State | undefined {
    if (!hasData) return nok(code);
    effects.exit('bracketMath');
    return ok(code);
  }

  function tokenizeClosing(this: TokenizeContext, fx: Effects, okClose: State, nokClose: State): State {
    return function closeStart(code: Code): State | undefined {
      if (code !== codes.backslash) return nokClose(code);
      fx.enter('bracketMathMarker');
      fx.consume(code);
      return function closeEnd(next: Code): State | undefined {
        if (next !== close) return nokClose(next);
        fx.consume(next);
        fx.exit('bracketMathMarker');
        return okClose;
      };
    };
  }
}

/** micromark syntax extension: tried before CommonMark's character escape on `\`. */
export function bracketMathSyntax(): Extension {
  return { text: { [codes.backslash]: bracketMathConstruct } };
}

/** mdast extension: turns the tokens into remark-math `inlineMath` nodes (display ones flagged). */
export function bracketMathFromMarkdown(): FromMarkdownExtension {
  return {
    enter: {
      bracketMath(this: CompileContext, token: Token) {
        const node: InlineMath = { type: 'inlineMath', value: '', data: {} };
        this.enter(node, token);
      },
    },
    exit: {
      bracketMath(this: CompileContext, token: Token) {
        const node = this.stack[this.stack.length - 1] as InlineMath;
        const raw = this.sliceSerialize(token);
        const display = raw.startsWith('\\[');
        const value = raw.slice(2, -2).trim();
        node.value = value;
        node.data = {
          hName: 'code',
          hProperties: { className: ['language-math', display ? 'math-display' : 'math-inline'] },
          hChildren: [{ type: 'text', value }],
        };
        this.exit(token);
      },
    },
  };
}

/** remark plugin: registers both extensions on the processor. */
export default function remarkBracketMath(this: Processor) {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(bracketMathSyntax());
  (data.fromMarkdownExtensions ??= []).push(bracketMathFromMarkdown());
}
