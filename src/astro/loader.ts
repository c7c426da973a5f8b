/**
 * The content collections' loaders: one session (session.ts) per content config, shared by the
 * three collections, so that the content is analysed once and every entry is stored with its view.
 */
import type { Loader } from 'astro/loaders';
import type { SiteConfig } from '../site.config.ts';
import { ArborSession, type EntryKind } from './session.ts';

export function arborLoaders(site: SiteConfig): Record<EntryKind, Loader> {
  const session = new ArborSession(site);
  const loader = (kind: EntryKind): Loader => ({ name: `arbor-${kind}`, load: (ctx) => session.load(kind, ctx) });
  return { note: loader('note'), tree: loader('tree'), term: loader('term') };
}
