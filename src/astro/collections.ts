/**
 * Arbor's content collections and their loaders' names: what the session fills (session.ts) and
 * what the loaders are called (loader.ts). No imports, so that anything may name them cheaply.
 */
export type EntryKind = 'note' | 'tree' | 'term';
/** The collections the session fills: the three page kinds, the link-preview images (`previews`, file paths only) and the atlas's data. */
export type CollectionKind = EntryKind | 'preview' | 'atlas';

export const ENTRY_KINDS: readonly EntryKind[] = ['note', 'tree', 'term'];
export const COLLECTION_KINDS: readonly CollectionKind[] = [...ENTRY_KINDS, 'preview', 'atlas'];

export const loaderName = (kind: CollectionKind) => `arbor-${kind}`;
