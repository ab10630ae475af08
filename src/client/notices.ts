import type { Now } from '../core/clock';
import { MpsyncError } from '../core/errors';
import type { JsonObject } from '../core/json';
import { sha256Hex } from '../core/sha256';
import type { Notice, NoticeInput } from '../model/notice';
import { randomHex, type Random } from '../core/random';
import type { StorageBackend } from '../store/backend';

/** What a {@link NoticeStore} needs. */
export interface NoticeStoreOptions {
  readonly storage: StorageBackend;
  /** The partition whose notices these are (space and user). */
  readonly partition: string;
  readonly now: Now;
  readonly random: Random;
  /** Hears every notice once it is stored. */
  readonly onAdded: (notice: Notice) => void;
  /** Hears the number of undismissed notices whenever it changes. */
  readonly onCount: (count: number) => void;
}

/**
 * The notices of one partition, kept in a namespace of the client's storage beside the partition's
 * data, so they survive restarts and stay until the app dismisses them. A notice is stored before
 * `add` resolves: the caller rolls a write back only after its record is durable.
 */
export class NoticeStore {
  readonly #options: NoticeStoreOptions;
  readonly #namespace: string;
  readonly #notices: Map<string, Notice>;
  // Notices with a `ref` being stored: a second add of the same ref meanwhile waits for the first.
  readonly #adding = new Map<string, Promise<Notice>>();

  private constructor(options: NoticeStoreOptions, namespace: string, notices: Map<string, Notice>) {
    this.#options = options;
    this.#namespace = namespace;
    this.#notices = notices;
  }

  /** Loads the stored notices of a partition. */
  static async open(options: NoticeStoreOptions): Promise<NoticeStore> {
    // Hashed like the partition's database name: a long user id must not make an invalid name.
    const namespace = `mpsync/notices/${sha256Hex(options.partition).slice(0, 24)}`;
    const records = await options.storage.load(namespace);
    const notices = new Map<string, Notice>();
    for (const record of records.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) notices.set(record.key, record.value as unknown as Notice);
    const store = new NoticeStore(options, namespace, notices);
    options.onCount(notices.size);
    return store;
  }

  /** The undismissed notices, oldest first. */
  list(): Notice[] {
    return [...this.#notices.values()];
  }

  /**
   * Stores a new notice, then tells the listeners. With a `ref` (a name of the event that is the
   * same each time the event is seen again), a notice already stored under that `ref` is kept and
   * nothing new is stored or heard: an event replayed after a crash is reported once.
   */
  add(input: NoticeInput, ref?: string): Promise<Notice> {
    if (ref === undefined) return this.#store(input, undefined);
    const known = [...this.#notices.values()].find((n) => n.id.endsWith(`-${ref}`));
    if (known) return Promise.resolve(known);
    let adding = this.#adding.get(ref);
    if (!adding) {
      adding = this.#store(input, ref).finally(() => this.#adding.delete(ref));
      this.#adding.set(ref, adding);
    }
    return adding;
  }

  async #store(input: NoticeInput, ref: string | undefined): Promise<Notice> {
    const at = this.#options.now();
    // Ids sort by time, so stored notices load back oldest first.
    const id = `${at.toString(36).padStart(10, '0')}-${ref ?? randomHex(this.#options.random, 8)}`;
    let notice: Notice = { id, ...stripUndefined(input), at };
    try {
      await this.#commit(notice);
    } catch (error) {
      if (!(error instanceof MpsyncError && error.code === 'QUOTA_EXCEEDED')) throw error;
      // Full storage must not block the record (the write it records waits for it): kept without
      // the documents, which are what take the room.
      const { local: _local, server: _server, result: _result, ...rest } = notice;
      notice = { ...rest, message: `${notice.message} (the documents were not kept: local storage is full)` };
      await this.#commit(notice);
    }
    this.#notices.set(id, notice);
    this.#options.onCount(this.#notices.size);
    this.#options.onAdded(notice);
    return notice;
  }

  #commit(notice: Notice): Promise<void> {
    return this.#options.storage.commit(this.#namespace, { puts: [{ key: notice.id, value: notice as unknown as JsonObject }], deletes: [] });
  }

  /** Removes notices by id (unknown ids are ignored). */
  async dismiss(ids: readonly string[]): Promise<void> {
    const known = [...new Set(ids)].filter((id) => this.#notices.has(id));
    if (known.length === 0) return;
    await this.#options.storage.commit(this.#namespace, { puts: [], deletes: known });
    for (const id of known) this.#notices.delete(id);
    this.#options.onCount(this.#notices.size);
  }
}

// Stored as JSON: an absent field stays absent rather than becoming `undefined`.
function stripUndefined(input: NoticeInput): NoticeInput {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) if (value !== undefined) out[key] = value;
  return out as unknown as NoticeInput;
}
