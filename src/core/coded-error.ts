/** The `error` of a failed answer on the wire: `{ success: false, error: { code, message } }`. */
export interface ErrorBody<C extends string = string> {
  readonly code: C;
  readonly message: string;
}

/**
 * An error with a stable `code` whose wire form is an {@link ErrorBody}: the one shape the
 * client's `DbError` and the emulator's `EmulatorError` share, so both serialise alike.
 *
 * @example
 * class DbError extends CodedError<DbErrorCode> {}
 */
export abstract class CodedError<C extends string> extends Error {
  readonly code: C;

  constructor(code: C, message: string) {
    super(message);
    this.code = code;
  }

  /** The wire form: the `error` object of a failed answer. */
  toJSON(): ErrorBody<C> {
    return { code: this.code, message: this.message };
  }
}
