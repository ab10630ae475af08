/**
 * The codes of {@link MpsyncError}, the one error class mpsync throws for its own failures.
 * The list is closed: an app can `switch` over it. Database command errors keep the codes the
 * server uses (see `DbErrorCode`), and the SDK's client-side checks keep `ValidationFailed`, so a
 * call fails the same way offline as online.
 */
export const ErrorCode = {
  /** The network is unavailable or the request did not get through. Retryable. */
  OFFLINE: 'OFFLINE',
  /** A request took too long. Retryable. */
  TIMEOUT: 'TIMEOUT',
  /** The server is throttling or temporarily failing. Retryable. */
  UNAVAILABLE: 'UNAVAILABLE',
  /** The user is not (or no longer) authorized, and authorizing again failed. */
  UNAUTHORIZED: 'UNAUTHORIZED',
  /** The server refused the request (permissions, invalid data); sending it again will not help. */
  REJECTED: 'REJECTED',
  /** Local storage is full; the write was not applied and nothing stored was lost. */
  QUOTA_EXCEEDED: 'QUOTA_EXCEEDED',
  /** Local storage failed to read or write; the write was not applied. */
  STORAGE_FAILED: 'STORAGE_FAILED',
  /**
   * Local storage is damaged: records it once held are missing or unreadable (a log line that is not
   * a commit, a deleted or emptied file beside a replication state that knows its documents, a
   * cached row without its document, a mini-program store in the old layout whose head is gone
   * while record entries remain). Nothing was opened, so nothing stored is dropped or overwritten,
   * and nothing syncs as if it had never been written; the message names what is damaged. Restore the data from a backup, or remove it to start over from the server (unconfirmed
   * writes in it are then lost).
   */
  STORAGE_CORRUPT: 'STORAGE_CORRUPT',
  /**
   * Local storage is held by another client that cannot share it (on the web: a tab whose client
   * was opened with other options, or a client that does not share tabs, on the same IndexedDB
   * database — docs/tabs.md; on Node: another process on the same data folder); nothing was read
   * or written. Close that client's storage, or use another database or folder.
   */
  STORAGE_IN_USE: 'STORAGE_IN_USE',
  /**
   * Not a failure of the round: documents whose `_mt` stamp lies in the future (a client wrote it,
   * the server did not) were pulled, but the pull cursor stays before them so they cannot hide other
   * changes. Reported in `status().lastError` while such documents exist; a write through mpsync
   * (or any `$currentDate` of `_mt`) restamps them.
   */
  FUTURE_STAMP: 'FUTURE_STAMP',
  /** An option or argument is invalid (the message says which). */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  /**
   * The app paused syncing (`client.pause()`): `syncNow()` rejects with it until `client.resume()`.
   * Not a failure: local reads and writes go on, and `status().lastError` does not show it.
   */
  PAUSED: 'PAUSED',
  /** The client was closed; no more calls are accepted. */
  CLOSED: 'CLOSED',
  /** A bug in mpsync. Please report it with the message. */
  INTERNAL: 'INTERNAL',
} as const;

/** One of the {@link ErrorCode} values. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const RETRYABLE: ReadonlySet<ErrorCode> = new Set([ErrorCode.OFFLINE, ErrorCode.TIMEOUT, ErrorCode.UNAVAILABLE]);

/**
 * True when the same call may succeed if tried again later, without any change by the app.
 *
 * @example
 * try { await client.syncNow(); } catch (e) { if (e instanceof MpsyncError && isRetryable(e.code)) later(); }
 */
export function isRetryable(code: ErrorCode): boolean {
  return RETRYABLE.has(code);
}

/**
 * An mpsync failure with a stable {@link ErrorCode}.
 *
 * @example
 * throw new MpsyncError('QUOTA_EXCEEDED', 'the mini-program storage is full (10 MB)');
 */
export class MpsyncError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MpsyncError';
    this.code = code;
  }
}
