import { MpsyncError } from '../core/errors';
import type { Notice } from '../model/notice';
import { systemRandom } from '../core/random';
import { SerialQueue } from '../core/serial-queue';
import { systemScheduler } from '../core/scheduler';
import type { Platform } from '../model/platform';
import { classifySdkError } from '../sdk/errors';
import { loadIdentity, partitionOf, saveIdentity } from './identity';
import type { CacheChange, LocalEngine } from '../local/local-engine';
import { checkOptions, type SyncClientOptions } from './options';
import { accessTokenOf } from '../sdk/sdk-types';
import { openEngine, Session, type SessionContext } from './session';
import { StatusStore, type SyncStatus } from '../model/status';
import { SyncDb } from './sync-db';
import { clientFile, type ClientFile } from './uploads/client-file';
import type { SdkFileService } from './uploads/uploader';
import { registerForwardedCalls } from './forwarded-calls';

/** What `createSyncClient` resolves to. */
export interface SyncClient {
  /** The SDK's `db` surface, answered offline for the configured collections. */
  readonly db: Pick<SyncDb, 'collection' | 'startTransaction'>;
  /**
   * The SDK's `file` surface: `uploadFile` keeps working offline (the file waits on the device and
   * is uploaded in order when the network returns), `deleteFile` cancels a pending upload; the rest
   * is the SDK's own. `status().pendingUploads` / `pendingUploadBytes` count what waits.
   */
  readonly file: ClientFile;
  /** The current sync state. */
  status(): SyncStatus;
  /** Calls `listener` on every status change; returns a function that stops it. */
  onStatus(listener: (status: SyncStatus) => void): () => void;
  /**
   * Runs a sync round now and resolves when it completed (pending writes pushed, collections
   * pulled). Rejects with the round's first failure (`OFFLINE`, `UNAUTHORIZED`, …); syncing goes on.
   */
  syncNow(): Promise<void>;
  /**
   * Stays offline by the app's choice (a "work offline" switch, a metered connection): no request
   * is sent until {@link resume} (one already in flight finishes). Reads and writes go on locally,
   * writes queue. `status().paused` is true, `syncNow()` rejects with `PAUSED`, and nothing of it
   * is a `lastError`. Not remembered across restarts. Does nothing once the client is closed.
   *
   * @example
   * client.pause(); // the user turned "work offline" on
   * client.status().paused; // true
   * await client.db.collection('todos').insertOne({ title: 'buy milk' }); // stored and queued, not sent
   * client.resume(); // the switch is off again: a sync round starts
   */
  pause(): void;
  /** Ends {@link pause}: a sync round starts at once. */
  resume(): void;
  /**
   * Everything the app must be told about local writes that did not end as written (a write the
   * server refused, a conflict, a failed upload), oldest first. Notices are stored with the
   * partition's data and stay, across restarts, until {@link dismissNotices}; `status().notices`
   * counts them.
   *
   * @example
   * for (const n of client.notices()) if (n.kind === 'rejected') console.warn(n.collection, n.docId, n.code, n.local);
   */
  notices(): Notice[];
  /** Calls `listener` with every new notice once it is stored; returns a function that stops it. */
  onNotice(listener: (notice: Notice) => void): () => void;
  /** Removes notices the app has dealt with (unknown ids are ignored); durable when it resolves. */
  dismissNotices(ids: readonly string[]): Promise<void>;
  /** Resolves when the server has confirmed every local write made so far. Does not time out. */
  waitForPendingWrites(): Promise<void>;
  /** The user the cache belongs to: a signed-in user id, or `null` for the device's own partition. */
  userId(): string | null;
  /**
   * Signs in with a third-party login (`{ authProvider: 'wechat_openapi' }`, …; default
   * `options.auth`) and switches the cache and the queue to that user's own partition, remembered
   * for the next start. The device partition keeps its data and unconfirmed writes until
   * {@link adoptDeviceData} takes them over. Needs the network.
   */
  signIn(auth?: Readonly<Record<string, unknown>>): Promise<{ userId: string; deviceWrites: number }>;
  /**
   * Moves the device partition's unconfirmed writes (made before signing in) into the signed-in
   * user's partition, where they sync as the user's; the device partition is emptied. Returns how
   * many documents were taken over.
   */
  adoptDeviceData(): Promise<number>;
  /**
   * Switches back to the device partition. The user's cache and unconfirmed writes stay stored in
   * the user's partition and sync at the next sign-in: nothing is dropped. Returns how many
   * documents still wait to be confirmed there.
   */
  signOut(): Promise<{ pendingWrites: number }>;
  /**
   * Stops syncing, closes the local database and its storage (releasing open files and, on the web,
   * the database's lock). Data and pending writes stay stored; a new client on the same storage
   * finds them.
   */
  close(): Promise<void>;
}

/**
 * Opens the offline cache for the configured collections and starts syncing them with the cloud;
 * `detect` gives the platform when the options name none. The entries' `createSyncClient` calls it.
 */
export async function openSyncClient(options: SyncClientOptions, detect: () => Platform): Promise<SyncClient> {
  checkOptions(options);
  const platform = options.platform ?? detect();
  const scheduler = options.sync?.scheduler ?? systemScheduler;
  const changeListeners = new Set<(changes: readonly CacheChange[] | 'all') => void>();
  const noticeListeners = new Set<(notice: Notice) => void>();
  const ctx: SessionContext = {
    onCacheChange: (changes) => {
      for (const listener of [...changeListeners]) listener(changes);
    },
    onNotice: (notice) => {
      for (const listener of [...noticeListeners]) listener(notice);
    },
    options,
    platform,
    scheduler,
    storage: options.storage ?? platform.defaultStorage(),
    now: options.now ?? scheduler.now,
    random: options.random ?? systemRandom,
    syncOptions: options.sync ?? {},
    keeper: platform.fileKeeper?.(),
    status: new StatusStore({
      online: platform.isOnline(),
      network: platform.isOnline() === false ? 'offline' : 'online',
      paused: false,
      authorized: Boolean(accessTokenOf(options.mpServerless)),
      syncing: false,
      pendingWrites: 0,
      lastSyncedAt: null,
      lastError: null,
      notices: 0,
      pendingUploads: 0,
      pendingUploadBytes: 0,
    }),
  };
  // The SDK keeps its options on the instance (its typings declare them protected).
  const { options: sdkOptions } = options.mpServerless as { options?: { spaceId?: unknown } };
  const spaceId = typeof sdkOptions?.spaceId === 'string' ? sdkOptions.spaceId : 'default-space';
  const deviceAuth = options.auth ?? { authType: 'anonymous' };
  let userId: string | null;
  let session: Session;
  try {
    const remembered = await loadIdentity(ctx.storage, spaceId);
    userId = remembered?.userId ?? null;
    session = await Session.open(ctx, partitionOf(spaceId, userId), remembered?.auth ?? deviceAuth, false);
  } catch (error) {
    // Let go of the storage (a web lock, open files) so a retry, or another client, can open it.
    await ctx.storage.close().catch(() => undefined);
    throw error;
  }
  // Calls wait while the session is being replaced (sign-in, sign-out).
  const switches = new SerialQueue();
  let closed: Promise<void> | undefined;
  const current = async (): Promise<LocalEngine> => {
    await switches.idle();
    if (closed) throw new MpsyncError('CLOSED', 'the client is closed');
    return session.engine;
  };
  const switchTo = (next: string | null, auth: Readonly<Record<string, unknown>>) =>
    switches.run(async () => {
      await session.close();
      userId = next;
      session = await Session.open(ctx, partitionOf(spaceId, next), auth, true);
      for (const listener of [...changeListeners]) listener('all');
    });
  const waiters = new Set<{ resolve: () => void; reject: (e: MpsyncError) => void }>();
  const stopWaiters = ctx.status.subscribe((status) => {
    if (status.pendingWrites > 0) return;
    for (const w of waiters) w.resolve();
    waiters.clear();
  });
  const notClosed = () => (closed ? Promise.reject(new MpsyncError('CLOSED', 'the client is closed')) : undefined);

  const client: SyncClient = {
    db: new SyncDb(
      {
        engine: current,
        status: ctx.status,
        onChanges: (listener) => {
          changeListeners.add(listener);
          return () => changeListeners.delete(listener);
        },
      },
      options.mpServerless,
      new Set(Object.keys(options.collections)),
      () => (closed ? Promise.resolve() : switches.idle().then(() => session.sync.authorized())),
    ),
    file: clientFile({
      sdk: (options.mpServerless as { file?: SdkFileService }).file,
      uploader: async () => (await current(), session.uploader),
      platform,
      status: ctx.status,
    }),
    status: () => ctx.status.get(),
    onStatus: (listener) => ctx.status.subscribe(listener),
    syncNow: () =>
      notClosed() ??
      switches.idle().then(() => {
        session.uploader?.kick();
        return session.sync.syncNow();
      }),
    pause: () => {
      if (closed) return;
      ctx.status.update({ paused: true });
      session.sync.pause();
    },
    resume: () => {
      if (closed) return;
      ctx.status.update({ paused: false });
      session.sync.resume();
    },
    waitForPendingWrites: () => {
      const refused = notClosed();
      if (refused) return refused;
      if (ctx.status.get().pendingWrites === 0) return Promise.resolve();
      return new Promise((resolve, reject) => waiters.add({ resolve, reject }));
    },
    notices: () => session.notices.list(),
    onNotice: (listener) => {
      noticeListeners.add(listener);
      return () => {
        noticeListeners.delete(listener);
      };
    },
    dismissNotices: async (ids) => {
      await notClosed();
      if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string'))
        throw new MpsyncError('INVALID_ARGUMENT', 'dismissNotices needs an array of notice ids');
      await switches.idle();
      await session.notices.dismiss(ids);
    },
    userId: () => userId,
    async signIn(auth = options.auth) {
      await notClosed();
      if (!auth || typeof auth.authProvider !== 'string') {
        throw new MpsyncError(
          'INVALID_ARGUMENT',
          "signIn needs a third-party login, e.g. { authProvider: 'wechat_openapi' }; anonymous users keep the device partition",
        );
      }
      const mp = options.mpServerless;
      let id: unknown;
      try {
        await mp.user?.authorize?.({ ...auth });
        id = ((await mp.user?.getInfo?.({ ...auth })) as { result?: { userId?: unknown } } | undefined)?.result?.userId;
      } catch (error) {
        throw classifySdkError(error);
      }
      if (typeof id !== 'string' || id === '') throw new MpsyncError('UNAUTHORIZED', 'the service did not tell who signed in');
      const deviceWrites = userId === null ? ctx.status.get().pendingWrites : 0;
      await saveIdentity(ctx.storage, spaceId, { userId: id, auth });
      if (id !== userId) await switchTo(id, auth);
      return { userId: id, deviceWrites };
    },
    async adoptDeviceData() {
      const target = await current();
      if (userId === null) throw new MpsyncError('INVALID_ARGUMENT', 'adoptDeviceData needs a signed-in user (signIn first)');
      return switches.run(async () => {
        const device = await openEngine(ctx, partitionOf(spaceId, null));
        const rows = device.pendingRows();
        await target.adopt(rows);
        await device.remove();
        return rows.length;
      });
    },
    async signOut() {
      await notClosed();
      if (userId === null) return { pendingWrites: 0 };
      const pendingWrites = ctx.status.get().pendingWrites;
      await saveIdentity(ctx.storage, spaceId, null);
      await switchTo(null, deviceAuth);
      return { pendingWrites };
    },
    close: () => {
      closed ??= switches.run(async () => {
        for (const w of waiters) w.reject(new MpsyncError('CLOSED', 'the client was closed before its writes were confirmed'));
        waiters.clear();
        stopWaiters();
        await session.close();
        await ctx.storage.close();
      });
      return closed;
    },
  };
  registerForwardedCalls(client, { execute: async (coll, command, params, request) => (await current()).execute(coll, command, params, request) });
  return client;
}
