/**
 * The content collections' loaders: one session (session.ts) per content config, shared by the
 * collections, so that the content is analysed once and every entry is stored with its view.
 */
import type { Loader } from 'astro/loaders';
import type { SiteConfig } from '../site.config.ts';
import { ArborSession } from './session.ts';
import { loaderName, type CollectionKind } from './collections.ts';

export function arborLoaders(site: SiteConfig): Record<CollectionKind, Loader> {
  const session = new ArborSession(site);
  const loader = (kind: CollectionKind): Loader => ({ name: loaderName(kind), load: (ctx) => session.load(kind, ctx) });
  return { note: loader('note'), tree: loader('tree'), term: loader('term'), preview: loader('preview'), atlas: loader('atlas') };
}
