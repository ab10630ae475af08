import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSyncClient, type SyncClient } from '../../src/index';
import { createEmulator, type Emulator } from '../../src/emulator';
import { alipay } from '../../src/platform/alipay';
import { dingtalk } from '../../src/platform/dingtalk';
import type { Platform } from '../../src/model/platform';
import { bindStatus, bindWatch } from '../../src/live/page-binding';
import { fetchSdkAdapter, web } from '../../src/platform/web';
import { wechat } from '../../src/platform/wechat';
import { manualScheduler } from '../../src/testing';
import { anonymousSdk, sdkOn, type Sdk } from '../helpers/sdk';
import { settle } from './platform.contract';
import { alipayStandIn } from './standins/alipay';
import type { SentRequest, StandInControls, StandInHttp } from './standins/common';
import { dingtalkStandIn } from './standins/dingtalk';
import { wechatStandIn } from './standins/wechat';
import { windowStandIn } from './standins/web';
import type { SyncedCollection } from '../../src/client/synced-collection';

/** One runtime, end to end: its stand-in as the SDK's `App` (and as the global the SDK detects). */
interface Runtime {
  readonly controls: StandInControls;
  readonly app: unknown;
  /** The global the official SDK detects the platform by; none on the web. */
  readonly global?: 'my' | 'wx' | 'dd';
  readonly offline: string;
  readonly online: string;
  /** Third-party login on mini-programs (the stand-in hands out the code), anonymous on the web. */
  readonly auth: Record<string, unknown>;
  platform(): Platform;
  /** What the SDK's requests looked like to the runtime's request function. */
  readonly sent: () => readonly SentRequest[];
  /** A check that the SDK used the runtime's own request shape. */
  checkShape(sent: readonly SentRequest[]): void;
  /** The mini-program stand-in's requests, for holding and inspecting them; none on the web. */
  readonly http?: StandInHttp;
}

const RUNTIMES: Record<string, (online: boolean) => Runtime> = {
  alipay: (online) => {
    const s = alipayStandIn({ network: online ? 'WIFI' : 'NOTREACHABLE' });
    return {
      controls: s,
      app: s.my,
      global: 'my',
      offline: 'NOTREACHABLE',
      online: 'WIFI',
      auth: { authProvider: 'alipay_openapi' },
      platform: () => alipay(s.my),
      sent: () => s.http.sent,
      checkShape: (sent) => expect(sent.every((r) => typeof r.options.headers === 'object')).toBe(true),
    };
  },
  wechat: (online) => {
    const s = wechatStandIn({ network: online ? 'wifi' : 'none' });
    return {
      controls: s,
      app: s.wx,
      global: 'wx',
      offline: 'none',
      online: 'wifi',
      auth: { authProvider: 'wechat_openapi' },
      platform: () => wechat(s.wx),
      sent: () => s.http.sent,
      http: s.http,
      checkShape: (sent) => expect(sent.every((r) => typeof r.options.header === 'object')).toBe(true),
    };
  },
  dingtalk: (online) => {
    const s = dingtalkStandIn({ network: online ? 'WIFI' : 'NOTREACHABLE' });
    return {
      controls: s,
      app: s.dd,
      global: 'dd',
      offline: 'NOTREACHABLE',
      online: 'Wi-Fi',
      auth: { authProvider: 'dingtalk_openapi' },
      platform: () => dingtalk(s.dd, { corpId: 'ding-corp-1' }),
      sent: () => s.http.sent,
      // With the global `dd` present the SDK hands httpRequest its body as a JSON string.
      checkShape: () => expect(s.dataSeen.length > 0 && s.dataSeen.every((d) => typeof d === 'string')).toBe(true),
    };
  },
  web: (online) => {
    const s = windowStandIn({ online });
    return {
      controls: s,
      app: fetchSdkAdapter(s.window),
      offline: 'offline',
      online: 'online',
      auth: { authType: 'anonymous' },
      platform: () => web(s.window),
      sent: () => s.sent,
      checkShape: (sent) => expect(sent.every((r) => r.method === 'POST' && r.body?.startsWith('{'))).toBe(true),
    };
  },
};

describe.each(Object.keys(RUNTIMES))('%s end to end against the emulator', (name) => {
  let emulator: Emulator;
  let server: Sdk;
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0 });
    server = await anonymousSdk(emulator);
  });
  afterAll(() => emulator.stop());
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const start = (runtime: Runtime) => {
    if (runtime.global) vi.stubGlobal(runtime.global, runtime.app);
    return sdkOn(runtime.app, emulator);
  };
  const open = async (runtime: Runtime, mp: Sdk, platform = runtime.platform()): Promise<{ client: SyncClient; todos: SyncedCollection }> => {
    await settle(() => platform.isOnline() !== undefined);
    const client = await createSyncClient({
      mpServerless: mp,
      platform,
      collections: { todos: {} },
      auth: runtime.auth,
      sync: { scheduler: manualScheduler(), pollIntervalMs: 0 },
    });
    return { client, todos: client.db.collection('todos') };
  };
  const onServer = async (title: string) => ((await server.db.collection('todos').find({ title })) as { result: unknown[] }).result;

  it('offline insert, hide, show, back online: the server holds the todo once, and the cache survives the app being killed', async () => {
    const runtime = RUNTIMES[name]!(false);
    const { client, todos } = await open(runtime, start(runtime));
    expect(client.status().online).toBe(false);
    const title = `buy milk on ${name}`;
    const { insertedId } = await todos.insertOne({ title, done: false });
    expect(client.status().pendingWrites).toBe(1);
    runtime.controls.hide();
    runtime.controls.show();
    expect(runtime.sent()).toEqual([]);
    runtime.controls.setNetwork(runtime.online);
    await client.syncNow();
    await client.waitForPendingWrites();
    expect(await onServer(title)).toEqual([expect.objectContaining({ _id: insertedId, title, done: false })]);
    expect(client.status()).toMatchObject({ online: true, pendingWrites: 0, authorized: true });
    runtime.checkShape(runtime.sent());
    // Mini-programs logged in with the runtime's own code (getAuthCode / login), the web anonymously.
    const login = typeof runtime.auth.authProvider === 'string' ? runtime.auth.authProvider : 'anonymousAuthorize';
    expect(runtime.sent().some((r) => r.body?.includes(login))).toBe(true);
    await client.close();

    // The app is killed and started again: new platform object, new SDK, same runtime storage, offline.
    runtime.controls.setNetwork(runtime.offline);
    const again = await open(runtime, start(runtime));
    expect((await again.todos.find({})).result).toEqual([{ _id: insertedId, title, done: false }]);
    expect(again.client.status()).toMatchObject({ online: false, pendingWrites: 0 });
    await again.client.close();
    expect(await onServer(title)).toHaveLength(1);
  });

  it('a page bound with bindWatch shows a todo added offline at once as pending, then acknowledged when the network returns, with no app code listening to the network', async () => {
    const runtime = RUNTIMES[name]!(false);
    const { client, todos } = await open(runtime, start(runtime));
    const data: Array<Record<string, unknown>> = [];
    const page = { setData: (d: Record<string, unknown>) => data.push(JSON.parse(JSON.stringify(d)) as Record<string, unknown>), onUnload: () => undefined };
    const last = (key: string) => data.filter((d) => key in d).at(-1)?.[key] as Record<string, unknown> | undefined;
    const title = `shown on the ${name} page`;
    bindWatch(page, 'todos', client.db.collection('todos').watch({ title }));
    bindStatus(page, 'sync', client);
    await todos.insertOne({ title, done: false });
    await settle(() => (last('todos')?.docs as unknown[] | undefined)?.length === 1);
    expect(last('todos')).toMatchObject({ docs: [{ title, done: false }], hasPendingWrites: true, pending: [true] });
    expect(last('sync')).toMatchObject({ online: false, pendingWrites: 1 });

    runtime.controls.setNetwork(runtime.online);
    await client.waitForPendingWrites();
    await settle(() => last('todos')?.hasPendingWrites === false);
    expect(last('todos')).toMatchObject({ docs: [{ title, done: false }], hasPendingWrites: false, pending: [false] });
    expect(last('sync')).toMatchObject({ online: true, pendingWrites: 0 });
    expect(await onServer(title)).toHaveLength(1);
    page.onUnload();
    await client.close();
  });

  if (name === 'wechat') {
    it('a Wi-Fi/cellular switch cancels the push in flight (errno 600001); the retry lands once', async () => {
      const runtime = RUNTIMES.wechat!(true);
      const [s, http] = [runtime.controls, runtime.http!];
      const { client, todos } = await open(runtime, start(runtime));
      await client.syncNow();
      const errors: string[] = [];
      client.onStatus((status) => {
        if (status.lastError) errors.push(status.lastError.code);
      });
      http.hold();
      const title = 'pushed across a network switch';
      const pushed = (async () => {
        for (;;) if ((await http.nextRequest()).body?.includes(title)) return;
      })();
      await todos.insertOne({ title });
      await pushed;
      s.setNetwork('4g');
      await settle(() => errors.includes('OFFLINE'));
      expect(errors).toContain('OFFLINE');
      http.release();
      await client.syncNow();
      await client.waitForPendingWrites();
      expect(await onServer(title)).toHaveLength(1);
      await client.close();
    });
  }

  if (name === 'web') {
    it('fetchSdkAdapter uploads a Blob through the SDK file flow', async () => {
      const s = windowStandIn();
      const adapter = fetchSdkAdapter(s.window);
      const mp = sdkOn(adapter, emulator);
      await mp.init({ authType: 'anonymous' });
      const bytes = new Uint8Array([137, 80, 78, 71, 1, 2, 3]);
      const uploaded = (await mp.file.uploadFile({ filePath: adapter.filePathFor(new Blob([bytes], { type: 'image/png' }), 'photo.png') })) as {
        fileUrl: string;
      };
      const response = await fetch(uploaded.fileUrl.replace(/^https:/, 'http:'));
      expect(response.headers.get('content-type')).toBe('image/png');
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
      const refused = await (mp.user.authorize({ authProvider: 'wechat_openapi' }) as Promise<unknown>).catch((e: unknown) => e);
      expect(web(s.window).classifyError?.(refused)).toBe('UNAUTHORIZED');
    });
  }
});
