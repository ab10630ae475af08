import type { JsonObject } from '../core/json';
import type { DbAnswer } from '../query/commands';

/**
 * What a client offers, beyond the app's `SyncClient`, to the code that lets other tabs of a web
 * app share it (`src/tabs/`): running a collection command sent by another tab, with the request
 * id that makes a re-sent write run once (`LocalEngine.execute`; none for the tab's own calls).
 * The answer is in wire form.
 */
export interface ForwardedCalls {
  execute(coll: string, command: string, params: JsonObject, request?: string): Promise<DbAnswer>;
}

// Kept beside the client object rather than on it, so the app-facing `SyncClient` stays as it is.
const registry = new WeakMap<object, ForwardedCalls>();

/** Records the forwarded-call entry point of `client` (done once, by `openSyncClient`). */
export function registerForwardedCalls(client: object, calls: ForwardedCalls): void {
  registry.set(client, calls);
}

/**
 * The forwarded-call entry point of a client opened by `openSyncClient`, or `undefined` for any
 * other object.
 *
 * @example
 * const calls = forwardedCalls(client);
 * await calls?.execute('todos', 'updateOne', { filter: { _id: 'a' }, update: { $inc: { n: 1 } } }, 'tab-1:7');
 */
export function forwardedCalls(client: object): ForwardedCalls | undefined {
  return registry.get(client);
}
