import { getAssumedMasterState } from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { isRetryable, MpsyncError } from '../core/errors';
import type { JsonObject } from '../core/json';
import type { NoticeInput } from '../model/notice';
import type { Random } from '../core/random';
import type { Scheduler } from '../core/scheduler';
import type { DocRow } from '../model/doc-row';
import type { LocalEngine } from '../local/local-engine';
import { accessTokenOf, type MpServerlessLike, type SdkCollection } from '../sdk/sdk-types';
import type { StatusStore } from '../model/status';
import type { Platform } from '../model/platform';
import { checkedCollection } from '../sdk/checked';
import { classifySdkError } from '../sdk/errors';
import { pullBatch, sameCheckpoint, type PullCheckpoint, type PullContext } from './pull';
import { MAX_PULL_PAGE, PullPager } from './pull-pager';
import { pushRows, type PushRow } from './push';
import { PushPool, pushConcurrency } from './push-pool';
import { AckBatch } from './ack-batch';
import { RetryGate, type BackoffOptions } from './retry-gate';
import { answeredStatus, offlineStatus, statusAfterFailure } from './reachability';
import { DEFAULT_MAX_STAMP_AHEAD_MS, ServerClock } from './server-clock';
import { serverStateIds, type MasterRow } from '../model/server-doc';
import { sweep } from './sweep';

/** Tuning of the sync; every field has a default. */
export interface SyncOptions {
  /** Time for back-off and polling; tests pass a manual scheduler. Default: real time. */
  readonly scheduler?: Scheduler;
  /** Pull this often while the app is in the foreground, ms. Default 30 000; 0 turns polling off. */
  readonly pollIntervalMs?: number;
  /** Back-off after a failed request. */
  readonly backoff?: BackoffOptions;
  /** How far each sync round looks back before the pull cursor, ms. Default 30 000. */
  readonly overlapMs?: number;
  /**
   * The most documents one pull request asks for. Default 1000. Below it, the page size adapts to
   * the size of the documents, toward answers of 1 MiB (the service takes at most 4 MiB).
   */
  readonly pullBatchSize?: number;
  /**
   * How far past the server's clock a document's `_mt` may lie and still move the pull cursor, ms.
   * Default 5 minutes. Later stamps were not made by the server (any client can write `_mt`): such
   * documents are pulled, but the cursor stays before them, and `status().lastError` is
   * `FUTURE_STAMP` while they exist.
   */
  readonly maxStampAheadMs?: number;
  /** Documents per push call. Default 50. */
  readonly pushBatchSize?: number;
  /**
   * How often a sync round also sweeps each collection for changes the pull cursor cannot see
   * (writes without mpsync's `_mt`/`_v`, real deletions), ms. Default 30 minutes; 0 turns it off.
   */
  readonly sweepIntervalMs?: number;
}

/** What the sync engine works with. */
export interface SyncEngineDeps {
  readonly engine: LocalEngine;
  readonly mp: MpServerlessLike;
  readonly platform: Platform;
  readonly status: StatusStore;
  readonly collections: ReadonlyArray<{ readonly name: string; readonly filter: JsonObject | undefined }>;
  readonly auth: Readonly<Record<string, unknown>>;
  readonly random: Random;
  readonly scheduler: Scheduler;
  readonly options: SyncOptions;
  /** Marks a document whose write the server refused: its conflict resolves to the server's state. */
  readonly markRejected: (coll: string, key: string) => void;
  /** Stores a notice durably (the write it records is rolled back only after it resolves). */
  readonly report: (notice: NoticeInput) => Promise<void>;
  /** Authorize with `auth` before the first request even if the SDK holds a token (it is another identity's). */
  readonly reauthorize?: boolean;
  /**
   * Sees every batch before it is pushed and may hold it back or change the documents (the client
   * replaces pending file references by the uploaded file's URL, waiting for the upload).
   */
  readonly beforePush?: (rows: PushRow[]) => Promise<PushRow[]>;
}

// Never change: it names the replication state stored with the cache (a new name re-syncs everything).
const REPLICATION_ID = 'mpsync-crud-v1';

/**
 * Keeps the local cache and the cloud in step through RxDB's replication, over the SDK's ordinary
 * CRUD calls. Nothing is sent before the SDK is authorized; a sync round runs on authorization,
 * network restored, app shown, `syncNow()`, and every poll interval in the foreground; local writes
 * are pushed as RxDB sees them. A failed request waits with back-off (cut short by any of those
 * triggers) inside the handlers, so RxDB never sits in its own fixed retry timer.
 *
 * ```
 *   trigger ──► kick ──► reSync ──► pull (all collections, from each cursor − overlap) ──► in sync
 *                 │                push (CAS per document)  ──► ack: pending writes cleared
 *                 └── failure ──► lastError, back-off wait ◄── kick cuts it short
 * ```
 */
export class SyncEngine {
  readonly #deps: SyncEngineDeps;
  readonly #gate: RetryGate;
  readonly #rewind = new Set<string>();
  readonly #pullContext: PullContext;
  readonly #stops: Array<() => void> = [];
  readonly #pushPool: PushPool;
  readonly #pager: PullPager;
  // Where the last caught-up page left the cursors, and in which round: RxDB asks once more.
  #caughtUp: { readonly kicks: number; readonly checkpoint: PullCheckpoint } | undefined;
  #replication: RxReplicationState<DocRow, PullCheckpoint> | undefined;
  #authorizing: Promise<void> | undefined;
  #mustAuthorize: boolean;
  #active = 0;
  #closed = false;
  #paused = false;
  #stopPoll: (() => void) | undefined;
  // Rounds that syncNow() waits for: `pulled` once a pull started after their kick caught up,
  // `failed` on the first failure while they wait.
  readonly #rounds = new Set<Round>();
  #kicks = 0;
  /** The SDK's collections, every answer checked for `success: true`. */
  readonly #collections = new Map<string, SdkCollection>();
  // Each collection's checked SDK calls, made once.
  readonly #remote = (name: string): SdkCollection => {
    let collection = this.#collections.get(name);
    if (!collection) {
      collection = checkedCollection(this.#deps.mp.db.collection(name));
      this.#collections.set(name, collection);
    }
    return collection;
  };
  #lastSweep: number;
  // Future-stamped documents seen since the last caught-up pull, and what the last caught-up pull reported.
  #futureSeen = new Map<string, string[]>();
  #stampWarning: MpsyncError | undefined;

  constructor(deps: SyncEngineDeps) {
    this.#deps = deps;
    this.#gate = new RetryGate(deps.scheduler, deps.random, deps.options.backoff);
    // The first round after start sweeps too: other writers may have changed things while the app was closed.
    this.#lastSweep = -Infinity;
    this.#mustAuthorize = deps.reauthorize === true;
    this.#pushPool = new PushPool(pushConcurrency(deps.platform));
    this.#pager = new PullPager(deps.options.pullBatchSize ?? MAX_PULL_PAGE);
    this.#pullContext = {
      collections: deps.collections,
      remote: this.#remote,
      seqFor: (coll, key) => deps.engine.seqFor(coll, key),
      cached: (coll, key) => deps.engine.row(coll, key),
      rewind: this.#rewind,
      overlapMs: deps.options.overlapMs ?? 30_000,
      serverClock: new ServerClock(deps.scheduler.now, deps.options.maxStampAheadMs ?? DEFAULT_MAX_STAMP_AHEAD_MS),
      onFutureStamps: (coll, docs) => {
        const ids = this.#futureSeen.get(coll) ?? [];
        for (const doc of docs) ids.push(JSON.stringify(doc._id));
        this.#futureSeen.set(coll, ids);
      },
    };
  }

  /** Starts replicating and listening to the platform. */
  start(): void {
    const { engine, platform, status, options } = this.#deps;
    this.#replication = replicateRxCollection<DocRow, PullCheckpoint>({
      collection: engine.collection,
      replicationIdentifier: REPLICATION_ID,
      live: true,
      // Failures wait in mpsync's handlers; RxDB's own timer only paces its loop.
      retryTime: 20,
      waitForLeadership: false,
      pull: {
        // RxDB pages on while a page is not smaller than this; the pager sizes each page itself
        // and the handler answers an empty page once caught up.
        batchSize: 1,
        handler: (checkpoint) => this.#attempt(() => this.#pull(checkpoint)),
      },
      push: {
        batchSize: options.pushBatchSize ?? 50,
        handler: async (rows) => {
          const ready = this.#deps.beforePush ? await this.#deps.beforePush(rows) : rows;
          return this.#attempt(() => this.#push(ready));
        },
      },
    });
    const replication = this.#replication;
    const acks = new AckBatch(
      (list) => (this.#closed ? Promise.resolve() : engine.acknowledgeAll(list)),
      (error) => {
        if (!this.#closed) this.#fail(this.#classify(error));
      },
    );
    const sent = replication.sent$.subscribe((row) => {
      // Clear the pushed writes once RxDB has recorded the pushed state, so the clearing itself
      // is not mistaken for a new change to push.
      acks.add(replication.internalReplicationState?.streamQueue.up ?? Promise.resolve(), { coll: row.coll, key: row.key, v: row.v });
    });
    this.#stops.push(() => sent.unsubscribe());
    this.#stops.push(
      platform.onNetworkChange((online) => {
        // Back: assumed reachable until a request says otherwise (the kick sends one at once).
        status.update(online ? { online, network: 'online' } : offlineStatus());
        if (online) this.kick();
      }),
    );
    this.#stops.push(
      platform.onAppShow(() => {
        this.kick();
        this.#schedulePoll();
      }),
    );
    this.#stops.push(
      platform.onAppHide(() => {
        // The runtime suspends JS ~5 s after hiding: push what waits now, stop polling.
        this.#stopPoll?.();
        this.kick();
      }),
    );
    this.#schedulePoll();
    this.kick();
  }

  /**
   * Starts a sync round now: every cursor steps back by the overlap, a back-off wait ends (one
   * request goes at once; the failure count stays), RxDB re-syncs.
   */
  kick(): void {
    if (this.#closed) return;
    this.#gate.kick();
    this.#requestRound();
  }

  // A sync round that waits for the back-off like any request: the poll timer is no news about
  // the server, so during an outage it must not add requests to the back-off's.
  #requestRound(): void {
    if (this.#closed) return;
    this.#kicks++;
    for (const { name } of this.#deps.collections) this.#rewind.add(name);
    this.#replication?.reSync();
  }

  /**
   * Stays offline by the app's choice: no request is sent (one already in flight finishes) until
   * {@link resume}; local writes still apply and queue. A `syncNow()` waiting now, or called
   * while paused, rejects with `PAUSED`. Not an error: `lastError` does not change.
   */
  pause(): void {
    if (this.#closed || this.#paused) return;
    this.#paused = true;
    this.#deps.status.update({ paused: true });
    this.#failRounds(new MpsyncError('PAUSED', 'the app paused syncing (client.pause())'));
  }

  /** Ends a {@link pause}: a sync round starts at once. */
  resume(): void {
    if (this.#closed || !this.#paused) return;
    this.#paused = false;
    this.#deps.status.update({ paused: false });
    this.kick();
  }

  /**
   * Runs a sync round and resolves when it completed: pending writes pushed, every collection
   * pulled up to date. Rejects with the first failure of the round (`OFFLINE`, `UNAUTHORIZED`, …);
   * the sync goes on in the background either way.
   */
  syncNow(): Promise<void> {
    if (this.#closed) return Promise.reject(new MpsyncError('CLOSED', 'the client is closed'));
    if (this.#paused) return Promise.reject(new MpsyncError('PAUSED', 'the app paused syncing (client.pause()); call client.resume() first'));
    if (this.#deps.platform.isOnline() === false) return Promise.reject(new MpsyncError('OFFLINE', 'the platform reports no network'));
    const round = new Round(this.#kicks + 1);
    this.#rounds.add(round);
    this.kick();
    const replication = this.#replication;
    return round
      .until(round.pulled)
      .then(() => round.until(replication ? replication.awaitInSync().then(() => undefined) : Promise.resolve()))
      .then(() => this.#deps.status.update({ lastSyncedAt: this.#deps.scheduler.now(), lastError: this.#stampWarning ?? null }))
      .finally(() => this.#rounds.delete(round));
  }

  /**
   * Resolves once the SDK holds this session's authorization: at once when it already does, else
   * after the authorization in flight (started here when none is). Offline or closed it resolves
   * without authorizing, so a call that goes straight to the SDK fails with the SDK's own error.
   * Rejects with the classified failure (`UNAUTHORIZED`, `OFFLINE`, …) when authorizing fails.
   */
  authorized(): Promise<void> {
    if (this.#closed || this.#deps.platform.isOnline() === false) return Promise.resolve();
    return this.#authorize().catch((error: unknown) => {
      throw this.#classify(error);
    });
  }

  /** Stops syncing. Local data and pending writes stay stored. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopPoll?.();
    for (const stop of this.#stops) stop();
    for (const round of this.#rounds) round.fail(new MpsyncError('CLOSED', 'the client was closed during the sync round'));
    this.#gate.kick();
    await this.#replication?.cancel();
  }

  async #pull(checkpoint: PullCheckpoint | undefined): Promise<{ documents: MasterRow[]; checkpoint: PullCheckpoint }> {
    const caught = this.#caughtUp;
    // RxDB asks again after a caught-up page that was not empty: no request needed, unless a new round began.
    if (caught && caught.kicks === this.#kicks && sameCheckpoint(caught.checkpoint, checkpoint)) return { documents: [], checkpoint: caught.checkpoint };
    const startedAt = this.#kicks;
    const result = await pullBatch(this.#pullContext, checkpoint, this.#pager.size);
    this.#pager.learn(result.documents.length, result.bytes);
    // Caught up: every round that asked for a pull started no later than this one is pulled.
    if (result.caughtUp) {
      this.#caughtUp = { kicks: startedAt, checkpoint: result.checkpoint };
      await this.#sweepIfDue(result.documents);
      await this.#confirmLanded();
      // The cache is up to date with the server as of now; a network failure before is over.
      const { status, scheduler } = this.#deps;
      const warning = futureStampError(this.#futureSeen);
      // The same finding keeps the same error object, so status listeners do not hear it every round.
      this.#stampWarning = warning && warning.message === this.#stampWarning?.message ? this.#stampWarning : warning;
      this.#futureSeen = new Map();
      const lastError = status.get().lastError;
      const over = lastError && (isRetryable(lastError.code) || lastError.code === 'FUTURE_STAMP');
      status.update({ lastSyncedAt: scheduler.now(), ...(this.#stampWarning ? { lastError: this.#stampWarning } : over ? { lastError: null } : {}) });
      for (const round of this.#rounds) if (round.after <= startedAt) round.markPulled();
    }
    return { documents: result.documents, checkpoint: result.checkpoint };
  }

  /** Adds the sweep's findings to a pull answer when the sweep interval has passed (checkpoint unchanged). */
  async #sweepIfDue(documents: MasterRow[]): Promise<void> {
    const interval = this.#deps.options.sweepIntervalMs ?? 30 * 60_000;
    const now = this.#deps.scheduler.now();
    if (interval <= 0 || now - this.#lastSweep < interval) return;
    const { engine } = this.#deps;
    const context = { remote: this.#remote, cachedRows: (coll: string) => engine.rows(coll), seqFor: (coll: string, key: string) => engine.seqFor(coll, key) };
    const pulled = new Set(documents.map((d) => d.id));
    for (const { name, filter } of this.#deps.collections) {
      for (const row of await sweep(context, name, filter)) if (!pulled.has(row.id)) documents.push(row);
    }
    this.#lastSweep = now;
  }

  /**
   * Clears pending writes that RxDB already knows reached the server (its assumed server state, or
   * that state's history, holds their state id) but whose clearing was lost: the app was killed
   * between the push and the clearing, or the push was recognised as landed after a lost answer.
   */
  async #confirmLanded(): Promise<void> {
    const state = this.#replication?.internalReplicationState;
    const pending = this.#deps.engine.pendingRows();
    if (!state || pending.length === 0) return;
    const assumed = await getAssumedMasterState(
      state,
      pending.map((row) => row.id),
    );
    const acks: Array<{ coll: string; key: string; v: string }> = [];
    for (const row of pending) {
      const server = assumed[row.id]?.docData;
      if (!server) continue;
      const known = serverStateIds(server);
      const landed = [...row.ops]
        .reverse()
        .flatMap((op) => op.vs)
        .find((v) => known.has(v));
      if (landed) acks.push({ coll: row.coll, key: row.key, v: landed });
    }
    if (acks.length > 0) await this.#deps.engine.acknowledgeAll(acks);
  }

  async #push(rows: PushRow[]): Promise<MasterRow[]> {
    const outcome = await pushRows(this.#remote, rows, this.#pushPool);
    for (const { row, conflict, error } of outcome.rejected) {
      const refusal = this.#classify(error);
      // Recorded before the rollback: if storing the notice fails, the push is retried instead.
      await this.#deps.report({
        kind: 'rejected',
        collection: row.coll,
        docId: row.doc._id,
        local: (row as PushRow['newDocumentState'])._deleted ? null : row.doc,
        server: conflict._deleted ? null : conflict.doc,
        code: serverCode(error) ?? refusal.code,
        message: `the server refused the write to ${row.coll} ${row.key}, so it was rolled back to the server's state: ${refusal.message}`,
      });
      this.#deps.markRejected(row.coll, row.key);
      this.#deps.status.update({
        lastError: new MpsyncError('REJECTED', `the server refused the write to ${row.coll} ${row.key}; the server's state was kept: ${refusal.message}`, {
          cause: error,
        }),
      });
      outcome.conflicts.push(conflict);
    }
    return outcome.conflicts;
  }

  // Runs one request with authorization first, when the gate lets it (back-off, one probe at a time
  // during failures); on failure records it and waits, then tries again. Paused or without a
  // network it sends nothing and waits for the change. Only closing ends the loop; RxDB never
  // sees a failure.
  async #attempt<T>(request: () => Promise<T>): Promise<T> {
    const { platform, status } = this.#deps;
    for (;;) {
      if (this.#closed) throw new MpsyncError('CLOSED', 'the client is closed');
      if (this.#paused) {
        // resume() (or close()) wakes the gate.
        await this.#gate.hold();
        continue;
      }
      if (platform.isOnline() === false) {
        // No network is no error: wait for its return (the network event kicks the gate), or the
        // longest back-off in case that event never comes.
        status.update(offlineStatus());
        this.#failRounds(new MpsyncError('OFFLINE', 'the platform reports no network'));
        await this.#gate.hold(this.#gate.maxMs);
        continue;
      }
      if (!(await this.#gate.acquire())) continue;
      this.#setActive(+1);
      try {
        await this.#authorize();
        const result = await request();
        this.#gate.succeeded();
        status.update(answeredStatus(platform.isOnline()));
        return result;
      } catch (error) {
        this.#gate.failed();
        this.#failRequest(this.#classify(error));
      } finally {
        this.#setActive(-1);
      }
    }
  }

  #authorize(): Promise<void> {
    const { mp, status, auth } = this.#deps;
    if (accessTokenOf(mp) && !this.#mustAuthorize) return Promise.resolve();
    this.#authorizing ??= (async () => {
      try {
        if (!mp.user?.authorize) throw new MpsyncError('UNAUTHORIZED', 'this MPServerless instance cannot authorize');
        await mp.user.authorize({ ...auth });
        if (!accessTokenOf(mp)) throw new MpsyncError('UNAUTHORIZED', 'authorization did not yield an access token');
        this.#mustAuthorize = false;
        status.update({ authorized: true });
      } finally {
        this.#authorizing = undefined;
      }
    })();
    return this.#authorizing;
  }

  #classify(error: unknown): MpsyncError {
    const platform = this.#deps.platform;
    return classifySdkError(error, platform.classifyError ? (e) => platform.classifyError?.(e) : undefined);
  }

  #fail(error: MpsyncError): void {
    this.#deps.status.update({ lastError: error, authorized: Boolean(accessTokenOf(this.#deps.mp)) });
    this.#failRounds(error);
  }

  // A request failed: the server unreachable is a lastError, no network is not (status says offline).
  #failRequest(error: MpsyncError): void {
    const { status, platform, mp } = this.#deps;
    status.update({ ...statusAfterFailure(error, platform.isOnline()), authorized: Boolean(accessTokenOf(mp)) });
    this.#failRounds(error);
  }

  #failRounds(error: MpsyncError): void {
    for (const round of this.#rounds) round.fail(error);
  }

  #setActive(delta: number): void {
    this.#active += delta;
    this.#deps.status.update({ syncing: this.#active > 0 });
  }

  #schedulePoll(): void {
    this.#stopPoll?.();
    const interval = this.#deps.options.pollIntervalMs ?? 30_000;
    if (interval <= 0 || this.#closed) return;
    this.#stopPoll = this.#deps.scheduler.setTimer(() => {
      this.#requestRound();
      this.#schedulePoll();
    }, interval);
  }
}

/** What status reports while future-stamped documents hold pull cursors back, if any do. */
function futureStampError(seen: ReadonlyMap<string, readonly string[]>): MpsyncError | undefined {
  if (seen.size === 0) return undefined;
  const list = [...seen].map(([coll, ids]) => `${coll} ${[...new Set(ids)].slice(0, 5).join(', ')}`).join('; ');
  return new MpsyncError(
    'FUTURE_STAMP',
    `documents whose _mt lies in the future (not stamped by the server) were pulled but do not move the pull cursor: ${list}; write them through mpsync or the server to restamp them`,
  );
}

/** The code the server (or the SDK) gave a refusal, e.g. `PermissionDenied`. */
function serverCode(error: unknown): string | undefined {
  if (error instanceof MpsyncError) return serverCode(error.cause);
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code !== '' ? code : undefined;
}

/** One `syncNow()` call: done when a pull that began after its kick caught up and RxDB is in sync. */
class Round {
  readonly after: number;
  readonly pulled: Promise<void>;
  readonly #failed: Promise<never>;
  #markPulled!: () => void;
  #fail!: (error: MpsyncError) => void;

  constructor(after: number) {
    this.after = after;
    this.pulled = new Promise((resolve) => (this.#markPulled = resolve));
    this.#failed = new Promise((_resolve, reject) => (this.#fail = reject));
    // Nobody may be waiting yet when it fails; the failure is delivered through until().
    this.#failed.catch(() => undefined);
  }

  markPulled(): void {
    this.#markPulled();
  }

  fail(error: MpsyncError): void {
    this.#fail(error);
  }

  /** `step`, unless the round fails first. */
  until<T>(step: Promise<T>): Promise<T> {
    return Promise.race([step, this.#failed]);
  }
}
