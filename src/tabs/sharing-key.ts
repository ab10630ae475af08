import type { SyncClientOptions } from '../client/options';

/**
 * What must be alike for two tabs to share one client: the space, the synced collections with
 * their filters and conflict rules, and the authorization. Tabs whose keys differ would need
 * different caches or users on one database, which one client cannot serve: the second one fails
 * with `STORAGE_IN_USE`. A conflict function counts as `'function'` (functions cannot be compared
 * across tabs).
 *
 * @example
 * const key = JSON.parse(sharingKey({ mpServerless, collections: { todos: {} } }));
 * key.collections; // [['todos', null, 'rebase']]
 * key.auth; // { authType: 'anonymous' }
 */
export function sharingKey(options: SyncClientOptions): string {
  const { options: sdkOptions } = options.mpServerless as { options?: { spaceId?: unknown } };
  const collections = Object.keys(options.collections)
    .sort()
    .map((name) => {
      const { filter, conflict } = options.collections[name] ?? {};
      return [name, filter ?? null, typeof conflict === 'function' ? 'function' : (conflict ?? 'rebase')];
    });
  return JSON.stringify({ space: sdkOptions?.spaceId ?? null, collections, auth: options.auth ?? { authType: 'anonymous' } });
}
