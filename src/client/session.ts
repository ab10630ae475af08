import type { Now } from '../core/clock';
import { MpsyncError } from '../core/errors';
import type { Random } from '../core/random';
import type { Scheduler } from '../core/scheduler';
import type { Platform } from '../model/platform';
import { conflictHandler, REFUSED } from '../replication/conflict';
import type { ConflictReport } from '../replication/conflict-notice';
import { SyncEngine, type SyncOptions } from '../replication/sync-engine';
import type { StorageBackend } from '../store/backend';
import type { Notice } from '../model/notice';
import { LocalEngine, type CacheChange } from '../local/local-engine';
import { NoticeStore } from './notices';
import { openUploader } from './uploads/open-uploader';
import type { Uploader } from './uploads/uploader';
import type { FileKeeper } from '../model/file-keeper';
import type { ConflictRule, SyncClientOptions } from './options';
import type { StatusStore } from '../model/status';

/** What every session of a client shares. */
export interface SessionContext {
  readonly options: SyncClientOptions;
  readonly platform: Platform;
  readonly storage: StorageBackend;
  readonly status: StatusStore;
  readonly scheduler: Scheduler;
  readonly now: Now;
  readonly random: Random;
  readonly syncOptions: SyncOptions;
  /** Where offline uploads keep their files; absent, uploads go straight to the SDK. */
  readonly keeper: FileKeeper | undefined;
  /** Hears every change of whichever partition is open. */
  readonly onCacheChange: (changes: readonly CacheChange[]) => void;
  /** Hears every new notice of whichever partition is open. */
  readonly onNotice: (notice: Notice) => void;
}

/** Opens a partition's local database, without syncing it. */
export async function openEngine(
  ctx: SessionContext,
  partition: string,
  ruleFor?: (row: { id: string; coll: string }) => ConflictRule | typeof REFUSED,
  report?: (report: ConflictReport) => Promise<void>,
): Promise<LocalEngine> {
  try {
    return await LocalEngine.open({
      backend: ctx.storage,
      partition,
      now: ctx.now,
      random: ctx.random,
      ...(ruleFor ? { conflictHandler: conflictHandler({ ruleFor, now: ctx.now, ...(report ? { report } : {}) }) } : {}),
    });
  } catch (error) {
    if (error instanceof MpsyncError) throw error;
    throw new MpsyncError('STORAGE_FAILED', `could not open the local cache: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/**
 * One partition open and syncing: its local database, its sync engine, and the wiring of both
 * to the client's status. A client has one session at a time; signing in or out replaces it.
 */
export class Session {
  readonly engine: LocalEngine;
  readonly sync: SyncEngine;
  readonly notices: NoticeStore;
  /** The partition's offline uploads, when the platform keeps files. */
  readonly uploader: Uploader | undefined;
  readonly #stops: Array<() => void>;

  private constructor(engine: LocalEngine, sync: SyncEngine, notices: NoticeStore, uploader: Uploader | undefined, stops: Array<() => void>) {
    this.engine = engine;
    this.uploader = uploader;
    this.sync = sync;
    this.notices = notices;
    this.#stops = stops;
  }

  /** Opens `partition` and starts syncing it with `auth`. */
  static async open(ctx: SessionContext, partition: string, auth: Readonly<Record<string, unknown>>, reauthorize: boolean): Promise<Session> {
    const rejected = new Set<string>();
    const ruleFor = (row: { id: string; coll: string }): ConflictRule | typeof REFUSED => {
      if (rejected.delete(row.id)) return REFUSED;
      return ctx.options.collections[row.coll]?.conflict ?? 'rebase';
    };
    const notices = await NoticeStore.open({
      storage: ctx.storage,
      partition,
      now: ctx.now,
      random: ctx.random,
      onAdded: ctx.onNotice,
      onCount: (count) => ctx.status.update({ notices: count }),
    });
    const engine = await openEngine(ctx, partition, ruleFor, (conflict) => notices.add(conflict.notice, conflict.ref).then(() => undefined));
    ctx.status.update({ pendingWrites: engine.pendingDocuments() });
    const stopPending = engine.onChange((changes) => {
      ctx.status.update({ pendingWrites: engine.pendingDocuments() });
      ctx.onCacheChange(changes);
    });
    const uploader = await openUploader(ctx, partition, engine, notices);
    const sync = new SyncEngine({
      engine,
      auth,
      reauthorize,
      platform: ctx.platform,
      status: ctx.status,
      random: ctx.random,
      scheduler: ctx.scheduler,
      mp: ctx.options.mpServerless,
      collections: Object.entries(ctx.options.collections).map(([name, config]) => ({ name, filter: config.filter })),
      options: ctx.syncOptions,
      markRejected: (coll, key) => rejected.add(`${coll}|${key}`),
      report: (notice) => notices.add(notice).then(() => undefined),
      ...(uploader ? { beforePush: (rows) => uploader.resolvePush(rows) } : {}),
    });
    // The app's choice to stay offline outlives a switch of partition.
    if (ctx.status.get().paused) sync.pause();
    sync.start();
    uploader?.start();
    return new Session(engine, sync, notices, uploader, [stopPending]);
  }

  /** Stops syncing and closes the partition; its data and pending writes stay stored. */
  async close(): Promise<void> {
    for (const stop of this.#stops) stop();
    // First: it ends pushes held back on an upload, which closing the sync waits for.
    await this.uploader?.close();
    await this.sync.close();
    await this.engine.close();
  }
}
