/**
 * Pieces the stand-ins of `my`, `wx`, `dd` and `window` share: a key-value store that measures
 * and limits like the runtimes document (reference miniprogram-platforms.md §1.2), listener lists
 * with the runtimes' `on`/`off` semantics (§2.1, §2.2), and an HTTP layer that carries requests
 * to a server over real loopback HTTP, fails them the way a test says, holds them, or cancels the
 * ones in flight (§2.4).
 */

export const KB = 1024;
export const MB = 1024 * 1024;

const utf8 = (text: string): number => new TextEncoder().encode(text).length;

/** What every stand-in world lets a test do. */
export interface StandInControls {
  /** Switches the network; `type` is spelled the way the runtime spells it (`wifi`, `WIFI`, `Wi-Fi`, `NOTREACHABLE`, …). */
  setNetwork(type: string): void;
  /** The app goes to the background. */
  hide(): void;
  /** The app comes back. */
  show(): void;
  /** The app's own data fills the store until at most `leaveBytes` are free. */
  fillStorage(leaveBytes?: number): void;
  /** Removes what {@link fillStorage} added. */
  freeStorage(): void;
  /** How many runtime listeners are registered for an event. */
  listenerCount(event: 'network' | 'appShow' | 'appHide'): number;
  /** Answers requests without the network: `answer` returns the JSON body, or `undefined` to go on to the network. */
  respondWith(answer: ((request: SentRequest) => unknown) | undefined): void;
}

/** The controls of a mini-program stand-in. */
export interface MiniProgramControls extends StandInControls {
  /** The next request fails with this platform payload before reaching the network. */
  failNextRequest(payload: Record<string, unknown>): void;
}

/** One stored entry: the value as given and its size as counted against the quota. */
interface Entry {
  readonly data: unknown;
  readonly bytes: number;
}

/**
 * A key-value store with a total limit: every entry counts its key and its JSON-serialised value
 * in UTF-8 bytes; `info()` reports sizes in KB as `getStorageInfoSync` does.
 */
export class StandInStore {
  readonly #entries = new Map<string, Entry>();
  readonly limitBytes: number;
  #used = 0;
  #fillers = 0;

  constructor(limitBytes = 10 * MB) {
    this.limitBytes = limitBytes;
  }

  /** Bytes of the value alone, serialised, in UTF-8. */
  static valueBytes(data: unknown): number {
    return utf8(JSON.stringify(data) ?? '');
  }

  has(key: string): boolean {
    return this.#entries.has(key);
  }

  get(key: string): unknown {
    const entry = this.#entries.get(key);
    return entry === undefined ? undefined : structuredClone(entry.data);
  }

  /** Whether `data` under `key` fits in the total. */
  fits(key: string, data: unknown): boolean {
    const old = this.#entries.get(key)?.bytes ?? 0;
    return this.#used - old + utf8(key) + StandInStore.valueBytes(data) <= this.limitBytes;
  }

  put(key: string, data: unknown): void {
    const bytes = utf8(key) + StandInStore.valueBytes(data);
    this.#used += bytes - (this.#entries.get(key)?.bytes ?? 0);
    this.#entries.set(key, { data: structuredClone(data), bytes });
  }

  remove(key: string): void {
    this.#used -= this.#entries.get(key)?.bytes ?? 0;
    this.#entries.delete(key);
  }

  keys(): string[] {
    return [...this.#entries.keys()];
  }

  info(): { keys: string[]; currentSize: number; limitSize: number } {
    return { keys: this.keys(), currentSize: Math.ceil(this.#used / KB), limitSize: Math.floor(this.limitBytes / KB) };
  }

  /** Adds app entries of at most `pieceBytes` each until at most `leaveBytes` are free. */
  fill(leaveBytes: number, pieceBytes: number): void {
    for (;;) {
      const key = `app:filler:${this.#fillers}`;
      const free = this.limitBytes - this.#used - leaveBytes;
      const room = Math.min(pieceBytes, free - utf8(key) - 2);
      if (room <= 0) return;
      this.put(key, 'x'.repeat(room));
      this.#fillers++;
    }
  }

  free(): void {
    for (const key of this.keys()) if (key.startsWith('app:filler:')) this.remove(key);
  }
}

/** Listeners of one runtime event: `off(fn)` removes only that very function, `off()` all of them. */
export class Listeners<A extends unknown[]> {
  #list: ((...args: A) => void)[] = [];

  on(fn: (...args: A) => void): void {
    this.#list.push(fn);
  }

  off(fn?: (...args: A) => void): void {
    if (fn === undefined) {
      this.#list = [];
      return;
    }
    const at = this.#list.indexOf(fn);
    if (at >= 0) this.#list.splice(at, 1);
  }

  emit(...args: A): void {
    for (const fn of [...this.#list]) fn(...args);
  }

  get size(): number {
    return this.#list.length;
  }
}

/** An answer a {@link StandInHttp.respondWith} responder gives with an HTTP status other than 200. */
export class HttpAnswer {
  readonly status: number;
  readonly body: unknown;

  constructor(status: number, body: unknown) {
    this.status = status;
    this.body = body;
  }
}

/** A request as the stand-in sends it over HTTP. */
export interface SentRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
  /** The request as the caller passed it (to check option names and shapes). */
  readonly options: Readonly<Record<string, unknown>>;
}

/** How a request ended: an HTTP answer, or a platform failure payload. */
export type Outcome =
  | { readonly kind: 'answer'; readonly status: number; readonly headers: Record<string, string>; readonly text: string }
  | { readonly kind: 'fail'; readonly payload: Record<string, unknown> };

/** The payloads a runtime fails requests with when offline or timed out. */
export interface FailurePayloads {
  readonly offline: Record<string, unknown>;
  readonly timeout: Record<string, unknown>;
}

interface InFlight {
  cancel(payload: Record<string, unknown>): void;
}

/** Carries stand-in requests: scripted failures, held requests, cancellation, then real HTTP. */
export class StandInHttp {
  readonly #payloads: FailurePayloads;
  readonly #offline: () => boolean;
  readonly #failures: Record<string, unknown>[] = [];
  readonly #inFlight = new Set<InFlight>();
  readonly #held: (() => void)[] = [];
  readonly #arrivals: ((request: SentRequest) => void)[] = [];
  #holding = false;
  #responder: ((request: SentRequest) => unknown) | undefined;
  /** Every request sent so far. */
  readonly sent: SentRequest[] = [];

  constructor(payloads: FailurePayloads, offline: () => boolean) {
    this.#payloads = payloads;
    this.#offline = offline;
  }

  failNext(payload: Record<string, unknown>): void {
    this.#failures.push(payload);
  }

  respondWith(answer: ((request: SentRequest) => unknown) | undefined): void {
    this.#responder = answer;
  }

  /** Requests wait (in flight) until {@link release}. */
  hold(): void {
    this.#holding = true;
  }

  release(): void {
    this.#holding = false;
    for (const start of this.#held.splice(0)) start();
  }

  /** Resolves with the next request sent. */
  nextRequest(): Promise<SentRequest> {
    return new Promise((resolve) => this.#arrivals.push(resolve));
  }

  /** Fails every request in flight with `payload`, as a network switch or suspension does. */
  cancelInFlight(payload: Record<string, unknown>): void {
    for (const request of [...this.#inFlight]) request.cancel(payload);
  }

  send(request: SentRequest, timeoutMs: number): Promise<Outcome> {
    this.sent.push(request);
    return new Promise<Outcome>((resolve) => {
      const abort = new AbortController();
      let settled = false;
      const settle = (outcome: Outcome) => {
        if (settled) return;
        settled = true;
        this.#inFlight.delete(entry);
        resolve(outcome);
      };
      const entry: InFlight = {
        cancel: (payload) => {
          abort.abort();
          settle({ kind: 'fail', payload });
        },
      };
      this.#inFlight.add(entry);
      const start = () => {
        if (settled) return;
        const failure = this.#failures.shift();
        if (failure) return settle({ kind: 'fail', payload: failure });
        if (this.#offline()) return settle({ kind: 'fail', payload: this.#payloads.offline });
        const answer = this.#responder?.(request);
        if (answer instanceof HttpAnswer)
          return settle({ kind: 'answer', status: answer.status, headers: { 'content-type': 'application/json' }, text: JSON.stringify(answer.body) });
        if (answer !== undefined) return settle({ kind: 'answer', status: 200, headers: { 'content-type': 'application/json' }, text: JSON.stringify(answer) });
        const timer = setTimeout(() => entry.cancel(this.#payloads.timeout), timeoutMs);
        fetch(request.url, { method: request.method, headers: request.headers, body: request.body ?? null, signal: abort.signal })
          .then(async (response) =>
            settle({ kind: 'answer', status: response.status, headers: Object.fromEntries(response.headers), text: await response.text() }),
          )
          .catch(() => settle({ kind: 'fail', payload: this.#payloads.offline }))
          .finally(() => clearTimeout(timer));
      };
      for (const arrived of this.#arrivals.splice(0)) arrived(request);
      if (this.#holding) this.#held.push(start);
      else queueMicrotask(start);
    });
  }
}

/** Calls the `success`/`fail` and then the `complete` callback of a runtime API call. */
export function callBack(options: Readonly<Record<string, unknown>>, ok: boolean, result: Record<string, unknown>): void {
  const call = (name: string) => {
    const fn = options[name];
    if (typeof fn === 'function') (fn as (r: Record<string, unknown>) => void)(result);
  };
  call(ok ? 'success' : 'fail');
  call('complete');
}

/** Parses JSON or returns `undefined`. */
export function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** Header names and values as strings. */
export function stringHeaders(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}
