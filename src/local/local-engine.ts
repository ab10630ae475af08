import {
  createRevision,
  createRxDatabase,
  now as rxdbNow,
  type RxCollection,
  type RxConflictHandler,
  type RxDatabase,
  type RxDocumentData,
  type RxStorageInstance,
} from 'rxdb';
import type { Now } from '../core/clock';
import { DbError, DbErrorCode } from '../core/db-error';
import { MpsyncError } from '../core/errors';
import type { Doc, JsonObject } from '../core/json';
import { objectIdGenerator } from '../core/object-id';
import { randomHex, type Random } from '../core/random';
import { SerialQueue } from '../core/serial-queue';
import { sha256Hex } from '../core/sha256';
import { READ_COMMANDS, runCommand, type CommandEnv, type DbAnswer, type Write } from '../query/commands';
import type { StorageBackend } from '../store/backend';
import { ATOMIC_WRITE_CONTEXT, persistentStorage } from '../store/persistent-storage';
import { nextHistory } from '../model/server-doc';
import { DOC_ROW_SCHEMA, MAX_KEY_LENGTH, type DocRow, type PendingOp } from '../model/doc-row';
import { allRows } from './all-rows';
import { Mirror } from './mirror';
import { checkRequestSize } from './request-size';
import { checkNotEmptied, checkRows } from './stored-rows';
import { Receipts } from './receipts';

type Row = RxDocumentData<DocRow>;

/** One changed document in the cache. */
export interface CacheChange {
  readonly coll: string;
  readonly key: string;
  /** The document before the change (wire form), or `null` when it did not exist. */
  readonly before: Doc | null;
  /** The document now (wire form), or `null` when it was deleted. */
  readonly doc: Doc | null;
  /** Whether it carries writes the server has not confirmed. */
  readonly pending: boolean;
}

/** Options of {@link LocalEngine.open}. */
export interface LocalEngineOptions {
  readonly backend: StorageBackend;
  /** Identifies the partition (space and user); one RxDB database per partition. */
  readonly partition: string;
  readonly now: Now;
  readonly random: Random;
  /** How the replication resolves conflicts; RxDB fixes it when the collection opens. */
  readonly conflictHandler?: RxConflictHandler<DocRow>;
}

// A conflicting concurrent write (a pulled change landing between evaluation and commit) makes
// a local command start over; more than a few rounds in a row means something is wrong.
const MAX_ATTEMPTS = 5;

/**
 * The local database: an RxDB database on durable memory storage holding every cached document of
 * every synced collection in one RxCollection. Commands are evaluated with the same code as the
 * emulator (`query/commands`) over a synchronous mirror of the rows; a write command's changes are
 * committed all together, durably, before it resolves, and recorded as pending for the replication.
 */
export class LocalEngine {
  readonly database: RxDatabase;
  readonly collection: RxCollection<DocRow>;
  readonly #instance: RxStorageInstance<DocRow, unknown, unknown>;
  readonly #mirror: Mirror;
  readonly #env: CommandEnv;
  readonly #writes = new SerialQueue();
  readonly #newWriteId: () => string;
  readonly #subscription: { unsubscribe(): void };
  readonly #listeners = new Set<(changes: readonly CacheChange[]) => void>();
  readonly #receipts: Receipts;
  #closed = false;

  private constructor(database: RxDatabase, collection: RxCollection<DocRow>, mirror: Mirror, options: LocalEngineOptions) {
    this.database = database;
    this.collection = collection;
    this.#mirror = mirror;
    this.#receipts = new Receipts(mirror);
    // Writes go to the durable storage instance itself: RxDB's wrapper would stamp its own
    // revision and could not make a multi-document write all-or-nothing.
    this.#instance = (
      collection.storageInstance as unknown as { originalStorageInstance: RxStorageInstance<DocRow, unknown, unknown> }
    ).originalStorageInstance;
    this.#subscription = this.#instance.changeStream().subscribe((bulk) => {
      const changes: CacheChange[] = [];
      for (const event of bulk.events) {
        const row = event.documentData as Row;
        const before = mirror.apply(row);
        changes.push({
          coll: row.coll,
          key: row.key,
          before: before && !before._deleted ? before.doc : null,
          doc: row._deleted ? null : row.doc,
          pending: row.ops.length > 0,
        });
      }
      for (const listener of this.#listeners) listener(changes);
    });
    this.#env = {
      now: options.now,
      newId: objectIdGenerator(options.now, options.random),
      resolveCollection: (name) => mirror.docs(name),
    };
    this.#newWriteId = () => randomHex(options.random, 20);
  }

  /** Opens (or creates) the local database of a partition and loads its mirror. */
  static async open(options: LocalEngineOptions): Promise<LocalEngine> {
    const database = await createRxDatabase({
      name: `mpsync_${sha256Hex(options.partition).slice(0, 24)}`,
      storage: persistentStorage(options.backend),
      multiInstance: false,
      eventReduce: false,
      // The same pure-JS hash on every platform, forever: it names RxDB's replication state.
      hashFunction: (input) => (typeof input === 'string' ? Promise.resolve(sha256Hex(input)) : Promise.reject(new Error('mpsync stores no attachments'))),
    });
    const { docs } = await database.addCollections({
      docs: { schema: DOC_ROW_SCHEMA, ...(options.conflictHandler ? { conflictHandler: options.conflictHandler } : {}) },
    });
    const collection = docs as RxCollection<DocRow>;
    const documents = await allRows(collection);
    try {
      checkRows(documents, `${database.name}/docs`);
      if (documents.length === 0) await checkNotEmptied(options.backend, database.name);
    } catch (error) {
      await database.close();
      throw error;
    }
    const mirror = new Mirror();
    mirror.load(documents);
    return new LocalEngine(database, collection, mirror, options);
  }

  /**
   * Runs one collection command locally. Reads answer from the mirror at once; writes wait for the
   * writes before them, commit durably, and answer after the commit.
   *
   * With a `request` id a write runs at most once per id: its answer is recorded in the same
   * commit (`local/receipts.ts`), and the same id again gets that answer without a second write
   * (another tab's forwarded write, sent again when the tab that ran it closed before answering).
   *
   * @throws `DbError` for a command MongoDB would refuse (nothing is written), `RequestTooLargeError`
   *   for a document the server could not receive (nothing is written), `MpsyncError`
   *   `QUOTA_EXCEEDED` / `STORAGE_FAILED` when storage refuses the write (nothing is written)
   */
  execute(coll: string, command: string, params: JsonObject, request?: string): Promise<DbAnswer> {
    if (this.#closed) return Promise.reject(new MpsyncError('CLOSED', 'the local database is closed'));
    if (READ_COMMANDS.has(command)) {
      try {
        return Promise.resolve(runCommand(this.#mirror.view(coll), command, params, this.#env).answer);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
    return this.#writes.run(() => this.#write(coll, command, params, request));
  }

  /** Number of cached documents with local changes the server has not confirmed. */
  pendingDocuments(): number {
    return this.#mirror.pendingDocuments;
  }

  /**
   * Calls `listener` after every batch of changes to the cache (a local write command, a pulled
   * batch, an acknowledgement), with each changed document. Returns a function that stops it.
   */
  onChange(listener: (changes: readonly CacheChange[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Whether the cached document carries writes the server has not confirmed. */
  isPending(coll: string, key: string): boolean {
    return (this.#mirror.row(coll, key)?.ops.length ?? 0) > 0;
  }

  /** Waits for queued writes, then closes the database. The stored data stays. */
  async close(): Promise<void> {
    await this.#writes.idle();
    this.#closed = true;
    this.#subscription.unsubscribe();
    await this.database.close();
  }

  async #write(coll: string, command: string, params: JsonObject, request: string | undefined): Promise<DbAnswer> {
    const recorded = request === undefined ? undefined : this.#receipts.find(request);
    if (recorded) return recorded;
    let answer: DbAnswer | undefined;
    await this.#commitRows(`local ${command} on ${coll}`, () => {
      const outcome = runCommand(this.#mirror.view(coll), command, params, this.#env);
      answer = outcome.answer;
      const time = rxdbNow();
      const rows = outcome.writes.map((w) => this.#rowFor(coll, w, command, params, time));
      if (request !== undefined) rows.push(this.#receipts.row(request, outcome.answer, time, this.database.token));
      return rows;
    });
    return answer as DbAnswer;
  }

  /**
   * Builds rows from the mirror and commits them all or none; when a concurrent write (a pulled
   * change landing between evaluation and commit) conflicts, builds them again from the new state.
   */
  async #commitRows(what: string, build: () => Array<{ document: Row; previous?: Row }>): Promise<void> {
    if (this.#closed) throw new MpsyncError('CLOSED', `${what}: the local database is closed`);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const rows = build();
      if (rows.length === 0) return;
      const result = await this.#instance.bulkWrite(rows, ATOMIC_WRITE_CONTEXT);
      if (result.error.length === 0) return;
      if (!result.error.every((e) => e.status === 409)) {
        throw new MpsyncError('STORAGE_FAILED', `${what} failed: ${JSON.stringify(result.error[0])}`);
      }
    }
    throw new MpsyncError('INTERNAL', `${what} kept conflicting with concurrent writes`);
  }

  /**
   * The server confirmed the state `v` of a document: its pending writes up to the one that state
   * contains are done. Later local writes stay pending.
   */
  acknowledge(coll: string, key: string, v: string): Promise<void> {
    return this.acknowledgeAll([{ coll, key, v }]);
  }

  /**
   * {@link acknowledge} for many confirmations, in order, committed together (one storage commit
   * for a whole push instead of one per document).
   */
  acknowledgeAll(acks: ReadonlyArray<{ readonly coll: string; readonly key: string; readonly v: string }>): Promise<void> {
    return this.#writes.run(() =>
      this.#commitRows(`acknowledging ${acks.length === 1 ? `${acks[0]!.coll} ${acks[0]!.key}` : `${acks.length} documents`}`, () => {
        const changed = new Map<string, { document: Row; previous: Row }>();
        for (const { coll, key, v } of acks) {
          const id = `${coll}|${key}`;
          const earlier = changed.get(id);
          const row = earlier?.document ?? this.#mirror.row(coll, key);
          const upTo = row ? row.ops.findIndex((op) => op.vs.includes(v)) : -1;
          if (!row || upTo < 0) continue;
          const previous = earlier?.previous ?? row;
          const document: Row = { ...row, ops: row.ops.slice(upTo + 1), _meta: { lwt: rxdbNow() }, _rev: createRevision(this.database.token, previous) };
          changed.set(id, { document, previous });
        }
        return [...changed.values()];
      }),
    );
  }

  /**
   * Takes over documents with unconfirmed writes from another partition (the device's, when a user
   * signs in): each becomes this partition's current state of the document, its writes pending.
   * The push then meets the server's state, and the collection's conflict rule settles it.
   */
  adopt(rows: readonly DocRow[]): Promise<void> {
    return this.#writes.run(() =>
      this.#commitRows('adopting device writes', () => {
        const time = rxdbNow();
        return rows.map((source) => {
          const previous = this.#mirror.row(source.coll, source.key);
          const document: Row = {
            ...source,
            seq: previous ? previous.seq : this.#mirror.nextSeq(),
            ops: [...(previous?.ops ?? []), ...source.ops],
            _deleted: (source as Row)._deleted === true,
            _attachments: {},
            _meta: { lwt: time },
            _rev: createRevision(this.database.token, previous),
          };
          return previous ? { document, previous } : { document };
        });
      }),
    );
  }

  /** Deletes this partition's data from storage and closes it. */
  async remove(): Promise<void> {
    await this.#writes.idle();
    this.#closed = true;
    this.#subscription.unsubscribe();
    await this.database.remove();
  }

  /** The cached rows that carry local writes the server has not confirmed (deleted ones included). */
  pendingRows(): DocRow[] {
    return [...this.#mirror.pendingRows()];
  }

  /** Every cached row of a collection, deleted ones included. */
  rows(coll: string): Array<DocRow & { _deleted: boolean }> {
    return this.#mirror.rows(coll);
  }

  /** The cached row of a document (deleted ones included), as stored. */
  row(coll: string, key: string): (DocRow & { _deleted: boolean }) | undefined {
    return this.#mirror.row(coll, key);
  }

  /** The local arrival number of a document: its cached row's, or a new one for a document not cached yet. */
  seqFor(coll: string, key: string): number {
    return this.#mirror.row(coll, key)?.seq ?? this.#mirror.nextSeq();
  }

  #rowFor(coll: string, write: Write, command: string, params: JsonObject, time: number): { document: Row; previous?: Row } {
    if (write.key.length > MAX_KEY_LENGTH) {
      throw new DbError(DbErrorCode.BadValue, `_id is too long to cache offline (more than ${MAX_KEY_LENGTH} characters as JSON)`);
    }
    if (write.kind !== 'delete') checkRequestSize(coll, write.doc);
    const previous = this.#mirror.row(coll, write.key);
    const v = this.#newWriteId();
    const op = pendingOp(v, write, command, params);
    // A document deleted earlier and inserted again starts a new history.
    const base = previous && !previous._deleted ? previous : undefined;
    const document: Row = {
      id: `${coll}|${write.key}`,
      coll,
      key: write.key,
      doc: write.kind === 'delete' ? write.before : write.doc,
      seq: base ? base.seq : this.#mirror.nextSeq(),
      v,
      // The server history this state builds on: a cached state without pending writes is itself a
      // server state, so it joins the history the new writes are based on.
      vh: previous && previous.ops.length === 0 && previous.v ? nextHistory(previous.vh, previous.v) : (previous?.vh ?? []),
      ops: [...(previous?.ops ?? []), op],
      _deleted: write.kind === 'delete',
      _attachments: {},
      _meta: { lwt: time },
      _rev: createRevision(this.database.token, previous),
    };
    return previous ? { document, previous } : { document };
  }
}

function pendingOp(v: string, write: Write, command: string, params: JsonObject): PendingOp {
  const vs = [v];
  if (write.kind === 'delete') return { vs, kind: 'delete' };
  if (command === 'insertOne' || command === 'insertMany') return { vs, kind: 'insert' };
  if (command === 'replaceOne' || command === 'findOneAndReplace') return { vs, kind: 'replace', doc: write.doc };
  // An update command: a matched document, or the document an upsert inserted.
  const update = params.update as JsonObject | JsonObject[];
  const filter = params.filter as JsonObject | undefined;
  const arrayFilters = (params.options as JsonObject | undefined)?.arrayFilters as JsonObject[] | undefined;
  return {
    vs,
    kind: 'update',
    update,
    ...(filter ? { filter } : {}),
    ...(arrayFilters ? { arrayFilters } : {}),
    ...(write.kind === 'insert' ? { upsert: true } : {}),
  };
}
