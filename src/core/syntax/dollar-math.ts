/**
 * Inline `$…$` math by the rule Pandoc (`tex_math_dollars`) and Obsidian readers expect, so that
 * prices stay prices: the opening `$` is followed by a non-space, the closing `$` is preceded by a
 * non-space and not followed by a digit, and `\$` is a dollar. "$5-$20" and "$150/year … $12.50"
 * are text; "$x^2$" is math. micromark-extension-math's single-dollar construct pairs any two `$`
 * (its only option turns single dollars off), so Arbor sets `singleDollarTextMath: false` and adds
 * this construct: it emits the same `mathText` tokens, so mdast-util-math builds remark-math's own
 * `inlineMath` nodes and rehype-katex renders them unchanged. `$$…$$` stays micromark's.
 */
import type { Code, Construct, Effects, Extension, State, TokenizeContext } from 'micromark-util-types';
import { asciiDigit, markdownLineEnding, markdownLineEndingOrSpace } from 'micromark-util-character';
import { codes } from 'micromark-util-symbol';

/** Succeeds when the `$` here may close: the character after it is not a digit. */
const closingDollar: Construct = {
  partial: true,
  tokenize(effects, ok, nok) {
    return (code: Code) => {
      effects.consume(code);
      return (after: Code) => (asciiDigit(after) ? nok(after) : ok(after));
    };
  },
};

function tokenizeDollarMath(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  /** Whether the last character of the math so far is a space or line ending (a `$` after one cannot close). */
  let afterSpace = false;
  return start;

  function start(code: Code): State | undefined {
    if (code !== codes.dollarSign) return nok(code);
    effects.enter('mathText');
    effects.enter('mathTextSequence');
    effects.consume(code);
    effects.exit('mathTextSequence');
    return afterOpening;
  }

  function afterOpening(code: Code): State | undefined {
    // `$$` is micromark's; `$ ` is not math.
    if (code === codes.eof || code === codes.dollarSign || markdownLineEndingOrSpace(code)) return nok(code);
    effects.enter('mathTextData');
    return data(code);
  }

  function data(code: Code): State | undefined {
    // A backtick ends the attempt, as in bracket-math.ts: a stray `$` never swallows a code span.
    if (code === codes.eof || code === codes.graveAccent) return nok(code);
    if (markdownLineEnding(code)) {
      effects.exit('mathTextData');
      effects.enter('lineEnding');
      effects.consume(code);
      effects.exit('lineEnding');
      afterSpace = true;
      return lineStart;
    }
    if (code === codes.dollarSign && !afterSpace) return effects.check(closingDollar, close, dollarAsData)(code);
    if (code === codes.backslash) {
      effects.consume(code);
      afterSpace = false;
      return escaped;
    }
    effects.consume(code);
    afterSpace = markdownLineEndingOrSpace(code);
    return data;
  }

  /** After `\`, the next character is TeX's (`\$`, `\\`): it neither closes nor escapes. */
  function escaped(code: Code): State | undefined {
    if (code === codes.eof || markdownLineEnding(code) || code === codes.graveAccent) return data(code);
    effects.consume(code);
    return data;
  }

  function dollarAsData(code: Code): State | undefined {
    effects.consume(code);
    afterSpace = false;
    return data;
  }

  function lineStart(code: Code): State | undefined {
    if (code === codes.eof || markdownLineEnding(code)) return data(code);
    effects.enter('mathTextData');
    return data(code);
  }

  function close(code: Code): State | undefined {
    effects.exit('mathTextData');
    effects.enter('mathTextSequence');
    effects.consume(code);
    effects.exit('mathTextSequence');
    effects.exit('mathText');
    return ok;
  }
}

const dollarMathConstruct: Construct = {
  name: 'dollarMath',
  tokenize: tokenizeDollarMath,
  // Like micromark's math: no opening right after another `$` (unless that one was escaped).
  previous(code) {
    return code !== codes.dollarSign || this.events[this.events.length - 1]?.[1].type === 'characterEscape';
  },
};

export function dollarMathSyntax(): Extension {
  return { text: { [codes.dollarSign]: dollarMathConstruct } };
}
