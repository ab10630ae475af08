import { parse } from 'acorn';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator';
import { anonymousSdk, type Sdk } from '../helpers/sdk';
import { alipayStandIn } from '../platform/standins/alipay';
import { StandInStore, type MiniProgramControls } from '../platform/standins/common';
import { dingtalkStandIn } from '../platform/standins/dingtalk';
import { wechatStandIn } from '../platform/standins/wechat';
import { BUDGET, BUNDLE as BUNDLE_FILE, sizes } from '../../benchmarks/size';
import vm from 'node:vm';
import { freeNames } from './globals';
import { NEWER_BUILT_INS, oldEngineContext, startApp } from './runtime';

interface World {
  readonly global: 'my' | 'wx' | 'dd';
  readonly api: object;
  readonly controls: MiniProgramControls;
  readonly online: string;
  readonly auth: Record<string, unknown>;
}

// Each runtime's stand-in on a given device store, started offline.
const WORLDS: Record<string, (store: StandInStore) => World> = {
  alipay: (store) => {
    const s = alipayStandIn({ network: 'NOTREACHABLE', store });
    return { global: 'my', api: s.my, controls: s, online: 'WIFI', auth: { authProvider: 'alipay_openapi' } };
  },
  wechat: (store) => {
    const s = wechatStandIn({ network: 'none', store });
    return { global: 'wx', api: s.wx, controls: s, online: 'wifi', auth: { authProvider: 'wechat_openapi' } };
  },
  dingtalk: (store) => {
    const s = dingtalkStandIn({ network: 'NOTREACHABLE', store });
    return { global: 'dd', api: s.dd, controls: s, online: 'Wi-Fi', auth: { authProvider: 'dingtalk_openapi' } };
  },
};

// The app's start-up code (`app` is the app's global object), as a page would run it: the SDK on the runtime object, mpsync
// detecting the runtime by itself.
const OPEN = `
  const mp = new MPServerless(${'$GLOBAL'}, { appId: 'mpsync-test-app', spaceId: config.spaceId, clientSecret: config.clientSecret, endpoint: config.endpoint });
  const client = await mpsync.createSyncClient({ mpServerless: mp, collections: { todos: {} }, auth: config.auth });
  app.client = client;
  app.todos = client.db.collection('todos');
`;

describe('the mini-program bundle', () => {
  const code = existsSync(BUNDLE_FILE) ? readFileSync(BUNDLE_FILE, 'utf8') : '';

  it('is built (npm run build)', () => {
    expect(code.length).toBeGreaterThan(0);
  });

  it('parses as ES2017, the syntax level documented for mini-program engines', () => {
    expect(() => parse(code, { ecmaVersion: 2017, sourceType: 'script' })).not.toThrow();
    // The check itself rejects newer syntax: optional chaining is ES2020.
    expect(() => parse('a?.b', { ecmaVersion: 2017 })).toThrow();
  });

  it('has no eval, no new Function, no require of a module, no BigInt literal', () => {
    expect(code).not.toMatch(/\beval\s*\(/);
    expect(code).not.toMatch(/new\s+Function\b/);
    expect(code).not.toMatch(/\brequire\s*\(/);
    expect(code).not.toMatch(/\b\d+n\b/);
  });

  it('names exactly the globals docs/guides/mini-programs.md lists, beyond ES2017 built-ins, timers, console and the runtime objects', () => {
    const engine = oldEngineContext({});
    const builtIn = (name: string) => vm.runInContext(`typeof ${name} !== 'undefined'`, engine) === true;
    const expected = new Set(['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'console', 'module', 'my', 'wx', 'dd', 'arguments']);
    const other = freeNames(code).filter((name) => !builtIn(name) && !expected.has(name));
    const guide = readFileSync(new URL('../../docs/guides/mini-programs.md', import.meta.url), 'utf8');
    const listed = /\*\*Other globals it names\.\*\*([\s\S]*?)They sit in/.exec(guide)?.[1] ?? '';
    const documented = [...listed.matchAll(/`([A-Za-z]+)`/g)].map((match) => match[1] as string).filter((name) => !expected.has(name));
    expect(other.length).toBeGreaterThan(0);
    expect(other).toEqual([...new Set(documented)].sort());
  });

  it('is within the size budget', () => {
    const { minified, gzip } = sizes(BUNDLE_FILE);
    expect(minified).toBeLessThanOrEqual(BUDGET.minifiedBytes);
    expect(gzip).toBeLessThanOrEqual(BUDGET.gzipBytes);
  });
});

describe('the bundle on an engine with ES2017 built-ins only', () => {
  // The newer built-ins the app's engine has after running `body`, read from the global object.
  const PRESENT = `
    const root = this;
    return ${JSON.stringify(NEWER_BUILT_INS)}.filter((path) => {
      const parts = path.split('.');
      let owner = parts[0] === 'globalThis' ? root : root[parts[0]];
      for (const part of parts.slice(1, -1)) owner = owner[part];
      return parts[parts.length - 1] in owner;
    }).concat('globalThis' in root ? ['globalThis'] : []);
  `;

  it("opens, writes, syncs offline and closes without adding any built-in to the app's globals", async () => {
    const world = WORLDS.alipay!(new StandInStore());
    const app = startApp(world.global, world.api, { spaceId: 's', clientSecret: 'c', endpoint: 'http://127.0.0.1:9', auth: world.auth });
    expect(await app.run(PRESENT)).toEqual([]);
    const result = (await app.run(`
      ${OPEN.replace('$GLOBAL', world.global)}
      await app.todos.insertOne({ title: 'a', tags: ['x'] });
      // Offline: syncNow settles with the client's status rather than hanging or throwing.
      await app.client.syncNow().catch(() => undefined);
      const found = (await app.todos.find({}, { sort: { title: 1 } })).result.length;
      const status = app.client.status();
      await app.client.close();
      return { found, pending: status.pendingWrites };
    `)) as { found: number; pending: number };
    app.kill();
    expect(result).toEqual({ found: 1, pending: 1 });
    expect(await app.run(PRESENT)).toEqual([]);
  });
});

describe.each(Object.keys(WORLDS))('the bundle in a bare %s runtime', (name) => {
  let emulator: Emulator;
  let server: Sdk;
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0 });
    server = await anonymousSdk(emulator);
  });
  afterAll(() => emulator.stop());

  it('insert offline, a full store refuses the next write and keeps the first, app killed, started again, network on: the write reaches the server once and a watch shows it acknowledged', async () => {
    const store = new StandInStore();
    const title = `written offline on ${name}`;
    const config = (world: World) => ({ spaceId: emulator.spaceId, clientSecret: emulator.clientSecret, endpoint: emulator.endpoint, auth: world.auth });
    const open = (world: World) => OPEN.replace('$GLOBAL', world.global);

    const first = WORLDS[name]!(store);
    const run1 = startApp(first.global, first.api, config(first));
    const inserted = (await run1.run(`
      ${open(first)}
      const { insertedId } = await app.todos.insertOne({ title: ${JSON.stringify(title)}, done: false });
      return { insertedId, status: app.client.status(), found: (await app.todos.find({})).result };
    `)) as { insertedId: string; status: { pendingWrites: number }; found: unknown[] };
    expect(inserted.status.pendingWrites).toBe(1);
    expect(inserted.found).toEqual([{ _id: inserted.insertedId, title, done: false }]);
    // The app's own data fills the store: the next write is refused, the earlier one is kept.
    first.controls.fillStorage();
    const refused = (await run1.run(`
      const error = await app.todos.insertOne({ title: 'does not fit', pad: 'x'.repeat(300000) }).then(() => null, (e) => e);
      return { code: error && error.code, isMpsyncError: error instanceof mpsync.MpsyncError, status: app.client.status(), found: (await app.todos.find({})).result.length };
    `)) as { code: string; isMpsyncError: boolean; status: { pendingWrites: number }; found: number };
    expect(refused).toEqual({ code: 'QUOTA_EXCEEDED', isMpsyncError: true, status: expect.objectContaining({ pendingWrites: 1 }) as unknown, found: 1 });
    first.controls.freeStorage();
    run1.kill();
    expect(((await server.db.collection('todos').find({ title })) as { result: unknown[] }).result).toEqual([]);

    const second = WORLDS[name]!(store);
    const run2 = startApp(second.global, second.api, config(second));
    const before = (await run2.run(`
      ${open(second)}
      app.snapshots = [];
      app.todos.watch({}).subscribe((s) => app.snapshots.push({ docs: s.docs, pending: s.hasPendingWrites }));
      return app.client.status();
    `)) as { pendingWrites: number };
    expect(before.pendingWrites).toBe(1);
    second.controls.setNetwork(second.online);
    const after = (await run2.run(`
      await app.client.syncNow();
      await app.client.waitForPendingWrites();
      return { status: app.client.status(), snapshots: app.snapshots };
    `)) as { status: { pendingWrites: number; authorized: boolean }; snapshots: Array<{ docs: unknown[]; pending: boolean }> };
    run2.kill();

    const onServer = ((await server.db.collection('todos').find({ title })) as { result: unknown[] }).result;
    expect(onServer).toEqual([expect.objectContaining({ _id: inserted.insertedId, title, done: false })]);
    expect(after.status).toMatchObject({ pendingWrites: 0, authorized: true });
    const doc = { _id: inserted.insertedId, title, done: false };
    expect(after.snapshots[0]).toEqual({ docs: [doc], pending: true });
    expect(after.snapshots.at(-1)).toEqual({ docs: [doc], pending: false });
  });
});
