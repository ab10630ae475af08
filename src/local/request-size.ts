import type { Doc } from '../core/json';
import { utf8Bytes } from '../store/batch';

/**
 * The largest request body the service accepts, in bytes (4 MiB; the emulator's `maxBodyBytes`
 * default). A larger write is refused with {@link REQUEST_TOO_LARGE} and retrying cannot help.
 */
export const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

/** The code the service answers a too large request with; a local write that could not be sent gets it too. */
export const REQUEST_TOO_LARGE = 'RequestTooLarge';

// Room in a request for what travels beside the document: the envelope (space, method, token,
// timestamp), the command and collection, the `_id` in the filter, and mpsync's `_v`/`_vh`/`_mt`.
const ENVELOPE_BYTES = 16 * 1024;

/**
 * A write refused locally because the request that would carry it to the server is over
 * {@link MAX_REQUEST_BYTES}: offline it fails as the SDK's call fails online, with a `code` and a
 * `message` as own enumerable properties. Nothing was written.
 *
 * @example
 * try { await todos.insertOne({ photo: hugeBase64 }); } catch (e) { if (e.code === 'RequestTooLarge') shrink(); }
 */
export class RequestTooLargeError extends Error {
  declare readonly code: typeof REQUEST_TOO_LARGE;

  constructor(message: string) {
    super(message);
    this.name = 'RequestTooLargeError';
    Object.defineProperty(this, 'code', { value: REQUEST_TOO_LARGE, enumerable: true, writable: true, configurable: true });
  }
}

/**
 * Throws {@link RequestTooLargeError} when `doc` cannot reach the server in one request: the SDK
 * sends it as JSON text inside the JSON body, so it is measured as that twice-encoded text in UTF-8.
 */
export function checkRequestSize(coll: string, doc: Doc): void {
  const budget = MAX_REQUEST_BYTES - ENVELOPE_BYTES;
  const json = JSON.stringify(doc);
  // Escaping at most sextuples a character (`\u0001`); most documents are far below the budget.
  if (json.length * 6 + 2 <= budget / 3) return;
  const bytes = utf8Bytes(JSON.stringify(json));
  if (bytes > budget) {
    throw new RequestTooLargeError(
      `the document ${JSON.stringify(doc._id)} of ${coll} takes ${bytes} bytes on the wire, more than the ${budget} a request leaves for it (requests are limited to ${MAX_REQUEST_BYTES} bytes); nothing was written`,
    );
  }
}
