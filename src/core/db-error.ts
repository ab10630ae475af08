import { CodedError } from './coded-error';

/**
 * Error codes of database commands. The emulator sends them on the wire as
 * `{ success: false, error: { code, message } }`, and mpsync's local evaluator throws the same
 * codes, so an app sees one error whether a call was answered by the cloud or offline.
 * Each code is documented in `docs/emulator.md`.
 */
export const DbErrorCode = {
  /** An argument is missing or has the wrong type (`doc` not an object, `limit` negative, ...). */
  InvalidParameter: 'InvalidParameter',
  /** A query, update, projection or pipeline operator that does not exist or is not supported. */
  InvalidOperator: 'InvalidOperator',
  /** A well-formed request that MongoDB would refuse: changing `_id`, two updates of one path, `$inc` on a string. */
  BadValue: 'BadValue',
  /** A write would create a second document with an existing `_id`. Nothing was written. */
  DuplicateKey: 'DuplicateKey',
  /** `command` names no database command. */
  CommandNotFound: 'CommandNotFound',
  /** The transaction id is unknown, already ended, or expired. */
  TransactionNotFound: 'TransactionNotFound',
  /** The command may not run inside a transaction (the SDK's own rule). */
  TransactionCommandNotSupported: 'TransactionCommandNotSupported',
  /** Another write changed a document this transaction also wrote; the transaction was aborted. */
  WriteConflict: 'WriteConflict',
  /** The command ran past its time budget (the emulator's `commandTimeMs`) and was stopped; nothing was applied. */
  ExceededTimeLimit: 'ExceededTimeLimit',
  /** The command would compute arrays or strings larger than the documented limits; nothing was applied. */
  ExceededMemoryLimit: 'ExceededMemoryLimit',
} as const;

/** One of the {@link DbErrorCode} values. */
export type DbErrorCode = (typeof DbErrorCode)[keyof typeof DbErrorCode];

/**
 * A database command failed. `code` is stable; `message` is for people.
 *
 * @example
 * throw new DbError(DbErrorCode.DuplicateKey, 'E11000 duplicate key error: _id "a"');
 */
export class DbError extends CodedError<DbErrorCode> {
  constructor(code: DbErrorCode, message: string) {
    super(code, message);
    this.name = 'DbError';
  }
}

/** Shorthand for `new DbError(DbErrorCode.InvalidParameter, message)`. */
export function invalidParameter(message: string): DbError {
  return new DbError(DbErrorCode.InvalidParameter, message);
}
