/** A subscriber's callbacks; all optional. */
export interface Observer<T> {
  next?(value: T): void;
  error?(error: unknown): void;
  complete?(): void;
}

/** What `subscribe` returns. */
export interface Subscription {
  unsubscribe(): void;
  readonly closed: boolean;
}

// RxJS and other libraries find an observable under Symbol.observable when the runtime has it,
// else under the string '@@observable'; mini-program runtimes have neither polyfilled.
const OBSERVABLE_KEY: symbol | string =
  typeof Symbol === 'function' && (Symbol as { observable?: symbol }).observable ? ((Symbol as { observable?: symbol }).observable as symbol) : '@@observable';

/**
 * A minimal push stream: `subscribe(fn)` or `subscribe({ next, error, complete })` returns
 * `{ unsubscribe }`. It interoperates with RxJS (`from(observable)`) through `Symbol.observable` /
 * `'@@observable'` without making RxJS part of the app's code.
 *
 * @example
 * const sub = client.db.collection('todos').watch({ done: false }).subscribe((snap) => render(snap.docs));
 * sub.unsubscribe();
 */
export class LiveObservable<T> {
  readonly #start: (observer: Required<Observer<T>>) => () => void;

  /** @param start - begins producing for one subscriber and returns the function that stops it */
  constructor(start: (observer: Required<Observer<T>>) => () => void) {
    this.#start = start;
    (this as unknown as Record<string | symbol, unknown>)[OBSERVABLE_KEY] = () => this;
  }

  subscribe(observerOrNext?: Observer<T> | ((value: T) => void)): Subscription {
    const target: Observer<T> = typeof observerOrNext === 'function' ? { next: observerOrNext } : (observerOrNext ?? {});
    let closed = false;
    // Filled once the producer has started; an error during start ends the subscription before it is set.
    const producer: { stop?: () => void } = {};
    const end = () => {
      if (closed) return;
      closed = true;
      producer.stop?.();
    };
    // Calls stop the moment the subscription ends: nothing reaches an unsubscribed observer.
    const guarded: Required<Observer<T>> = {
      next: (value) => {
        if (!closed) target.next?.(value);
      },
      error: (error) => {
        if (closed) return;
        end();
        target.error?.(error);
      },
      complete: () => {
        if (closed) return;
        end();
        target.complete?.();
      },
    };
    const stop = this.#start(guarded);
    producer.stop = stop;
    if (closed) stop();
    return {
      unsubscribe: end,
      get closed() {
        return closed;
      },
    };
  }
}
