import type { MpsyncError } from '../core/errors';

/**
 * Why a client can or cannot reach the server: `'online'` (it answers), `'offline'` (the platform
 * reports no network), `'unreachable'` (the platform reports a network, but the server does not
 * answer: requests fail with `OFFLINE` or `TIMEOUT`).
 */
export type NetworkState = 'online' | 'offline' | 'unreachable';

/** The sync state of a client, as `client.status()` reports it. */
export interface SyncStatus {
  /** The network as the platform reports it (`undefined` when it cannot tell). */
  readonly online: boolean | undefined;
  /**
   * Whether the server can be reached: see {@link NetworkState}. `'offline'` exactly when `online`
   * is `false`. Back to `'online'` with the first request the server answers.
   */
  readonly network: NetworkState;
  /** True while the app chose to stay offline (`client.pause()` until `client.resume()`); not an error. */
  readonly paused: boolean;
  /** Whether the SDK holds an access token mpsync can sync with. */
  readonly authorized: boolean;
  /** True while a sync round runs. */
  readonly syncing: boolean;
  /** Documents with local changes the server has not confirmed yet (deleted ones included). */
  readonly pendingWrites: number;
  /** When the last sync round completed (ms since the epoch), or `null` before the first. */
  readonly lastSyncedAt: number | null;
  /** Why the last sync round failed, or `null` when it succeeded. */
  readonly lastError: MpsyncError | null;
  /** How many notices (`client.notices()`) wait to be dismissed. */
  readonly notices: number;
  /** Files `client.file.uploadFile` accepted offline that are not uploaded yet. */
  readonly pendingUploads: number;
  /** Their bytes. */
  readonly pendingUploadBytes: number;
}

/**
 * Holds the status and tells listeners when it changes. Each field has one writer:
 * `replication/sync-engine.ts` writes `online`, `network`, `paused`, `authorized`, `syncing`,
 * `lastSyncedAt` and `lastError`; `client/session.ts` writes `pendingWrites` and `notices`;
 * `client/uploads/` writes `pendingUploads` and `pendingUploadBytes`.
 */
export class StatusStore {
  #status: SyncStatus;
  readonly #listeners = new Set<(status: SyncStatus) => void>();

  constructor(initial: SyncStatus) {
    this.#status = initial;
  }

  get(): SyncStatus {
    return this.#status;
  }

  /** Merges `change` in; listeners hear about it only if a field actually changed. */
  update(change: Partial<SyncStatus>): void {
    const next = { ...this.#status, ...change };
    const keys = Object.keys(change) as Array<keyof SyncStatus>;
    if (keys.every((k) => next[k] === this.#status[k])) return;
    this.#status = next;
    for (const listener of [...this.#listeners]) listener(next);
  }

  subscribe(listener: (status: SyncStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }
}
