/**
 * The runtime object (`my`, `dd`) as the official SDK should get it. Alipay's typings, its FAQ and
 * DingTalk fail an HTTP 4xx/5xx answer with `{ error: 19, errorMessage: 'http status error' }`
 * instead of answering it; the SDK then throws "错误码 19" and the server's own answer is lost: an
 * expired token is not renewed (the SDK re-authorizes only when it sees the server's
 * `GATEWAY_INVALID_TOKEN`), and a refusal is retried as if the server were unavailable. Where the
 * runtime attaches the answer to the failure (`status` and `data`), this hands it to the SDK as
 * the answer it is, so the SDK and mpsync classify it from the server's error. A failure without
 * the answer is passed on unchanged (mpsync retries it as `UNAVAILABLE`).
 */

/** What a request call gets: its callbacks and anything else, passed on untouched. */
type RequestOptions = Record<string, unknown> & {
  success?: (answer: unknown) => void;
  fail?: (error: unknown) => void;
  complete?: (result: unknown) => void;
};

/** The runtime's request function, `my.request` or `dd.httpRequest`. */
type RequestFunction = (options: RequestOptions) => unknown;

/** Alipay's and DingTalk's code for an HTTP error status. */
const HTTP_STATUS_ERROR = 19;
/** The request functions the official SDK calls (`App.request || App.httpRequest`). */
const REQUEST_NAMES = ['request', 'httpRequest'] as const;

/**
 * The runtime object for `new MPServerless(...)`: everything as on `api`, except that a request
 * failed for its HTTP status with the server's answer attached reaches the SDK as that answer.
 * `api` itself is not changed.
 *
 * @example
 * const mpServerless = new MPServerless(sdkRuntime(my), { appId, spaceId, clientSecret, endpoint });
 */
export function sdkRuntime<T extends object>(api: T): T {
  const runtime = Object.create(api) as T;
  for (const name of REQUEST_NAMES) {
    const original = (api as Record<string, unknown>)[name];
    if (typeof original !== 'function') continue;
    const request: RequestFunction = (options) => {
      // The answer is decided once, in whichever callback the runtime calls first.
      let decided: { ok: boolean; result: unknown } | undefined;
      const decide = (result: unknown, ok: boolean) => (decided ??= ok ? { ok, result } : (answerOf(result) ?? { ok, result }));
      return (original as RequestFunction).call(api, {
        ...options,
        success: (answer: unknown) => {
          const { ok, result } = decide(answer, true);
          (ok ? options.success : options.fail)?.(result);
        },
        fail: (error: unknown) => {
          const { ok, result } = decide(error, false);
          (ok ? options.success : options.fail)?.(result);
        },
        complete: (result: unknown) => {
          // A runtime that calls only `complete` (or calls it first) is decided from its shape.
          options.complete?.(decide(result, !isFailure(result)).result);
        },
      });
    };
    Object.defineProperty(runtime, name, { value: request, enumerable: true, configurable: true, writable: true });
  }
  return runtime;
}

// The answer inside an HTTP-status failure, shaped as the runtime's success answer; `undefined`
// when the failure is something else or carries no answer.
function answerOf(error: unknown): { ok: true; result: unknown } | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { error?: unknown; status?: unknown; statusCode?: unknown; data?: unknown; headers?: unknown; header?: unknown };
  if (Number(e.error) !== HTTP_STATUS_ERROR) return undefined;
  const status = typeof e.status === 'number' ? e.status : e.statusCode;
  if (typeof status !== 'number' || e.data === undefined || e.data === null || e.data === '') return undefined;
  const headers = typeof e.headers === 'object' && e.headers !== null ? e.headers : typeof e.header === 'object' && e.header !== null ? e.header : {};
  return { ok: true, result: { data: e.data, status, headers, statusCode: status, header: headers } };
}

function isFailure(result: unknown): boolean {
  return typeof result === 'object' && result !== null && (result as { error?: unknown }).error !== undefined;
}
