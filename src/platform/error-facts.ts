/**
 * What a failed SDK call carries that a platform can classify, gathered from every shape the
 * official SDK throws: an `Error` (`request:fail …` on WeChat, `InterfaceRequestError` with
 * "错误码 N" on Alipay and DingTalk), the wrapper `{ body, error, status, headers }` it rejects
 * with when an authorization call fails, or a raw platform payload (`{ errMsg, errno }`,
 * `{ error: 12 }`) handed over by an app.
 */
export interface ErrorFacts {
  /** Every message and `errMsg` found, outermost first. */
  readonly texts: readonly string[];
  /** `code` properties found (`InterfaceRequestError`, `UnauthorizedError`, …). */
  readonly codes: readonly string[];
  /** `name` properties found (`TypeError`, `TimeoutError`, …). */
  readonly names: readonly string[];
  /** WeChat's numeric `errno`, when a raw payload carries one. */
  readonly errno: number | undefined;
  /**
   * The Alipay/DingTalk request error number: a raw payload's numeric `error`, or the N of the
   * SDK's "错误码 N" message on an `InterfaceRequestError`.
   */
  readonly requestError: number | undefined;
}

const MAX_DEPTH = 4;

/**
 * Collects the {@link ErrorFacts} of whatever an SDK call threw.
 *
 * @example
 * errorFacts({ body: {}, error: new Error('request:fail timeout'), status: undefined, headers: {} }).texts; // ['request:fail timeout']
 */
export function errorFacts(error: unknown): ErrorFacts {
  const texts: string[] = [];
  const codes: string[] = [];
  const names: string[] = [];
  let errno: number | undefined;
  let requestError: number | undefined;
  const visit = (value: unknown, depth: number): void => {
    if (typeof value === 'string') {
      texts.push(value);
      return;
    }
    if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return;
    const v = value as { message?: unknown; errMsg?: unknown; code?: unknown; name?: unknown; errno?: unknown; error?: unknown; cause?: unknown };
    for (const text of [v.message, v.errMsg]) if (typeof text === 'string' && text !== '') texts.push(text);
    if (typeof v.code === 'string') codes.push(v.code);
    if (typeof v.name === 'string') names.push(v.name);
    if (errno === undefined && typeof v.errno === 'number') errno = v.errno;
    if (requestError === undefined && isErrorNumber(v.error)) requestError = Number(v.error);
    // The wrapper of a failed authorization keeps the real error under `error`.
    if (typeof v.error === 'object' && v.error !== null) visit(v.error, depth + 1);
    if (v.cause !== undefined) visit(v.cause, depth + 1);
  };
  visit(error, 0);
  if (requestError === undefined && codes.includes('InterfaceRequestError')) {
    for (const text of texts) {
      const found = /错误码\s*(\d+)/.exec(text);
      if (found) {
        requestError = Number(found[1]);
        break;
      }
    }
  }
  return { texts, codes, names, errno, requestError };
}

/**
 * Whether one of the texts is a platform API failure (`request:fail …`, `uploadFile:fail …`,
 * `createRequestTask:fail …`) matching `pattern`. Restricting text rules to API failures keeps a
 * server message that merely mentions "timeout" from being read as a network timeout.
 *
 * @example
 * apiFailureMatches(errorFacts(new Error('request:fail 请求超时。')), /超时/); // true
 */
export function apiFailureMatches(facts: ErrorFacts, pattern: RegExp): boolean {
  return facts.texts.some((text) => /[A-Za-z]+:fail/.test(text) && pattern.test(text));
}

// Alipay sends numbers; a string of digits is accepted too because the SDK itself parses with parseInt.
function isErrorNumber(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0;
  return typeof value === 'string' && /^\d+$/.test(value) && Number(value) > 0;
}
