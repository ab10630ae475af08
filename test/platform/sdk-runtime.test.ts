import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator';
import { classifyAlipayError } from '../../src/platform/alipay';
import { sdkRuntime } from '../../src/platform/sdk-runtime';
import { classifySdkError } from '../../src/sdk/errors';
import { rejectionOf, sdkOn } from '../helpers/sdk';
import { alipayStandIn } from './standins/alipay';
import { HttpAnswer, type MiniProgramControls, type SentRequest, type StandInHttp } from './standins/common';
import { dingtalkStandIn } from './standins/dingtalk';

interface Runtime {
  /** The global the SDK detects the platform from (it stringifies the body only on DingTalk). */
  readonly global: string;
  readonly api: object;
  readonly controls: MiniProgramControls;
  readonly http: StandInHttp;
}

// Both runtimes fail an HTTP error status with { error: 19 }; these attach the server's answer.
const RUNTIMES: Record<string, () => Runtime> = {
  alipay: () => {
    const s = alipayStandIn({ httpErrorBody: true });
    return { global: 'my', api: s.my, controls: s, http: s.http };
  },
  dingtalk: () => {
    const s = dingtalkStandIn({ httpErrorBody: true });
    return { global: 'dd', api: s.dd, controls: s, http: s.http };
  },
};

const methodOf = (request: SentRequest): string => {
  const body = request.body === undefined ? {} : (JSON.parse(request.body) as { method?: string });
  return body.method ?? '';
};
const isDbCall = (request: SentRequest) => methodOf(request).startsWith('serverless.db.');
const authCalls = (http: StandInHttp) => http.sent.filter((request) => methodOf(request).startsWith('serverless.auth.')).length;

// The server answers the next database call with `status` and `body`, then as usual.
function answerNextDbCall(controls: MiniProgramControls, status: number, body: unknown): void {
  let pending = true;
  controls.respondWith((request) => {
    if (!pending || !isDbCall(request)) return undefined;
    pending = false;
    return new HttpAnswer(status, body);
  });
}

describe.each(Object.keys(RUNTIMES))('sdkRuntime on %s: an HTTP error status with the answer attached', (name) => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0 });
  });
  afterAll(() => emulator.stop());
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const start = async (wrap: boolean) => {
    const runtime = RUNTIMES[name]!();
    vi.stubGlobal(runtime.global, runtime.api);
    const mp = sdkOn(wrap ? sdkRuntime(runtime.api) : runtime.api, emulator);
    await mp.init({ authType: 'anonymous' });
    return { ...runtime, mp };
  };
  const expired = { success: false, error: { code: 'GATEWAY_INVALID_TOKEN', message: 'token expired' } };

  it('an expired token answered with 401 makes the SDK authorize again and the call succeeds', async () => {
    const { controls, http, mp } = await start(true);
    const before = authCalls(http);
    answerNextDbCall(controls, 401, expired);
    const answer = (await mp.db.collection('todos').find({})) as { success: boolean };
    expect(answer.success).toBe(true);
    expect(authCalls(http)).toBe(before + 1);
  });

  it('without it the answer is lost: the SDK throws 错误码 19, which mpsync can only retry as UNAVAILABLE', async () => {
    const { controls, mp } = await start(false);
    answerNextDbCall(controls, 401, expired);
    const error = await rejectionOf(() => mp.db.collection('todos').find({}));
    expect(error.code).toBe('InterfaceRequestError');
    expect(classifySdkError(error, classifyAlipayError).code).toBe('UNAVAILABLE');
  });

  it('a refusal answered with 403 is classified from the server’s code: REJECTED, not retried', async () => {
    const { controls, mp } = await start(true);
    answerNextDbCall(controls, 403, { success: false, error: { code: 'PermissionDenied', message: 'not yours' } });
    const error = await rejectionOf(() => mp.db.collection('todos').find({}));
    expect(classifySdkError(error, classifyAlipayError).code).toBe('REJECTED');
  });

  it('a 503 with the server’s error stays retryable', async () => {
    const { controls, mp } = await start(true);
    answerNextDbCall(controls, 503, { success: false, error: { code: 'ServiceUnavailable', message: 'busy' } });
    const error = await rejectionOf(() => mp.db.collection('todos').find({}));
    expect(classifySdkError(error, classifyAlipayError).code).toBe('UNAVAILABLE');
  });
});

describe('sdkRuntime', () => {
  it('passes a failure without the answer on unchanged, and leaves the runtime object as it was', async () => {
    const world = dingtalkStandIn();
    const runtime = sdkRuntime(world.dd);
    // Every other member is the runtime's own; the runtime object keeps its own request function.
    expect(Object.getPrototypeOf(runtime)).toBe(world.dd);
    expect(Object.keys(runtime)).toEqual(['httpRequest']);
    world.failNextRequest({ error: 19, errorMessage: 'http status error' });
    const seen: unknown[] = [];
    await new Promise<void>((resolve) =>
      runtime.httpRequest({
        url: 'http://127.0.0.1:9/',
        method: 'POST',
        data: '{}',
        fail: (e: unknown) => seen.push(['fail', e]),
        success: (a: unknown) => seen.push(['success', a]),
        complete: () => resolve(),
      }),
    );
    expect(seen).toEqual([['fail', { error: 19, errorMessage: 'http status error' }]]);
  });

  it('turns an attached answer into a success, whichever callback the runtime calls first', () => {
    const failure = { error: 19, errorMessage: 'http status error', status: 401, data: { success: false }, headers: { a: '1' } };
    const answer = { data: { success: false }, status: 401, headers: { a: '1' }, statusCode: 401, header: { a: '1' } };
    for (const order of [
      ['fail', 'complete'],
      ['complete', 'fail'],
    ]) {
      const api = { request: (o: Record<string, (x: unknown) => void>) => order.forEach((name) => o[name]!(failure)) };
      const seen: unknown[] = [];
      sdkRuntime(api).request({
        success: (a: unknown) => seen.push(['success', a]),
        fail: (e: unknown) => seen.push(['fail', e]),
        complete: (r: unknown) => seen.push(['complete', r]),
      });
      expect(seen).toEqual(order.map((name) => [name === 'fail' ? 'success' : 'complete', answer]));
    }
  });
});
