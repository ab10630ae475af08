/**
 * Runs async tasks one at a time, in call order. A failed task does not stop the ones after it.
 *
 * @example fragment
 * const queue = new SerialQueue();
 * await Promise.all([queue.run(a), queue.run(b)]); // b starts after a settled
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<R>(task: () => Promise<R>): Promise<R> {
    const result = this.#tail.then(task, task);
    this.#tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves when every task queued so far has settled. */
  idle(): Promise<void> {
    return this.#tail.then(() => undefined);
  }
}
