import type { MpsyncError } from '../core/errors';

/** The sync state of a client, as `client.status()` reports it. */
export interface SyncStatus {
  /** The network as the platform reports it (`undefined` when it cannot tell). */
  readonly online: boolean | undefined;
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
 * `replication/sync-engine.ts` writes `online`, `authorized`, `syncing`, `lastSyncedAt` and
 * `lastError`; `client/session.ts` writes `pendingWrites` and `notices`; `client/uploads/` writes
 * `pendingUploads` and `pendingUploadBytes`.
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
