/**
 * mpsync: the official mpserverless SDK's `db`, kept working offline.
 *
 * @example
 * import { createSyncClient } from 'mpsync';
 * const client = await createSyncClient({ mpServerless, collections: { todos: { filter: { listId: 'inbox' } } } });
 * await client.db.collection('todos').insertOne({ title: 'buy milk' });
 */
export { createSyncClient } from './client/create-sync-client';
export type { SyncClient } from './client/create-sync-client';
export type { CollectionConfig, ConflictRule, SyncClientOptions } from './client/options';
export type { SyncStatus } from './client/status';
export type { SyncDb } from './client/sync-db';
export type { SyncedCollection } from './client/synced-collection';
export type { MpServerlessLike, SdkAnswer, SdkCollection } from './client/sdk-types';
export { SdkValidationError } from './client/sdk-validation';
export { ErrorCode, isRetryable, MpsyncError } from './core/errors';
export { DbError, DbErrorCode } from './core/db-error';
export { dexieStorage, fileStorage, kvStorage, memoryStorage } from './store';
export type { DexieStorageOptions, FileStorageOptions, KvPort, KvStorageOptions, MemoryStorageOptions, StorageBackend } from './store';
export { node } from './platform/node';
export type { NodePlatformOptions } from './platform/node';
export { alipay, classifyAlipayError } from './platform/alipay';
export type { AlipayApi } from './platform/alipay';
export { wechat, classifyWechatError } from './platform/wechat';
export type { WechatApi } from './platform/wechat';
export { dingtalk } from './platform/dingtalk';
export type { DingTalkApi, DingTalkOptions } from './platform/dingtalk';
export type { MiniProgramOptions, MiniProgramPlatform, NetworkType } from './platform/mini-program';
export { classifyWebError, fetchSdkAdapter, web, WEB_AUTH_CODE_UNAVAILABLE } from './platform/web';
export type { FetchSdkAdapter, FetchSdkAdapterOptions, WebOptions, WebWindow } from './platform/web';
export { detectPlatform } from './platform/detect';
export type { Platform, PlatformName } from './platform/platform';
export type { WatchSnapshot } from './live/live-query';
export type { LiveObservable, Observer, Subscription } from './live/observable';
export { bindStatus, bindWatch } from './live/page-binding';
export type { PageLike } from './live/page-binding';
