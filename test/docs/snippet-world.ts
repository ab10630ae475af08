import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Emulator } from '../../src/emulator';
import { alipayStandIn } from '../platform/standins/alipay';
import { dingtalkStandIn } from '../platform/standins/dingtalk';
import { windowStandIn } from '../platform/standins/web';
import { wechatStandIn } from '../platform/standins/wechat';

/** The address the documentation uses for the emulator; snippets are pointed at the test's emulator instead. */
export const DOCUMENTED_ENDPOINT = 'http://127.0.0.1:8790';

/** The file a mini-program page picked (`tempFilePath`), relative to the snippets' working folder. */
export const PICKED_FILE = 'photo.png';

/** What the snippets of one test run share: the built package, shims that track what snippets open, a scratch folder. */
export interface SnippetHost {
  readonly root: string;
  readonly emulator: Emulator;
  /** Folder of the generated snippet modules (under node_modules, so the SDK and the package resolve natively). */
  readonly dir: string;
  /** The module specifiers `mpsync`, `mpsync/testing`, … to the tracking shims over the built `dist/`. */
  readonly specifiers: ReadonlyMap<string, string>;
}

interface Opened {
  close?: () => Promise<unknown>;
  stop?: () => Promise<unknown>;
}

/** Clients and emulators the snippets opened, closed after each snippet. */
function openedList(): Opened[] {
  const g = globalThis as { __mpsyncSnippetOpened?: Opened[] };
  g.__mpsyncSnippetOpened ??= [];
  return g.__mpsyncSnippetOpened;
}

/**
 * Writes one shim per package entry: the built entry re-exported, with `createSyncClient`,
 * `createEmulator` and `createInProcessEmulator` remembering what they open so the test can
 * close it after the snippet.
 */
export function prepareHost(root: string, emulator: Emulator): SnippetHost {
  const dir = join(root, 'node_modules', '.cache', 'mpsync-snippets');
  mkdirSync(dir, { recursive: true });
  const pkg = createRequire(join(root, 'package.json'))('./package.json') as { exports: Record<string, { node?: string; default?: string } | string> };
  const specifiers = new Map<string, string>();
  for (const [key, target] of Object.entries(pkg.exports)) {
    if (typeof target === 'string') continue;
    const file = target.node ?? target.default;
    if (!file?.endsWith('.js')) continue;
    const built = pathToFileURL(join(root, file)).href;
    const name = key === '.' ? 'mpsync' : `mpsync/${key.slice(2)}`;
    const shim = join(dir, `shim-${key === '.' ? 'index' : key.slice(2)}.mjs`);
    const wrap = (fn: string) =>
      `import { ${fn} as open_${fn} } from ${JSON.stringify(built)};\n` +
      `export async function ${fn}(...args) { const it = await open_${fn}(...args); globalThis.__mpsyncSnippetOpened.push(it); return it; }\n`;
    let source = `export * from ${JSON.stringify(built)};\n`;
    if (name === 'mpsync') source += wrap('createSyncClient');
    if (name === 'mpsync/emulator') source += wrap('createEmulator') + wrap('createInProcessEmulator');
    writeFileSync(shim, source);
    specifiers.set(name, pathToFileURL(shim).href);
  }
  openedList();
  return { root, emulator, dir, specifiers };
}

/** A fake mini-program page: `setData` merges into `data`, as the runtimes do. */
function fakePage(): { data: Record<string, unknown>; setData(patch: Record<string, unknown>): void } {
  return {
    data: {},
    setData(patch) {
      Object.assign(this.data, patch);
    },
  };
}

/**
 * The globals a snippet may use without declaring them, as the page, the runtime or an earlier
 * snippet of the same page would provide them (see docs/architecture.md, "Documentation examples"):
 * every export of `mpsync`, the SDK class `MPServerless`, `appId`/`spaceId`/`clientSecret`/
 * `endpoint` of the test's emulator, an SDK instance `mp`/`mpServerless`, an open `client` syncing
 * `todos` and `lists`, `collections`, a `page` with `setData`, mini-program `App`/`Page`/`getApp`/
 * `require`, stand-ins of `wx`, `my`, `dd` and `window`, an `input` with one file, a picked file's
 * `tempFilePath`, and
 * `showToast`/`showMessage`.
 */
export async function snippetGlobals(
  host: SnippetHost,
): Promise<{ globals: Record<string, unknown>; apps: object[]; pages: object[]; close: () => Promise<void> }> {
  const mpsync = (await import(host.specifiers.get('mpsync')!)) as Record<string, unknown> & {
    createSyncClient(options: unknown): Promise<{ close(): Promise<void> }>;
  };
  const testing = (await import(host.specifiers.get('mpsync/testing')!)) as { nodeSdkAdapter(): unknown; memoryPlatform(): unknown };
  const MPServerless = createRequire(join(host.root, 'package.json'))('@alicloud/mpserverless-sdk') as new (app: unknown, options: unknown) => unknown;
  const { endpoint, spaceId, clientSecret } = host.emulator;
  const appId = 'snippet-app';
  const mp = new MPServerless(testing.nodeSdkAdapter(), { appId, spaceId, clientSecret, endpoint });
  const collections = { todos: {}, lists: {} };
  const client = await mpsync.createSyncClient({ mpServerless: mp, platform: testing.memoryPlatform(), collections });
  // The world's own client is closed by `close`, not with what the snippet opened.
  openedList().splice(openedList().indexOf(client), 1);
  const apps: object[] = [];
  const pages: object[] = [];
  const browser = windowStandIn().window;
  const globals: Record<string, unknown> = {
    ...mpsync,
    MPServerless,
    appId,
    spaceId,
    clientSecret,
    endpoint,
    mp,
    mpServerless: mp,
    client,
    collections,
    page: fakePage(),
    App: (config: object) => apps.push(config),
    Page: (config: object) => pages.push(config),
    getApp: () => apps[0] ?? { client },
    require: (name: string) => {
      if (name === 'mpsync') return mpsync;
      throw new Error(`the snippets' require knows only mpsync, not ${name}`);
    },
    wx: wechatStandIn().wx,
    my: alipayStandIn().my,
    dd: dingtalkStandIn().dd,
    window: browser,
    document: browser.document,
    input: { files: [new File(['not really a photo'], 'photo.png', { type: 'image/png' })] },
    // What `wx.chooseMedia` gives a mini-program page; the test writes the file into the snippets' working folder.
    tempFilePath: PICKED_FILE,
    showToast: () => undefined,
    showMessage: () => undefined,
  };
  return { globals, apps, pages, close: () => client.close() };
}

/** Sets `globals` on globalThis; returns a function that puts the previous values back. */
export function installGlobals(globals: Record<string, unknown>): () => void {
  const g = globalThis as Record<string, unknown>;
  const saved = new Map<string, PropertyDescriptor | undefined>();
  for (const [name, value] of Object.entries(globals)) {
    saved.set(name, Object.getOwnPropertyDescriptor(g, name));
    Object.defineProperty(g, name, { value, configurable: true, writable: true, enumerable: false });
  }
  return () => {
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(g, name, descriptor);
      else delete g[name];
    }
  };
}

/** Closes every client and stops every emulator the snippets opened since the last call. */
export async function closeOpened(): Promise<void> {
  const list = openedList();
  const opened = list.splice(0, list.length);
  for (const it of opened.reverse()) await (it.close ?? it.stop)?.call(it);
}

/** Runs the mini-program lifecycle a snippet registered: each `App`'s `onLaunch`, then each `Page`'s `onLoad` on a fake page. */
export async function runLifecycle(apps: object[], pages: object[]): Promise<void> {
  for (const app of apps) {
    const { onLaunch } = app as { onLaunch?: (options: unknown) => unknown };
    await onLaunch?.call(app, { path: 'pages/index/index', query: { corpId: 'snippet-corp' }, scene: 1001 });
  }
  for (const config of pages) {
    const instance = Object.assign(Object.create(config) as object, fakePage());
    const { onLoad } = config as { onLoad?: (query: unknown) => unknown };
    await onLoad?.call(instance, {});
  }
}

/** The folder a snippet module is written to, and its name there. */
export function snippetFile(host: SnippetHost, where: string): string {
  return join(host.dir, `${where.replace(/[^a-zA-Z0-9]+/g, '-')}.mjs`);
}
