/**
 * Makes Pagefind's bundle byte-identical for identical input.
 *
 * Pagefind (1.5.2, and its source up to now) collects filter values in a Rust `HashMap` whose
 * hasher is seeded at random in each process, and writes every filter chunk, and the list of
 * filters in the language's `pf_meta`, in that map's iteration order (pagefind/src/index/mod.rs:
 * "TODO: Change filter indexes to BTree to give them a stable hash"; Pagefind issue #638: "filter
 * and metadata indexes" still change between builds). The order we add pages in cannot change
 * that. So before the bundle is written, each filter chunk is rewritten with its values sorted,
 * the meta's filter list sorted by name, both are renamed by a hash of their new bytes
 * (Pagefind's file names are content hashes that browsers cache by), and pagefind-entry.json
 * points at the new meta.
 *
 * The files are gzip of `pagefind_dcd` + CBOR (read and written with cborg); a file that would
 * not re-encode to exactly its own bytes is left as Pagefind wrote it and reported, so a future
 * Pagefind format can never be corrupted here, only left unsorted.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { decode as cborDecode, encode as cborEncode } from 'cborg';

export type Cbor = number | string | Uint8Array | boolean | null | Cbor[] | Map<Cbor, Cbor>;

const SIGNATURE = Buffer.from('pagefind_dcd');

/** Pagefind's CBOR (any valid form; whether it writes back the same bytes is checked by the caller). */
export function decodeCbor(bytes: Uint8Array): Cbor {
  return cborDecode(bytes, { useMaps: true, allowUndefined: false, allowIndefinite: false }) as Cbor;
}

/** Shortest-form CBOR, as Pagefind's minicbor writes it; map entries keep their order. */
export function encodeCbor(value: Cbor): Uint8Array {
  return cborEncode(value, { mapSorter: () => 0, float64: false });
}

/** A Pagefind file's CBOR value, or a reason why it cannot be rewritten safely. */
function readPagefindFile(path: string, bytes: Uint8Array | undefined): Cbor | string {
  if (!bytes) return `${path}: missing`;
  let raw: Buffer;
  try {
    raw = gunzipSync(bytes);
  } catch (e) {
    return `${path}: not gzip (${(e as Error).message})`;
  }
  if (!raw.subarray(0, SIGNATURE.length).equals(SIGNATURE)) return `${path}: no pagefind_dcd signature`;
  const body = raw.subarray(SIGNATURE.length);
  let value: Cbor;
  try {
    value = decodeCbor(body);
  } catch (e) {
    return `${path}: ${(e as Error).message}`;
  }
  if (!Buffer.from(encodeCbor(value)).equals(body)) return `${path}: does not re-encode to the same bytes`;
  return value;
}

function pagefindBytes(value: Cbor): Buffer {
  return gzipSync(Buffer.concat([SIGNATURE, encodeCbor(value)]), { level: 9 });
}

/** `en_` + the first `length` hex digits of the content hash, longer while `taken` has it. */
function nameFor(lang: string, bytes: Buffer, length: number, taken: Set<string>): string {
  const hex = createHash('sha256').update(bytes).digest('hex');
  let n = length;
  while (taken.has(`${lang}_${hex.slice(0, n)}`)) n++;
  return `${lang}_${hex.slice(0, n)}`;
}

/** Code-unit order, the same on every machine and locale (localeCompare is neither). */
export const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const isPair = (v: Cbor): v is [string, Cbor] => Array.isArray(v) && v.length === 2 && typeof v[0] === 'string';

interface Entry {
  languages: Record<string, { hash: string } & Record<string, unknown>>;
}

/**
 * Sorts the filter chunks and the meta's filter list of a bundle, given as its files (path in
 * the bundle → bytes, as Pagefind's `getFiles()` returns them), in place. Returns the problems
 * that kept a language's files as Pagefind wrote them (none when all were rewritten).
 */
export function stabilizePagefindFiles(files: Map<string, Uint8Array>): string[] {
  const entryBytes = files.get('pagefind-entry.json');
  if (!entryBytes) return ['pagefind-entry.json: missing'];
  const entry = JSON.parse(Buffer.from(entryBytes).toString('utf8')) as Entry;
  const problems: string[] = [];
  for (const [lang, info] of Object.entries(entry.languages).sort(([a], [b]) => byString(a, b))) {
    const metaPath = `pagefind.${info.hash}.pf_meta`;
    const meta = readPagefindFile(metaPath, files.get(metaPath));
    if (typeof meta === 'string') {
      problems.push(meta);
      continue;
    }
    // MetaIndex: [version, pages, index_chunks, filters: [[name, hash]…], sorts, …].
    const filters = Array.isArray(meta) ? meta[3] : undefined;
    if (!Array.isArray(meta) || !Array.isArray(filters) || !filters.every((f) => isPair(f) && typeof f[1] === 'string')) {
      problems.push(`${metaPath}: no filter list where Pagefind 1.5 keeps it`);
      continue;
    }
    const rewritten: { oldPath: string; path: string; name: string; bytes: Buffer; filter: string }[] = [];
    const taken = new Set<string>();
    for (const [filter, hash] of (filters as [string, string][]).slice().sort(([a], [b]) => byString(a, b))) {
      const path = `filter/${hash}.pf_filter`;
      const chunk = readPagefindFile(path, files.get(path));
      // FilterIndex: [filter, [[value, pages]…]].
      if (typeof chunk === 'string' || !isPair(chunk) || chunk[0] !== filter || !Array.isArray(chunk[1]) || !chunk[1].every(isPair)) {
        problems.push(typeof chunk === 'string' ? chunk : `${path}: not a filter chunk for "${filter}"`);
        break;
      }
      const values = (chunk[1] as [string, Cbor][]).slice().sort(([a], [b]) => byString(a, b));
      const bytes = pagefindBytes([filter, values]);
      const name = nameFor(lang, bytes, hash.length - lang.length - 1, taken);
      taken.add(name);
      rewritten.push({ oldPath: path, path: `filter/${name}.pf_filter`, name, bytes, filter });
    }
    if (rewritten.length < filters.length) continue;
    const newMeta = [...meta];
    newMeta[3] = rewritten.map((r) => [r.filter, r.name]);
    const metaBytes = pagefindBytes(newMeta);
    const metaName = nameFor(lang, metaBytes, info.hash.length - lang.length - 1, new Set());
    for (const r of rewritten) files.delete(r.oldPath);
    for (const r of rewritten) files.set(r.path, r.bytes);
    files.delete(metaPath);
    files.set(`pagefind.${metaName}.pf_meta`, metaBytes);
    info.hash = metaName;
  }
  files.set('pagefind-entry.json', Buffer.from(JSON.stringify(entry)));
  return problems;
}
