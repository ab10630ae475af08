import { AsyncLocalStorage } from 'node:async_hooks';

/** Called with an error a cloud function raised outside its own promise chain. */
export type FailureSink = (error: unknown) => void;

// The invocation a piece of asynchronous work belongs to: AsyncLocalStorage follows timers,
// promises and I/O callbacks, and its store is still readable in the uncaughtException handler.
const scope = new AsyncLocalStorage<FailureSink>();
let holders = 0;

/**
 * Runs `fn` (a cloud function call) so that an exception it throws later, outside the promise it
 * returned — in a `setTimeout` callback, an unawaited rejected promise — goes to `sink` instead of
 * ending the emulator process.
 *
 * @example fragment
 * runAttributed((error) => reject(error), () => fn(args, context));
 */
export function runAttributed<T>(sink: FailureSink, fn: () => T): T {
  return scope.run(sink, fn);
}

/**
 * Starts routing uncaught exceptions of cloud functions to their invocations (while at least one
 * emulator serves functions). Returns the function that stops it.
 *
 * @example
 * const release = catchFunctionFailures();
 * // ... serve; then, when the emulator stops:
 * release();
 */
export function catchFunctionFailures(): () => void {
  if (holders++ === 0) process.on('uncaughtException', onUncaught);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders === 0) process.removeListener('uncaughtException', onUncaught);
  };
}

function onUncaught(error: unknown): void {
  const sink = scope.getStore();
  if (sink) {
    sink(error);
    return;
  }
  // Not a cloud function's: when nobody else listens, end the process as Node would have.
  if (process.listenerCount('uncaughtException') === 1) {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  }
}
