import { MpsyncError } from '../core/errors';
import { isPlainObject, type JsonObject } from '../core/json';
import type { Now } from '../core/clock';
import type { Random } from '../core/random';
import type { Platform } from '../model/platform';
import type { StorageBackend } from '../store/backend';
import { MAX_COLLECTION_LENGTH } from '../model/doc-row';
import type { ConflictRule } from '../replication/conflict';
import type { SyncOptions } from '../replication/sync-engine';
import type { MpServerlessLike } from '../sdk/sdk-types';

export type { ConflictRule } from '../replication/conflict';

/** How one collection is kept offline. */
export interface CollectionConfig {
  /** Which server documents this client pulls (a MongoDB filter); default: all. */
  readonly filter?: JsonObject;
  /** Default `'rebase'`. */
  readonly conflict?: ConflictRule;
}

/** Options of `createSyncClient`. */
export interface SyncClientOptions {
  /** An official `MPServerless` instance, constructed by the app. */
  readonly mpServerless: MpServerlessLike;
  /** Detected when absent: alipay (`my`), wechat (`wx`), dingtalk (`dd`), web (`window`), node. */
  readonly platform?: Platform;
  /** Where the cache and the pending writes live; default: the platform's storage. */
  readonly storage?: StorageBackend;
  /** The collections kept offline, by name. Every other collection goes straight to the SDK. */
  readonly collections: Readonly<Record<string, CollectionConfig>>;
  /** How mpsync authorizes through the SDK when it needs to; default `{ authType: 'anonymous' }`. */
  readonly auth?: Readonly<Record<string, unknown>>;
  /** Sync tuning: polling, back-off, batch sizes, and the scheduler (tests pass a manual one). */
  readonly sync?: SyncOptions;
  /** Clock, for tests; default `Date.now` (or the sync scheduler's clock). */
  readonly now?: Now;
  /** Random source, for tests; default `Math.random`. */
  readonly random?: Random;
}

const CONFLICT_RULES = new Set(['rebase', 'server-wins', 'client-wins']);

/**
 * Checks options before anything is opened.
 *
 * @throws `MpsyncError` `INVALID_ARGUMENT` naming the first problem
 */
export function checkOptions(options: SyncClientOptions): void {
  const invalid = (message: string) => new MpsyncError('INVALID_ARGUMENT', message);
  if (!isPlainObject(options)) throw invalid('createSyncClient needs an options object');
  const mp = options.mpServerless as Partial<MpServerlessLike> | undefined;
  if (!mp || typeof mp.db?.collection !== 'function') throw invalid('options.mpServerless must be an MPServerless instance of @alicloud/mpserverless-sdk');
  if (!isPlainObject(options.collections)) throw invalid('options.collections must be an object: { todos: { filter, conflict } }');
  for (const [name, config] of Object.entries(options.collections)) {
    if (name === '' || name.length > MAX_COLLECTION_LENGTH || /[|$]/.test(name) || name.includes('\u0000') || name.startsWith('system.')) {
      throw invalid(`collection name "${name}" must be 1–${MAX_COLLECTION_LENGTH} characters without "|", "$" or NUL, not starting with "system."`);
    }
    if (!isPlainObject(config)) throw invalid(`options.collections.${name} must be an object`);
    const { filter, conflict } = config as CollectionConfig;
    if (filter !== undefined && !isPlainObject(filter)) throw invalid(`options.collections.${name}.filter must be a MongoDB filter object`);
    if (conflict !== undefined && typeof conflict !== 'function' && !CONFLICT_RULES.has(conflict)) {
      throw invalid(`options.collections.${name}.conflict must be 'rebase', 'server-wins', 'client-wins' or a function`);
    }
  }
  if (options.storage !== undefined && typeof (options.storage as Partial<StorageBackend>).commit !== 'function') {
    throw invalid('options.storage must be a storage backend (memoryStorage(), fileStorage(), dexieStorage(), kvStorage())');
  }
  for (const key of ['pullBatchSize', 'pushBatchSize'] as const) {
    const value = options.sync?.[key];
    if (value !== undefined && !(Number.isInteger(value) && value >= 1)) throw invalid(`options.sync.${key} must be a positive integer, got ${String(value)}`);
  }
}
