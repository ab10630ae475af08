/**
 * mpsync: the official mpserverless SDK's `db`, kept working offline. This is the Node entry: the
 * web build's exports (which hold the mini-program entry's) plus `node()` and `fileStorage()`,
 * with platform detection that ends with Node.
 *
 * @example
 * import { createSyncClient } from 'mpsync';
 * const client = await createSyncClient({ mpServerless, collections: { todos: { filter: { listId: 'inbox' } } } });
 * await client.db.collection('todos').insertOne({ title: 'buy milk' });
 */
export * from './browser';
export { createSyncClient } from './client/create-sync-client';
export { detectPlatform } from './platform/detect';
export { node } from './platform/node';
export type { NodePlatformOptions } from './platform/node';
export { fileStorage } from './store/file-backend';
export type { FileStorageOptions } from './store/file-backend';
