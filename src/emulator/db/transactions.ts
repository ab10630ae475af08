import type { Now } from '../../core/clock';
import { DbError, DbErrorCode } from '../../core/db-error';
import { docKey } from '../../core/doc-key';
import type { Doc } from '../../core/json';
import type { CollectionView, Write } from '../../query/commands';
import type { CollectionWrites, DocumentStore } from './document-store';

/** Commands the official SDK lets a transaction run; the emulator enforces the same list. */
export const TRANSACTION_COMMANDS: ReadonlySet<string> = new Set([
  'findOne',
  'insertOne',
  'updateOne',
  'replaceOne',
  'findOneAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
  'deleteOne',
]);

// MongoDB's default transactionLifetimeLimitSeconds.
const LIFETIME_MS = 60_000;

/**
 * One open transaction: its writes wait in an overlay that only it sees, and land in one atomic
 * commit. COMPAT: reads see the latest committed data plus the transaction's own writes (not a
 * snapshot of the start); a document that someone else wrote after this transaction first wrote
 * it fails the commit with `WriteConflict`, as MongoDB's write-conflict rule does.
 */
class Transaction {
  readonly #overlay = new Map<string, Map<string, Doc | null>>();
  readonly #baseVersions = new Map<string, number>();

  readonly id: string;
  readonly userId: string;
  readonly expiresAt: number;
  private readonly store: DocumentStore;

  constructor(id: string, userId: string, expiresAt: number, store: DocumentStore) {
    this.id = id;
    this.userId = userId;
    this.expiresAt = expiresAt;
    this.store = store;
  }

  view(collection: string): CollectionView {
    const base = this.store.view(collection);
    const overlay = this.#overlay.get(collection);
    if (!overlay) return base;
    return {
      get: (key) => (overlay.has(key) ? (overlay.get(key) ?? undefined) : base.get(key)),
      scan: function* () {
        for (const doc of base.scan()) {
          const key = docKey(doc._id);
          if (!overlay.has(key)) yield doc;
          else if (overlay.get(key)) yield overlay.get(key) as Doc;
        }
        for (const [key, doc] of overlay) if (doc && !base.get(key)) yield doc;
      },
    };
  }

  stage(collection: string, writes: readonly Write[]): void {
    let overlay = this.#overlay.get(collection);
    if (!overlay) {
      overlay = new Map();
      this.#overlay.set(collection, overlay);
    }
    for (const w of writes) {
      const versionKey = `${collection}\u0000${w.key}`;
      if (!this.#baseVersions.has(versionKey)) this.#baseVersions.set(versionKey, this.store.version(collection, w.key));
      overlay.set(w.key, w.kind === 'delete' ? null : w.doc);
    }
  }

  commit(): void {
    for (const [versionKey, version] of this.#baseVersions) {
      const [collection, key] = versionKey.split('\u0000') as [string, string];
      if (this.store.version(collection, key) !== version) {
        throw new DbError(DbErrorCode.WriteConflict, `transaction ${this.id} aborted: document ${key} in ${collection} was changed by another write`);
      }
    }
    const batch: CollectionWrites[] = [];
    for (const [collection, overlay] of this.#overlay) {
      const base = this.store.view(collection);
      const writes: Write[] = [];
      for (const [key, doc] of overlay) {
        const before = base.get(key);
        if (doc === null) {
          if (before) writes.push({ kind: 'delete', key, before });
        } else writes.push(before ? { kind: 'replace', key, doc, before } : { kind: 'insert', key, doc });
      }
      batch.push({ collection, writes });
    }
    this.store.commit(batch);
  }
}

/** The open transactions of the emulator, each owned by the user who started it. */
export class Transactions {
  readonly #open = new Map<string, Transaction>();

  private readonly store: DocumentStore;
  private readonly now: Now;
  private readonly newId: () => string;

  constructor(store: DocumentStore, now: Now, newId: () => string) {
    this.store = store;
    this.now = now;
    this.newId = newId;
  }

  start(userId: string): string {
    this.#expire();
    const id = `txn-${this.newId()}`;
    this.#open.set(id, new Transaction(id, userId, this.now() + LIFETIME_MS, this.store));
    return id;
  }

  /** The open transaction `id` of `userId`; `TransactionNotFound` otherwise. */
  get(id: unknown, userId: string): Transaction {
    this.#expire();
    const txn = typeof id === 'string' ? this.#open.get(id) : undefined;
    if (!txn || txn.userId !== userId) throw new DbError(DbErrorCode.TransactionNotFound, `no open transaction ${JSON.stringify(id)}`);
    return txn;
  }

  commit(id: unknown, userId: string): void {
    const txn = this.get(id, userId);
    this.#open.delete(txn.id);
    txn.commit();
  }

  abort(id: unknown, userId: string): void {
    this.#open.delete(this.get(id, userId).id);
  }

  #expire(): void {
    const now = this.now();
    for (const [id, txn] of this.#open) if (txn.expiresAt <= now) this.#open.delete(id);
  }
}
