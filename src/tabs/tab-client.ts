import { MpsyncError } from '../core/errors';
import { randomHex, systemRandom } from '../core/random';
import { systemScheduler } from '../core/scheduler';
import { forwardedCalls } from '../client/forwarded-calls';
import { clientFile } from '../client/uploads/client-file';
import type { SdkFileService } from '../client/uploads/uploader';
import type { SyncClientOptions } from '../client/options';
import type { SyncClient } from '../client/sync-client';
import type { Notice } from '../model/notice';
import { StatusStore } from '../model/status';
import { serveFollowers, type FollowerService } from './leader';
import type { TabsEnvironment } from './ports';
import { holdPresence, watchPresence, type Presence } from './presence';
import { fromWireStatus, isTabMessage, type ForwardedMethod, type SharedState, type TabMessage, type ToLeader } from './protocol';
import { Router, type OwnClient } from './router';
import { sharingKey } from './sharing-key';
import { ownSdkAuthorizer } from './own-sdk';
import { tabDb } from './tab-db';

/**
 * How long a tab waits for the tab holding the database to answer before it concludes that the
 * holder does not share (an mpsync client opened without tab sharing, e.g. on an explicit
 * `dexieStorage`) and fails with `STORAGE_IN_USE`. A sharing holder answers at once, even while
 * it is still loading its cache.
 */
export const JOIN_TIMEOUT_MS = 2000;

/**
 * Opens a client that shares one database with every other tab of the origin that opens the same
 * one. The tab granted the lock `env.lockName` leads: it opens the real client (`open`) on the
 * storage and syncs; the others wait in the same lock request and, meanwhile, send their calls and
 * watches to the leader over the channel. When the leader's tab closes or crashes the browser
 * grants the lock to the next tab, which opens the storage, runs the calls that were waiting for an
 * answer (their request ids keep a write from running twice) and subscribes the watches again.
 *
 * @throws `MpsyncError` `STORAGE_IN_USE` when the tab holding the database was opened with other
 *   options (`sharingKey`), or does not answer (it does not share); whatever `open` throws
 * @example fragment
 * const client = await openTabClient(options, tabsEnvironment, (o) => openSyncClient(o, detect));
 */
export async function openTabClient(
  options: SyncClientOptions,
  env: TabsEnvironment,
  open: (options: SyncClientOptions) => Promise<SyncClient>,
): Promise<SyncClient> {
  const { platform } = options;
  if (!platform) throw new MpsyncError('INVALID_ARGUMENT', 'a client shared by tabs needs options.platform');
  const scheduler = options.sync?.scheduler ?? systemScheduler;
  const tab = randomHex(options.random ?? systemRandom, 16);
  const key = sharingKey(options);
  const channel = env.openChannel();
  const post = (message: TabMessage): void => channel.postMessage(message);
  const router = new Router(tab, (message: ToLeader) => post(message));
  const status = new StatusStore({
    online: options.platform?.isOnline(),
    authorized: false,
    syncing: false,
    pendingWrites: 0,
    lastSyncedAt: null,
    network: options.platform?.isOnline() === false ? 'offline' : 'online',
    paused: false,
    lastError: null,
    notices: 0,
    pendingUploads: 0,
    pendingUploadBytes: 0,
  });
  const noticeListeners = new Set<(notice: Notice) => void>();
  let mirrored: Omit<SharedState, 'status'> = { notices: [], userId: null };
  let own: OwnClient | undefined;
  let service: FollowerService | undefined;
  let presence: Presence | undefined;
  let release: (() => void) | undefined;
  let closed = false;
  const election = new AbortController();

  let joined!: { resolve(): void; reject(error: unknown): void };
  const ready = new Promise<void>((resolve, reject) => (joined = { resolve, reject }));
  const mirror = (state: SharedState): void => {
    mirrored = { notices: state.notices, userId: state.userId };
    status.update(fromWireStatus(state.status));
  };

  const alive = holdPresence(env.locks, env.lockName, tab);
  const sayHello = (): void => {
    void alive.held.then(() => {
      if (!closed && !own) post({ t: 'hello', from: tab, key });
    });
  };

  channel.addEventListener('message', ({ data }) => {
    if (closed || !isTabMessage(data)) return;
    // A tab this one serves: its watches end when its tab does, closed or crashed.
    if (data.t === 'hello' && service) presence?.watch(data.from);
    switch (data.t) {
      case 'hello':
      case 'call':
      case 'watch':
      case 'unwatch':
      case 'bye':
        service?.receive(data);
        return;
      case 'leader':
        sayHello();
        return;
      case 'welcome':
        if (data.to !== tab || own) return;
        if (data.refused !== undefined) {
          const error = new MpsyncError('STORAGE_IN_USE', data.refused);
          router.fail(error);
          joined.reject(error);
          return;
        }
        if (data.state) mirror(data.state);
        router.followed(data.from);
        joined.resolve();
        return;
      case 'state':
        if (!own) mirror(data.state);
        return;
      case 'notice':
        if (!own) for (const listener of [...noticeListeners]) listener(data.notice);
        return;
      default:
        if (data.to === tab && !own) router.receive(data);
    }
  });

  const lead = async (): Promise<void> => {
    let opened!: { resolve(own: OwnClient): void; reject(error: unknown): void };
    const client = new Promise<OwnClient>((resolve, reject) => (opened = { resolve, reject }));
    const served = serveFollowers({ tab, key, post, client });
    service = served;
    presence = watchPresence(env.locks, env.lockName, (gone) => served.receive({ t: 'bye', from: gone }));
    try {
      const real = await open({ ...options, storage: env.openStorage() });
      const calls = forwardedCalls(real);
      if (!calls) throw new MpsyncError('INTERNAL', 'the shared client offers no forwarded calls');
      own = { client: real, calls };
    } catch (error) {
      opened.reject(error);
      service.stop();
      service = undefined;
      presence.stop();
      router.fail(error instanceof Error ? error : new Error(String(error)));
      joined.reject(error);
      return;
    }
    opened.resolve(own);
    const real = own.client;
    if (closed) {
      // The tab closed while the client was opening: let the next tab have the database.
      service.stop();
      presence.stop();
      await real.close();
      return;
    }
    status.update(real.status());
    real.onStatus((s) => status.update(s));
    real.onNotice((notice) => {
      for (const listener of [...noticeListeners]) listener(notice);
    });
    router.lead(own);
    joined.resolve();
    // Held until close(): then the next tab in line is granted the lock.
    await new Promise<void>((resolve) => (release = resolve));
  };

  env.locks
    .request(env.lockName, { signal: election.signal }, () => lead())
    .catch((error: unknown) => {
      if (!election.signal.aborted) joined.reject(new MpsyncError('STORAGE_FAILED', `the lock on the database failed: ${String(error)}`, { cause: error }));
    });
  sayHello();
  const stopTimer = scheduler.setTimer(() => {
    if (own || service) return;
    joined.reject(
      new MpsyncError(
        'STORAGE_IN_USE',
        'the database is held by an mpsync client that does not share it with other tabs; close it or use another databaseName',
      ),
    );
  }, JOIN_TIMEOUT_MS);

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    stopTimer();
    election.abort();
    router.fail(new MpsyncError('CLOSED', 'the client is closed'));
    if (own) {
      service?.stop();
      presence?.stop();
      await own.client.close();
      release?.();
    } else {
      post({ t: 'bye', from: tab });
    }
    alive.leave();
    channel.close();
  };
  try {
    await ready;
  } catch (error) {
    await close();
    throw error;
  } finally {
    stopTimer();
  }

  const method = (name: ForwardedMethod, ...args: unknown[]) => router.call({ kind: 'method', method: name, args });
  const authorized = ownSdkAuthorizer(options.mpServerless, options.auth);
  // Files wait offline in the tab holding the database; another tab's uploads go to its own SDK.
  const followerFile = clientFile({
    sdk: (options.mpServerless as { file?: SdkFileService }).file,
    uploader: async () => (await authorized(), undefined),
    platform,
    status,
  });
  const file = new Proxy(followerFile, { get: (_target, name) => Reflect.get(own ? own.client.file : followerFile, name) as unknown });
  return {
    db: tabDb(router, options.mpServerless, new Set(Object.keys(options.collections)), authorized),
    file,
    pause: () => void method('pause').catch(() => undefined),
    resume: () => void method('resume').catch(() => undefined),
    status: () => status.get(),
    onStatus: (listener) => status.subscribe(listener),
    syncNow: () => method('syncNow') as Promise<void>,
    notices: () => (own ? own.client.notices() : [...mirrored.notices]),
    onNotice: (listener) => {
      noticeListeners.add(listener);
      return () => {
        noticeListeners.delete(listener);
      };
    },
    dismissNotices: (ids) => method('dismissNotices', ids) as Promise<void>,
    waitForPendingWrites: () => method('waitForPendingWrites') as Promise<void>,
    userId: () => (own ? own.client.userId() : mirrored.userId),
    signIn: (auth) => method('signIn', ...(auth === undefined ? [] : [auth])) as Promise<{ userId: string; deviceWrites: number }>,
    adoptDeviceData: () => method('adoptDeviceData') as Promise<number>,
    signOut: () => method('signOut') as Promise<{ pendingWrites: number }>,
    close,
  };
}
