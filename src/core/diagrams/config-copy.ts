/**
 * A faster `getConfig` for mermaid. mermaid's `getConfig()` returns a fresh copy of its whole
 * configuration, `assignWithDepth({}, currentConfig)`: 977 keys (the c4 section alone has 143, the
 * theme's variables 271), each defined with `Object.defineProperty`, 0.32 ms per call. Parsing or
 * drawing one flowchart calls it a few hundred times (every node, edge and label asks). On the
 * benchmark's 150 flowcharts it was 38 % of Chromium's drawing time (a CPU profile of the drawing
 * page; ELK's own layout was 9 %) and 77 % of parsing them in Node. mermaid 12.3 and
 * @mermaid-js/layout-elk 1.0.1 each bundle their own copy of that code, and neither exports it, so
 * the code is patched as it is loaded: the drawing page's scripts as they are served
 * (drawing-page.ts), mermaid's ES modules in Node through a module hook (parse.ts). Their
 * `getConfig` calls `COPY_CONFIG` instead, which builds the same copy without defining each
 * property (about 10 times faster).
 *
 * The copy is the same as `assignWithDepth`'s at its default depth of 2, key for key and in the
 * same order: top-level and second-level objects become fresh objects (arrays fresh arrays, without
 * repeated items), third-level ones shallow copies (`Object.assign`), keys whose value is null are
 * left out, and every other value is shared. The drawings are byte for byte what the unpatched
 * bundles draw (tests/unit/diagrams/config-copy.test.ts checks the copy against mermaid's own
 * function and compares drawings). Code whose `getConfig` is not found is left unchanged.
 */

const NAME = '__arborCopyConfig';

/**
 * `assignWithDepth({}, source)` (mermaid's utils, depth 2) without a property definition per key,
 * as a function declaration appended to the patched script or module (hoisted, so it is there for
 * calls made while the code first runs). Plain JavaScript in a string, because it runs in the
 * drawing page too, where a TypeScript runner's helpers would not exist. mermaid's configuration
 * never holds a `__proto__` key (its `sanitizeDirective` drops every `__` key), the one key where
 * assigning and defining differ.
 */
export const COPY_CONFIG = String.raw`
function ${NAME}(config) {
  // An object is copied whole in one step (V8's fast clone), then its null-valued keys are dropped
  // and its object values replaced by their own copies.
  function copy(source, depth) {
    var out = Object.assign({}, source), keys = Object.keys(source);
    for (var i = 0; i < keys.length; i++) {
      var value = source[keys[i]];
      if (typeof value !== 'object') continue;
      if (value === null) delete out[keys[i]];
      // An array, at any depth, is copied without repeats (assignWithDepth's includes/push).
      else if (Array.isArray(value)) out[keys[i]] = Array.from(new Set(value));
      else out[keys[i]] = depth > 1 ? copy(value, depth - 1) : Object.assign({}, value);
    }
    return out;
  }
  return copy(config, 2);
}
`;

/**
 * mermaid's `getConfig` as esbuild writes it, which keeps the name: minified
 * `X=f(()=>copy({},current),"getConfig")` or unminified
 * `getConfig = __name(() => {\n  return copy({}, current);\n}, "getConfig")`. The diagram types'
 * own `getConfig`s (`()=>getConfig().flowchart` and the like) read through it and are not matched.
 */
const GET_CONFIG = /\(\(\)\s*=>\s*(?:[\w$]+\(\{\},\s*([\w$]+)\)|\{\s*return\s+[\w$]+\(\{\},\s*([\w$]+)\);?\s*\})\s*,\s*"getConfig"\)/g;

/**
 * The code with its one `getConfig` calling the faster copy (declared at its end), and whether it
 * was found; code with none, or more than one, is returned as it was.
 */
export function patchGetConfig(code: string): { code: string; patched: boolean } {
  const found = [...code.matchAll(GET_CONFIG)];
  if (found.length !== 1) return { code, patched: false };
  const m = found[0]!;
  const call = `(()=>${NAME}(${m[1] ?? m[2]}),"getConfig")`;
  return { code: `${code.slice(0, m.index)}${call}${code.slice(m.index + m[0].length)}\n${COPY_CONFIG}`, patched: true };
}
