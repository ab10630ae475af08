/**
 * mpsync for mini-programs (Alipay, WeChat, DingTalk): the same client as the main entry, built
 * without the browser and Node parts (no IndexedDB, no file system), so the bundle runs in a bare
 * mini-program runtime. `createSyncClient` detects the runtime from `dd`, `wx` or `my`.
 *
 * @example
 * const { createSyncClient } = require('mpsync');
 * const client = await createSyncClient({ mpServerless, collections: { todos: {} } });
 */
import { openSyncClient, type SyncClient } from './client/sync-client';
import type { SyncClientOptions } from './client/options';
import { MpsyncError } from './core/errors';
import { detectMiniProgram } from './platform/detect-mini-program';

export type { SyncClient } from './client/sync-client';
export type { CollectionConfig, ConflictRule, SyncClientOptions } from './client/options';
export type { NetworkState, SyncStatus } from './model/status';
export type { SyncDb } from './client/sync-db';
export type { SyncedCollection } from './client/synced-collection';
export type { MpServerlessLike, SdkAnswer, SdkCollection } from './sdk/sdk-types';
export { SdkValidationError } from './sdk/validation';
export { ErrorCode, isRetryable, MpsyncError } from './core/errors';
export { DbError, DbErrorCode } from './core/db-error';
export type { Notice, NoticeInput, NoticeKind } from './model/notice';
export { MAX_REQUEST_BYTES, REQUEST_TOO_LARGE, RequestTooLargeError } from './local/request-size';
export { memoryStorage, type MemoryStorageOptions } from './store/memory-backend';
export { kvStorage, type KvStorageOptions } from './store/kv/kv-backend';
export type { KvPort } from './store/kv/kv-port';
export type { StorageBackend } from './store/backend';
export { alipay, classifyAlipayError } from './platform/alipay';
export type { AlipayApi } from './platform/alipay';
export { wechat, classifyWechatError } from './platform/wechat';
export type { WechatApi } from './platform/wechat';
export { dingtalk } from './platform/dingtalk';
export type { DingTalkApi, DingTalkOptions } from './platform/dingtalk';
export type { MiniProgramOptions, MiniProgramPlatform, NetworkType } from './platform/mini-program';
export { detectMiniProgram } from './platform/detect-mini-program';
export { sdkRuntime } from './platform/sdk-runtime';
export type { Platform, PlatformName } from './model/platform';
export type { FileKeeper, KeptFile, KeeperLimits } from './model/file-keeper';
export type { ClientFile } from './client/uploads/client-file';
export type { UploadAnswer } from './client/uploads/pending-ref';
export { isPendingRef } from './client/uploads/pending-ref';
export type { WatchSnapshot } from './live/live-query';
export type { LiveObservable, Observer, Subscription } from './live/observable';
export { bindStatus, bindWatch } from './live/page-binding';
export type { PageLike } from './live/page-binding';

/**
 * Opens the offline cache for the configured collections and starts syncing them with the cloud.
 * Resolves once the cache is loaded; it never waits for the network. Without `options.platform`
 * the runtime is detected from `dd`, `wx` or `my`.
 *
 * @throws `MpsyncError` `INVALID_ARGUMENT` for bad options or outside a mini-program without `options.platform`
 * @example
 * const client = await createSyncClient({ mpServerless, platform: wechat(wx), collections: { todos: {} } });
 */
export function createSyncClient(options: SyncClientOptions): Promise<SyncClient> {
  return openSyncClient(options, () => {
    const platform = detectMiniProgram();
    if (!platform) throw new MpsyncError('INVALID_ARGUMENT', 'no mini-program runtime (dd, wx or my) found: pass options.platform');
    return platform;
  });
}
