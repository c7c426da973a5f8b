/**
 * The link-preview images (og:image) the build drew, at `<base>_arbor/preview/<key>.png`: each
 * entry of the `previews` collection names a PNG in the cache (src/core/diagrams/preview.ts).
 * The folder is a parameter because Astro does not route a folder whose name starts with `_`.
 */
import { readFile } from 'node:fs/promises';
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import { PREVIEW_DIR } from '../../../core/diagrams/preview.ts';

const [ns] = PREVIEW_DIR.split('/');

export const getStaticPaths = (async () => (await getCollection('previews')).map((e) => ({ params: { ns, key: e.id }, props: { file: e.data.file } }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ file: string }> = async ({ props }) => new Response(new Uint8Array(await readFile(props.file)), { headers: { 'Content-Type': 'image/png' } });
