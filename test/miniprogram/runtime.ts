/**
 * A bare mini-program runtime for the built bundle: a fresh `node:vm` context whose only globals
 * are the runtime's API object (`my`, `wx` or `dd`, a stand-in that reaches the emulator over real
 * HTTP from outside the context), timers and `console` — no `window`, `indexedDB`, `fetch`,
 * `process`, `require`, on an engine trimmed to what old mini-program clients have. The official SDK bundle and the
 * mpsync bundle are loaded as a mini-program loads CommonJS files.
 *
 * `kill()` is the app being killed: its timers stop, its runtime calls throw, and callbacks from
 * the runtime (request answers, events) no longer reach it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import vm from 'node:vm';
import { BUNDLE as BUNDLE_FILE } from '../../benchmarks/size';

const SDK_FILE = createRequire(import.meta.url).resolve('@alicloud/mpserverless-sdk');

/**
 * Makes the context's engine look like the oldest mpsync supports (docs/guides/mini-programs.md):
 * ES2017 built-ins only. Alipay adds no built-ins to its engine, iOS 12 JavaScriptCore has no
 * `Promise.allSettled`, and DingTalk's older engine is reported to lack `finally` too. Also no
 * Proxy (missing on some older WeChat clients). Every later built-in is removed: ES2018
 * `Promise.prototype.finally`; ES2019
 * `Object.fromEntries`, `Array.prototype.flat`/`flatMap`, `trimStart`/`trimEnd` (and their
 * `trimLeft`/`trimRight` aliases), `Symbol.prototype.description`; ES2020 `Promise.allSettled`,
 * `globalThis`, `BigInt` (and its typed arrays), `String.prototype.matchAll`; ES2021 and later
 * (`replaceAll`, `Promise.any`, `AggregateError`, `WeakRef`, `FinalizationRegistry`, `at`,
 * `Object.hasOwn`, `findLast`, the copying array methods, `groupBy`, `withResolvers`,
 * `Array.fromAsync`, `structuredClone`).
 */
export const NEWER_BUILT_INS = [
  // ES2018
  'Promise.prototype.finally',
  // ES2019
  'Object.fromEntries',
  'Array.prototype.flat',
  'Array.prototype.flatMap',
  'String.prototype.trimStart',
  'String.prototype.trimEnd',
  'String.prototype.trimLeft',
  'String.prototype.trimRight',
  'Symbol.prototype.description',
  // ES2020
  'Promise.allSettled',
  'String.prototype.matchAll',
  'globalThis.BigInt',
  'globalThis.BigInt64Array',
  'globalThis.BigUint64Array',
  'DataView.prototype.getBigInt64',
  'DataView.prototype.setBigInt64',
  'DataView.prototype.getBigUint64',
  'DataView.prototype.setBigUint64',
  // ES2021 and later
  'String.prototype.replaceAll',
  'String.prototype.at',
  'Array.prototype.at',
  'Object.hasOwn',
  'Promise.any',
  'globalThis.AggregateError',
  'globalThis.WeakRef',
  'globalThis.FinalizationRegistry',
  'Array.prototype.findLast',
  'Array.prototype.findLastIndex',
  'Array.prototype.toSorted',
  'Array.prototype.toReversed',
  'Array.prototype.toSpliced',
  'Array.prototype.with',
  'Object.groupBy',
  'Map.groupBy',
  'Promise.withResolvers',
  'Array.fromAsync',
  'globalThis.structuredClone',
  // Not in every engine of any year: Proxy is missing on some older WeChat clients.
  'globalThis.Proxy',
  'globalThis.SharedArrayBuffer',
  'globalThis.Atomics',
] as const;

// Deletes each built-in and checks that it is gone (a non-configurable one would survive a
// delete silently); `globalThis` goes last, since the paths above start from it. Async iteration
// (`Symbol.asyncIterator`) cannot be deleted, a well-known symbol is not configurable: its syntax
// is what matters and the ES2017 parse test rejects it.
const OLD_ENGINE = `
  (function (paths) {
    var root = globalThis;
    paths.forEach(function (path) {
      var parts = path.split('.');
      var owner = parts[0] === 'globalThis' ? root : root[parts[0]];
      for (var i = 1; i < parts.length - 1; i++) owner = owner[parts[i]];
      var name = parts[parts.length - 1];
      delete owner[name];
      if (name in owner) throw new Error('could not remove ' + path);
    });
    delete root.globalThis;
    if ('globalThis' in root) throw new Error('could not remove globalThis');
  })(${JSON.stringify(NEWER_BUILT_INS)});
`;

/**
 * A `node:vm` context with the given globals on an engine with ES2017 built-ins only, where code
 * from strings (`eval`, `new Function`) is refused as the mini-program runtimes refuse it.
 *
 * @example
 * vm.runInContext('typeof Promise.allSettled', oldEngineContext({})); // 'undefined'
 */
export function oldEngineContext(sandbox: Record<string, unknown>): vm.Context {
  const context = vm.createContext(sandbox, { codeGeneration: { strings: false, wasm: false } });
  vm.runInContext(OLD_ENGINE, context);
  return context;
}

/** One app run in its own context. */
export interface AppContext {
  /** Runs app code (a script body that may `await`; `app` is a global for what runs share) in the context; resolves to its JSON-cloned `return` value. */
  run(body: string): Promise<unknown>;
  kill(): void;
}

/**
 * Starts an app run: `name` is the runtime global (`my`, `wx`, `dd`), `api` its stand-in; `config`
 * is readable by the app code as `config`.
 *
 * @example
 * const app = startApp('my', world.my, { endpoint });
 * await app.run('return typeof mpsync.createSyncClient;'); // 'function'
 */
export function startApp(name: 'my' | 'wx' | 'dd', api: object, config: Record<string, unknown>): AppContext {
  let dead = false;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const intervals = new Set<ReturnType<typeof setInterval>>();
  const alive =
    <A extends unknown[]>(fn: (...args: A) => unknown) =>
    (...args: A) => {
      if (!dead) fn(...args);
    };
  const sandbox: Record<string, unknown> = {
    [name]: killable(api, () => dead),
    config: JSON.parse(JSON.stringify(config)) as unknown,
    console,
    setTimeout: (fn: () => void, ms?: number) => {
      const id = setTimeout(() => {
        timers.delete(id);
        if (!dead) fn();
      }, ms);
      timers.add(id);
      return id;
    },
    clearTimeout: (id: ReturnType<typeof setTimeout>) => {
      timers.delete(id);
      clearTimeout(id);
    },
    setInterval: (fn: () => void, ms?: number) => {
      const id = setInterval(alive(fn), ms);
      intervals.add(id);
      return id;
    },
    clearInterval: (id: ReturnType<typeof setInterval>) => {
      intervals.delete(id);
      clearInterval(id);
    },
  };
  const context = oldEngineContext(sandbox);
  vm.runInContext('var app = {};', context);
  load(context, SDK_FILE, 'MPServerless');
  load(context, BUNDLE_FILE, 'mpsync');
  return {
    async run(body) {
      const result = (await vm.runInContext(`(async () => { ${body} })()`, context)) as unknown;
      return result === undefined ? undefined : (JSON.parse(JSON.stringify(result)) as unknown);
    },
    kill() {
      dead = true;
      for (const id of timers) clearTimeout(id);
      for (const id of intervals) clearInterval(id);
    },
  };
}

// A CommonJS file as the mini-program loader runs it: `module`, `exports`, and a `require` that
// knows only the official SDK (the one package the bundle leaves out).
function load(context: vm.Context, file: string | URL, as: string): void {
  const wrapper = vm.runInContext(`(function (module, exports, require) {${readFileSync(file, 'utf8')}\n})`, context, { filename: String(file) }) as (
    module: { exports: unknown },
    exports: unknown,
    require: (id: string) => unknown,
  ) => void;
  const module = vm.runInContext('({ exports: {} })', context) as { exports: unknown };
  const require = (id: string): unknown => {
    if (id === '@alicloud/mpserverless-sdk') return context.MPServerless;
    throw new Error(`a mini-program bundle cannot require ${id}`);
  };
  wrapper.call(module.exports, module, module.exports, require);
  context[as] = module.exports;
}

// The runtime object as the killed app sees it: every call throws, and callbacks it handed over
// (success/fail/complete, listeners) are dropped. A listener maps to one wrapper, so `off(fn)`
// still finds what `on(fn)` registered.
function killable(api: object, isDead: () => boolean): object {
  const wrappers = new WeakMap<object, unknown>();
  const wrapFn = (fn: (...args: unknown[]) => unknown) => {
    let wrapped = wrappers.get(fn);
    if (!wrapped) {
      wrapped = (...args: unknown[]) => (isDead() ? undefined : fn(...args));
      wrappers.set(fn, wrapped);
    }
    return wrapped;
  };
  const wrapArg = (arg: unknown): unknown => {
    if (typeof arg === 'function') return wrapFn(arg as (...args: unknown[]) => unknown);
    if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) return arg;
    return Object.fromEntries(Object.entries(arg).map(([k, v]) => [k, typeof v === 'function' ? wrapFn(v as (...args: unknown[]) => unknown) : v]));
  };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(api)) {
    if (typeof value !== 'function') continue;
    out[key] = (...args: unknown[]) => {
      if (isDead()) throw new Error(`${key}: the app was killed`);
      return (value as (...a: unknown[]) => unknown).apply(api, args.map(wrapArg));
    };
  }
  return out;
}
