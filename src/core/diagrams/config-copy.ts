/**
 * A faster `getConfig` for the drawing page. mermaid's `getConfig()` returns a fresh copy of its
 * whole configuration, `assignWithDepth({}, currentConfig)`: 977 keys (the c4 section alone has 143,
 * the theme's variables 271), each defined with `Object.defineProperty`, 0.32 ms per call. Drawing
 * one flowchart calls it a few hundred times (every node, edge and label asks), so on the
 * benchmark's 150 flowcharts it was 38 % of Chromium's drawing time (a CPU profile of the drawing
 * page; ELK's own layout was 9 %). mermaid 12.3 and @mermaid-js/layout-elk 1.0.1 each bundle their
 * own copy of that code, and neither exports it, so the bundles are patched as they are served
 * to the drawing page: their `getConfig` calls `COPY_CONFIG` below instead, which builds the same
 * copy without defining each property (about 10 times faster).
 *
 * The copy is the same as `assignWithDepth`'s at its default depth of 2, key for key and in the
 * same order: top-level and second-level objects become fresh objects (arrays fresh arrays, without
 * repeated items), third-level ones shallow copies (`Object.assign`), keys whose value is null are
 * left out, and every other value is shared. The drawings are byte for byte what the unpatched
 * bundles draw (tests/unit/config-copy.test.ts checks the copy against mermaid's own function;
 * the drawing tests compare SVGs). A bundle whose `getConfig` is not found is served unchanged.
 */

/** The in-page name of the copy function. */
const GLOBAL = '__arborCopyConfig';

/**
 * `assignWithDepth({}, source)` (mermaid's utils, depth 2) without a property definition per key.
 * Plain JavaScript in a string: it runs in the drawing page (installed as
 * `globalThis.__arborCopyConfig`), where a TypeScript runner's helpers would not exist. mermaid's
 * configuration never holds a `__proto__` key (its `sanitizeDirective` drops every `__` key), the one
 * key where assigning and defining differ.
 */
export const COPY_CONFIG = String.raw`
globalThis.${GLOBAL} = (function () {
  // assignWithDepth({}, source, { depth }): an object is copied whole in one step (V8's fast clone),
  // then its null-valued keys are dropped and its object values replaced by their own copies.
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
  return function (config) { return copy(config, 2); };
})();
`;

/**
 * The bundle `code` with its `getConfig` (esbuild keeps the name: `X=f(()=>copy({},current),"getConfig")`)
 * calling the faster copy, and whether it was found. Only the one `getConfig` of that shape is
 * changed; the diagram types' own `getConfig`s (`()=>getConfig().flowchart` and the like) read
 * through it.
 */
export function patchGetConfig(code: string): { code: string; patched: boolean } {
  const shape = /\(\(\)=>[\w$]+\(\{\},([\w$]+)\),"getConfig"\)/g;
  const found = [...code.matchAll(shape)];
  if (found.length !== 1) return { code, patched: false };
  const m = found[0]!;
  return { code: code.slice(0, m.index) + `(()=>globalThis.${GLOBAL}(${m[1]}),"getConfig")` + code.slice(m.index + m[0].length), patched: true };
}
