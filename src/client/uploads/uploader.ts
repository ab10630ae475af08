import { isRetryable, MpsyncError } from '../../core/errors';
import type { JsonObject, JsonValue } from '../../core/json';
import { randomHex, type Random } from '../../core/random';
import type { Scheduler } from '../../core/scheduler';
import type { LocalEngine } from '../../local/local-engine';
import type { FileKeeper } from '../../model/file-keeper';
import type { NoticeInput } from '../../model/notice';
import type { Platform } from '../../model/platform';
import type { StatusStore } from '../../model/status';
import { RetryGate, type BackoffOptions } from '../../replication/retry-gate';
import type { PushRow } from '../../replication/push';
import { pendingAnswer, pendingRefsIn, replaceRefs, type UploadAnswer } from './pending-ref';
import { patchRefs } from './ref-patch';
import { answerOf, cloudPathFor, serverCodeOf, uploadFailure } from './upload-outcome';
import type { UploadQueue, UploadRecord } from './upload-queue';

/** The SDK's file service (`mpServerless.file`), as far as the uploader calls it. */
export interface SdkFileService {
  uploadFile(options: Record<string, unknown>): Promise<unknown>;
  deleteFile(url: string): Promise<unknown>;
}

/** What an {@link Uploader} works with. */
export interface UploaderDeps {
  readonly queue: UploadQueue;
  readonly keeper: FileKeeper;
  readonly engine: LocalEngine;
  readonly file: SdkFileService;
  /** The synced collections, whose documents may hold pending references. */
  readonly collections: readonly string[];
  readonly platform: Platform;
  readonly status: StatusStore;
  readonly scheduler: Scheduler;
  readonly random: Random;
  readonly backoff?: BackoffOptions;
  /** Stores a notice durably. */
  readonly report: (notice: NoticeInput) => Promise<void>;
}

/**
 * Uploads the files `client.file.uploadFile` accepted offline, one at a time in acceptance order,
 * once the platform has a network and the SDK is authorized; back-off after a failure (cut short
 * by the network returning or the app being shown). After each upload the documents holding its
 * pending references are patched to the real answer, then the kept file and the record go.
 * A refusal, or a kept file that is gone, ends the upload for good: an `'upload-failed'` notice,
 * then the references become `null`.
 */
export class Uploader {
  readonly #deps: UploaderDeps;
  readonly #gate: RetryGate;
  // Answers known in this session (null: cancelled or failed), for pushes held back on them.
  readonly #settled = new Map<string, UploadAnswer | null>();
  readonly #holds = new Map<string, Array<{ resolve: (a: UploadAnswer | null) => void; reject: (e: MpsyncError) => void }>>();
  readonly #cancelled = new Set<string>();
  // Cancelled uploads that `cancel` is finishing itself: the loop leaves them alone.
  readonly #finishing = new Set<string>();
  readonly #stops: Array<() => void> = [];
  // Accepts between keeping the file and storing its record.
  readonly #accepting = new Set<Promise<void>>();
  #wake: (() => void) | undefined;
  #inFlight: string | undefined;
  #closed = false;
  #loop: Promise<void> = Promise.resolve();

  constructor(deps: UploaderDeps) {
    this.#deps = deps;
    this.#gate = new RetryGate(deps.scheduler, deps.random, deps.backoff);
  }

  /** Starts uploading what the queue holds, and listens for the network, the app and authorization. */
  start(): void {
    const { platform, status } = this.#deps;
    this.#stops.push(
      platform.onNetworkChange((online) => (online ? this.kick() : undefined)),
      platform.onAppShow(() => this.kick()),
      status.subscribe(() => this.#wake?.()),
    );
    this.#count();
    this.#loop = this.#run();
  }

  /** Ends any back-off wait now (network restored, app shown, `syncNow`). */
  kick(): void {
    this.#gate.kick();
    this.#wake?.();
  }

  /**
   * Accepts a file for upload: keeps it with the platform's {@link FileKeeper} and stores the record,
   * both before answering, then answers the pending references.
   *
   * @throws `MpsyncError` `QUOTA_EXCEEDED` (over the platform's saved-file limit), `INVALID_ARGUMENT`
   */
  accept(filePath: string, options: JsonObject, id = this.newId()): Promise<UploadAnswer> {
    const accepting = this.#keep(filePath, options, id);
    // `close` waits for it: the next session's sweep must not find this file kept but not yet named.
    const settled = accepting.then(
      () => undefined,
      () => undefined,
    );
    this.#accepting.add(settled);
    void settled.then(() => this.#accepting.delete(settled));
    return accepting;
  }

  async #keep(filePath: string, options: JsonObject, id: string): Promise<UploadAnswer> {
    const { keeper, queue } = this.#deps;
    const kept = await keeper.save(filePath);
    const record: UploadRecord = {
      id,
      key: queue.nextKey(id),
      keptPath: kept.keptPath,
      size: kept.size,
      options: { ...options, cloudPath: typeof options.cloudPath === 'string' ? options.cloudPath : cloudPathFor(id, kept.keptPath) },
    };
    try {
      await queue.put(record);
    } catch (error) {
      await keeper.remove(kept.keptPath).catch(() => undefined);
      throw error;
    }
    this.#count();
    this.#wake?.();
    return pendingAnswer(id);
  }

  /** A new upload id (24 hex digits). */
  newId(): string {
    return randomHex(this.#deps.random, 24);
  }

  /** Whether upload `id` still waits (so `deleteFile` of its reference cancels it). */
  has(id: string): boolean {
    return this.#deps.queue.get(id) !== undefined && !this.#cancelled.has(id);
  }

  /**
   * Cancels upload `id` (the app deleted the file it named): its references become `null`. When the
   * upload is already under way, the file it made is deleted on the server once it answers.
   */
  async cancel(id: string): Promise<void> {
    if (!this.has(id)) return;
    this.#cancelled.add(id);
    // Under way: the loop ends it once the upload answers (or fails).
    if (this.#inFlight === id) return;
    const record = this.#deps.queue.get(id);
    if (!record) return;
    this.#finishing.add(id);
    try {
      await this.#finish(record, null);
    } finally {
      this.#finishing.delete(id);
    }
  }

  /**
   * RxDB's rows to push, with every pending reference replaced by its upload's real answer: a
   * document holding one waits here until that upload ended, so no other device ever sees a
   * pending reference. A reference to an unknown upload becomes `null`.
   */
  async resolvePush(rows: PushRow[]): Promise<PushRow[]> {
    const out: PushRow[] = [];
    for (const row of rows) {
      const ids = [...new Set(pendingRefsIn(row.newDocumentState.doc).map((p) => p.id))];
      if (ids.length === 0) {
        out.push(row);
        continue;
      }
      const answers = new Map<string, UploadAnswer | null>();
      for (const id of ids) answers.set(id, await this.#answerOf(id));
      const doc = replaceRefs(row.newDocumentState.doc, (id) => answers.get(id) ?? null) as PushRow['newDocumentState']['doc'];
      out.push({ ...row, newDocumentState: { ...row.newDocumentState, doc } });
    }
    return out;
  }

  /** Stops uploading; pushes held back on an upload end with `CLOSED`. The queue stays stored. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const stop of this.#stops) stop();
    this.#gate.kick();
    this.#wake?.();
    for (const holds of this.#holds.values()) for (const h of holds) h.reject(new MpsyncError('CLOSED', 'the client is closed'));
    this.#holds.clear();
    await this.#loop;
    await Promise.all([...this.#accepting]);
  }

  #answerOf(id: string): Promise<UploadAnswer | null> {
    if (this.#settled.has(id)) return Promise.resolve(this.#settled.get(id) ?? null);
    const record = this.#deps.queue.get(id);
    if (record?.answer) return Promise.resolve(record.answer);
    if (!record) return Promise.resolve(null);
    if (this.#closed) return Promise.reject(new MpsyncError('CLOSED', 'the client is closed'));
    return new Promise((resolve, reject) => {
      this.#holds.set(id, [...(this.#holds.get(id) ?? []), { resolve, reject }]);
    });
  }

  #settle(id: string, answer: UploadAnswer | null): void {
    this.#settled.set(id, answer);
    for (const hold of this.#holds.get(id) ?? []) hold.resolve(answer);
    this.#holds.delete(id);
  }

  #count(): void {
    const { count, bytes } = this.#deps.queue.totals();
    this.#deps.status.update({ pendingUploads: count, pendingUploadBytes: bytes });
  }

  // Resolves on the next wake-up (a new upload, a status change, a kick, close).
  #signal(): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = () => {
        this.#wake = undefined;
        resolve();
      };
    });
  }

  async #run(): Promise<void> {
    while (!this.#closed) {
      const next = this.#deps.queue.list().find((r) => !this.#finishing.has(r.id));
      if (next && !next.answer && this.#cancelled.has(next.id)) {
        // Cancelled while an attempt was under way, and that attempt failed: nothing to delete.
        await this.#finish(next, null).catch(() => this.#backOff());
        continue;
      }
      const ready = this.#deps.platform.isOnline() !== false && this.#deps.status.get().authorized && !this.#deps.status.get().paused;
      if (!next || (!next.answer && !ready)) {
        await this.#signal();
        continue;
      }
      try {
        await this.#upload(next);
        this.#gate.succeeded();
      } catch (error) {
        if (this.#closed) return;
        const failure = uploadFailure(error);
        // Once uploaded (the answer is stored), only the patch is left: it is retried, never
        // turned into a failure. A cancelled upload is finished by the next round.
        const uploaded = this.#deps.queue.get(next.id)?.answer !== undefined;
        if (uploaded || this.#cancelled.has(next.id) || isRetryable(failure.code) || failure.code === 'UNAUTHORIZED' || failure.code === 'CLOSED') {
          await this.#backOff();
          continue;
        }
        try {
          await this.#failForGood(next, failure);
        } catch {
          // Storing the notice failed (storage full or broken): wait and try the whole upload again.
          await this.#backOff();
        }
      }
    }
  }

  // After a failure: nothing before the back-off delay has passed, or a kick (network back, app shown).
  #backOff(): Promise<void> {
    this.#gate.failed();
    return this.#gate.hold();
  }

  async #upload(record: UploadRecord): Promise<void> {
    let done = record;
    if (!record.answer) {
      this.#inFlight = record.id;
      try {
        const filePath = await this.#deps.keeper.uploadPath(record.keptPath);
        const answer = answerOf(await this.#deps.file.uploadFile({ ...record.options, filePath }));
        done = { ...record, answer };
        // Durable before anything is patched: after a kill the upload is not made again.
        await this.#deps.queue.put(done);
      } finally {
        this.#inFlight = undefined;
      }
    }
    if (this.#cancelled.has(record.id)) {
      // The app deleted the file while it was being uploaded: delete what the upload made.
      await this.#deps.file.deleteFile(done.answer!.fileId).catch(() => undefined);
      await this.#finish(done, null);
      return;
    }
    await this.#finish(done, done.answer!);
  }

  async #failForGood(record: UploadRecord, failure: MpsyncError): Promise<void> {
    const holder = this.#firstHolder(record.id);
    const pending = pendingAnswer(record.id);
    await this.#deps.report({
      kind: 'upload-failed',
      collection: holder?.collection ?? '',
      docId: holder?.docId ?? null,
      fileId: pending.fileId,
      code: serverCodeOf(failure.cause) ?? failure.code,
      message: `the upload of ${JSON.stringify(record.options.cloudPath)} (${record.size} bytes) failed for good, so the fields that named it were set to null: ${failure.message}`,
    });
    await this.#finish(record, null);
  }

  // Patch the documents, then drop the kept file, then the record: a kill in between repeats only
  // steps that are safe to repeat.
  async #finish(record: UploadRecord, answer: UploadAnswer | null): Promise<void> {
    this.#settle(record.id, answer);
    await patchRefs(this.#deps.engine, this.#deps.collections, record.id, answer);
    await this.#deps.keeper.remove(record.keptPath);
    await this.#deps.queue.remove(record.id);
    this.#cancelled.delete(record.id);
    this.#count();
    this.#wake?.();
  }

  #firstHolder(id: string): { collection: string; docId: JsonValue } | undefined {
    for (const collection of this.#deps.collections) {
      for (const row of this.#deps.engine.rows(collection)) {
        if (!row._deleted && pendingRefsIn(row.doc).some((p) => p.id === id)) return { collection, docId: row.doc._id };
      }
    }
    return undefined;
  }
}
