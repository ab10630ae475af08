/**
 * Where mpsync keeps its local state: the {@link StorageBackend} port and its backends. Pick one
 * per runtime (the platform does it by default): `dexieStorage` in browsers, `kvStorage` over the
 * mini-program storage, `fileStorage` in Node, `memoryStorage` in tests.
 *
 * @example fragment
 * import { memoryStorage } from './store';
 * const storage = memoryStorage();
 */
export type { CommitBatch, StorageBackend, StoredRecord } from './backend';
export { memoryStorage, type MemoryStorageOptions } from './memory-backend';
export { fileStorage, type FileStorageOptions } from './file-backend';
export { dexieStorage, type DexieStorageOptions, type StorageLocks } from './dexie-backend';
export { kvStorage, type KvStorageOptions } from './kv/kv-backend';
export { kvEntryBytes, type KvPort } from './kv/kv-port';
