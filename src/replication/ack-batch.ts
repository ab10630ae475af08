/** The server confirmed state `v` of a document: its pending writes up to that state are done. */
export interface Ack {
  readonly coll: string;
  readonly key: string;
  readonly v: string;
}

/**
 * Gathers the confirmations of a push and commits them together: RxDB reports each pushed
 * document on its own, and a storage commit per document made a push of 1,000 writes commit 1,000
 * times. A confirmation may be committed only once RxDB has recorded the pushed state (`after`), or
 * the clearing itself would look like a new change to push; confirmations that wait for the same
 * moment are committed in one write.
 *
 * @example fragment
 * const acks = new AckBatch((list) => engine.acknowledgeAll(list), (error) => report(error));
 * replication.sent$.subscribe((row) => acks.add(state.streamQueue.up, { coll: row.coll, key: row.key, v: row.v }));
 */
export class AckBatch {
  readonly #commit: (acks: readonly Ack[]) => Promise<void>;
  readonly #onError: (error: unknown) => void;
  // Confirmations by the moment they wait for; each moment flushes its group once.
  readonly #groups = new Map<Promise<unknown>, Ack[]>();

  constructor(commit: (acks: readonly Ack[]) => Promise<void>, onError: (error: unknown) => void) {
    this.#commit = commit;
    this.#onError = onError;
  }

  /**
   * Commits `ack` (with the others waiting for the same moment) once `after` has resolved; when
   * `after` rejects, nothing is committed and the failure goes to `onError`.
   */
  add(after: Promise<unknown>, ack: Ack): void {
    const group = this.#groups.get(after);
    if (group) {
      group.push(ack);
      return;
    }
    const acks = [ack];
    this.#groups.set(after, acks);
    after
      .finally(() => this.#groups.delete(after))
      .then(() => this.#commit(acks))
      .catch((error: unknown) => this.#onError(error));
  }
}
