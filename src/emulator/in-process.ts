import type { Emulator } from './create-emulator';
import { openEmulatorServices } from './emulator-services';
import { GatewayErrorCode } from './errors';
import type { EmulatorOptions } from './options';

/** One `POST /client` request as the SDK's platform `request` function receives it. */
export interface ClientRequest {
  /** The request body, exactly as it would go over the wire. */
  readonly body: string;
  /** Request headers (the SDK sends the signature as `x-serverless-sign`). */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * What became of one in-process request: `'lost'` means the caller sees a broken connection
 * (injected `offline`, `dropRequestRate` — nothing applied — or `dropResponseRate` — applied, the
 * answer lost); otherwise the HTTP status and body the server would have sent.
 */
export type ClientExchange = { readonly kind: 'lost'; readonly applied: boolean } | { readonly kind: 'answer'; readonly status: number; readonly body: string };

/**
 * An emulator with no socket: `/client` requests are handed to its request handler directly. It
 * has no HTTP endpoint, so it serves neither file downloads nor the server-side OpenAPI.
 */
export interface InProcessEmulator extends Omit<Emulator, 'openApiEndpoint' | 'accessKeyId' | 'accessKeySecret'> {
  /**
   * Handles one `/client` request with the same faults, body limit and answers as the HTTP server.
   * `wait(ms)` is how the injected latency passes: the caller supplies it from its scheduler, so
   * the order in which requests are applied is decided by that scheduler, not by sockets.
   */
  exchange(request: ClientRequest, wait: (ms: number) => Promise<void>): Promise<ClientExchange>;
}

/** The `endpoint` of an in-process emulator: a name that resolves nowhere, so nothing can reach it by accident. */
export const IN_PROCESS_ENDPOINT = 'http://mpsync-emulator.invalid';

/**
 * Opens an emulator that does not listen: the same services as {@link createEmulator}, reached
 * through {@link InProcessEmulator.exchange} (e.g. by `inProcessSdkAdapter` from `mpsync/testing`,
 * which gives the unmodified official SDK a platform `request` that calls it). Deterministic tests
 * use it so that one seed replays one interleaving of requests exactly. Uploads and downloads are
 * not served in process; `port`, `host`, `corsOrigins` and `allowedHosts` are ignored.
 *
 * @example fragment
 * const emulator = await createInProcessEmulator({ now: scheduler.now });
 * const mp = new MPServerless(inProcessSdkAdapter(emulator, { scheduler }), { appId: 'app',
 *   spaceId: emulator.spaceId, clientSecret: emulator.clientSecret, endpoint: emulator.endpoint });
 */
export async function createInProcessEmulator(options: EmulatorOptions = {}): Promise<InProcessEmulator> {
  const services = await openEmulatorServices(options);
  const { rpc, faults, db } = services;
  const maxBodyBytes = options.maxBodyBytes ?? 4 * 1024 * 1024;
  let requests = 0;
  let stopped: Promise<void> | undefined;
  return {
    endpoint: IN_PROCESS_ENDPOINT,
    spaceId: services.spaceId,
    clientSecret: services.clientSecret,
    setFaults: (f) => faults.set(f),
    holdWrite: (match = {}) => db.holds.add(match),
    async exchange(request, wait) {
      if (stopped) return { kind: 'lost', applied: false };
      // The same steps, in the same order, as the HTTP server: fate first, then latency.
      const fate = faults.decide();
      if (fate === 'offline') return { kind: 'lost', applied: false };
      if (faults.latencyMs > 0) await wait(faults.latencyMs);
      if (fate === 'drop-request' || stopped) return { kind: 'lost', applied: false };
      if (Buffer.byteLength(request.body, 'utf8') > maxBodyBytes) {
        return { kind: 'answer', status: 200, body: jsonErrorBody(GatewayErrorCode.RequestTooLarge, `the body is larger than ${maxBodyBytes} bytes`) };
      }
      if (fate === 'error')
        return {
          kind: 'answer',
          status: 503,
          body: jsonErrorBody(GatewayErrorCode.ServiceUnavailable, 'injected fault: service unavailable, nothing was applied'),
        };
      const answer = await rpc.handle(request.body, {
        headers: lowerCaseKeys(request.headers),
        host: new URL(IN_PROCESS_ENDPOINT).host,
        requestId: `in-process-${(++requests).toString(36)}`,
      });
      if (fate === 'drop-response') return { kind: 'lost', applied: true };
      return { kind: 'answer', status: 200, body: JSON.stringify(answer) };
    },
    stop: () => {
      stopped ??= services.close();
      return stopped;
    },
  };
}

// HTTP header names are case-insensitive; Node hands the server lower-case ones.
function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function jsonErrorBody(code: string, message: string): string {
  return JSON.stringify({ success: false, error: { code, message } });
}
