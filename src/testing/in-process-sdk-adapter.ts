import type { Scheduler } from '../core/scheduler';
import type { ClientExchange, ClientRequest } from '../emulator/in-process';
import type { SdkCall } from '../platform/fetch-sdk-adapter';

/** The part of an in-process emulator the adapter calls (`createInProcessEmulator` from `mpsync/emulator`). */
export interface InProcessEndpoint {
  exchange(request: ClientRequest, wait: (ms: number) => Promise<void>): Promise<ClientExchange>;
}

/** One request and what came of it, as {@link InProcessSdkAdapterOptions.onExchange} reports it. */
export interface ExchangeRecord {
  /** The SDK method, e.g. `serverless.db.default.execute`. */
  readonly method: string;
  /** The request's `params`, parsed. Envelope fields that vary with real time (timestamp, signature, token) are left out. */
  readonly params: unknown;
  /** `'lost'` (the connection broke: `applied` says whether the server applied it) or the answer's status. */
  readonly outcome: 'lost' | number;
  readonly applied: boolean;
  /** The answer's parsed body, when there was one. */
  readonly answer?: unknown;
}

/** Options of {@link inProcessSdkAdapter}. */
export interface InProcessSdkAdapterOptions {
  /** Every hand-over, latency and answer happens in a timer of this scheduler. */
  readonly scheduler: Scheduler;
  /** The code `getAuthCode` returns (which third-party user logs in). Default `mpsync-node-user`. */
  readonly authCode?: string;
  /** Called with every finished request, in the order the SDK sees the answers. */
  readonly onExchange?: (record: ExchangeRecord) => void;
}

/** The platform functions the official SDK needs (its `App` argument). */
export interface InProcessSdkAdapter {
  request(options: SdkCall): void;
  uploadFile(options: SdkCall): void;
  getAuthCode(options: SdkCall): void;
  getFileInfo(options: SdkCall): void;
  getImageInfo(options: SdkCall): void;
}

/** What a request that never reaches the server, or whose answer is lost, reports: what a dead socket reports. */
export const IN_PROCESS_CONNECTION_LOST = 'request:fail in-process connection lost';

/**
 * Platform functions for the unmodified official SDK that hand each request to an in-process
 * emulator instead of a socket. The request is handed over, delayed (injected latency), applied
 * and answered in timers of `options.scheduler`, so with a deterministic scheduler the order in
 * which requests from many SDK instances are applied and answered depends on nothing but the
 * program: one seed replays one interleaving. A dropped request or answer, or an offline spell,
 * reaches the SDK as a failed request, as a broken connection does. Uploads are not supported.
 *
 * @example fragment
 * const emulator = await createInProcessEmulator();
 * const network = virtualScheduler();
 * const mp = new MPServerless(inProcessSdkAdapter(emulator, { scheduler: network }), { appId: 'app',
 *   spaceId: emulator.spaceId, clientSecret: emulator.clientSecret, endpoint: emulator.endpoint });
 * await mp.init({ authType: 'anonymous' });
 */
export function inProcessSdkAdapter(emulator: InProcessEndpoint, options: InProcessSdkAdapterOptions): InProcessSdkAdapter {
  const { scheduler } = options;
  const wait = (ms: number) => new Promise<void>((resolve) => scheduler.setTimer(resolve, ms));
  const deliver = (o: SdkCall, result: Record<string, unknown>) => scheduler.setTimer(() => o.complete(result), 0);
  const unsupported = (name: string) => (o: SdkCall) => deliver(o, { err: `${name}:fail not available over the in-process transport` });
  return {
    request(o) {
      const body = typeof o.data === 'string' ? o.data : JSON.stringify(o.data ?? {});
      const request: ClientRequest = { body, headers: stringHeaders(o.headers ?? o.header) };
      scheduler.setTimer(() => {
        emulator
          .exchange(request, wait)
          .catch((): ClientExchange => ({ kind: 'lost', applied: false }))
          .then((exchange) => {
            options.onExchange?.(recordOf(body, exchange));
            if (exchange.kind === 'lost') return deliver(o, { errMsg: IN_PROCESS_CONNECTION_LOST });
            const data = parseMaybeJson(exchange.body);
            return deliver(o, { data, status: exchange.status, statusCode: exchange.status, headers: { 'content-type': 'application/json; charset=utf-8' } });
          })
          .catch(() => undefined);
      }, 0);
    },
    uploadFile: unsupported('uploadFile'),
    getAuthCode(o) {
      deliver(o, { authCode: options.authCode ?? 'mpsync-node-user' });
    },
    getFileInfo: unsupported('getFileInfo'),
    getImageInfo: unsupported('getImageInfo'),
  };
}

function recordOf(body: string, exchange: ClientExchange): ExchangeRecord {
  const envelope = parseMaybeJson(body) as { method?: unknown; params?: unknown } | undefined;
  const params = typeof envelope?.params === 'string' ? parseMaybeJson(envelope.params) : envelope?.params;
  const method = typeof envelope?.method === 'string' ? envelope.method : '';
  if (exchange.kind === 'lost') return { method, params, outcome: 'lost', applied: exchange.applied };
  return { method, params, outcome: exchange.status, applied: exchange.status === 200, answer: parseMaybeJson(exchange.body) };
}

function stringHeaders(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) out[k] = String(v);
  return out;
}

function parseMaybeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
