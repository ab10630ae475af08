/**
 * Private stand-ins for the built-ins newer than ES2017 that mpsync and its bundled dependencies
 * call. Mini-program engines are not guaranteed to have them (Alipay adds no built-ins to its
 * engine, iOS 12 JavaScriptCore lacks `Promise.allSettled`, DingTalk's older engine is reported to
 * lack `Promise.prototype.finally` too), and a library must not patch the app's globals. The
 * mini-program build (src/build/es2017-plugin.mjs) rewrites every such call in the bundle into a
 * call of these functions, which use the native built-in when the engine has one.
 *
 * Nothing imports this file: the build injects it into the mini-program bundle only.
 */

type Settled<T> = { status: 'fulfilled'; value: T } | { status: 'rejected'; reason: unknown };

/**
 * `Object.fromEntries`.
 *
 * @example
 * mpsyncFromEntries([['a', 1]]); // { a: 1 }
 */
export function mpsyncFromEntries<T>(entries: Iterable<readonly [PropertyKey, T]>): Record<string, T> {
  const out: Record<PropertyKey, T> = {};
  for (const [key, value] of entries) {
    // defineProperty, not assignment: a key "__proto__" is an ordinary own property, as natively.
    Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
  }
  return out;
}

/**
 * `Promise.allSettled`.
 *
 * @example
 * await mpsyncAllSettled([Promise.reject(new Error('x'))]); // [{ status: 'rejected', reason: Error('x') }]
 */
export function mpsyncAllSettled<T>(values: Iterable<T | PromiseLike<T>>): Promise<Settled<T>[]> {
  return Promise.all(
    Array.from(values, (value) =>
      Promise.resolve(value).then(
        (result): Settled<T> => ({ status: 'fulfilled', value: result }),
        (reason: unknown): Settled<T> => ({ status: 'rejected', reason }),
      ),
    ),
  );
}

// The ES2017 version of each rewritten method, called with the receiver first.
const FALLBACKS: Record<string, (self: never, ...args: never[]) => unknown> = {
  finally: <T>(promise: PromiseLike<T>, onFinally?: () => unknown): PromiseLike<T> => {
    if (typeof onFinally !== 'function') return promise.then();
    return promise.then(
      (value) => Promise.resolve(onFinally()).then(() => value),
      (reason: unknown) =>
        Promise.resolve(onFinally()).then(() => {
          throw reason;
        }),
    );
  },
  flat: (array: readonly unknown[], depth = 1): unknown[] => flatten(array, Number(depth)),
  flatMap: <T>(array: readonly T[], fn: (value: T, index: number, array: readonly T[]) => unknown, thisArg?: unknown): unknown[] =>
    flatten(
      array.map((value, index) => fn.call(thisArg, value, index, array)),
      1,
    ),
  trimStart: (text: string): string => text.replace(/^[\s\uFEFF\xA0]+/, ''),
  trimEnd: (text: string): string => text.replace(/[\s\uFEFF\xA0]+$/, ''),
  matchAll: (text: string, pattern: RegExp | string): IterableIterator<RegExpExecArray> => {
    const source = typeof pattern === 'string' ? new RegExp(pattern, 'g') : pattern;
    if (!source.global) throw new TypeError('matchAll must be called with a global RegExp');
    const regexp = new RegExp(source.source, source.flags);
    regexp.lastIndex = source.lastIndex;
    const matches: RegExpExecArray[] = [];
    for (let match = regexp.exec(text); match !== null; match = regexp.exec(text)) {
      matches.push(match);
      if (match[0] === '') regexp.lastIndex++;
    }
    return matches[Symbol.iterator]();
  },
};

/**
 * `receiver[name](...args)` for a method newer than ES2017: the receiver's own method when it has
 * one (a native built-in, or an unrelated object's method of the same name), else the ES2017
 * version.
 *
 * @example fragment
 * mpsyncMethod([[1], [2]], 'flat'); // [1, 2]
 * mpsyncMethod(promise, 'finally', () => release());
 */
export function mpsyncMethod(receiver: unknown, name: string, ...args: unknown[]): unknown {
  const own = receiver === null || receiver === undefined ? undefined : (receiver as Record<string, unknown>)[name];
  if (typeof own === 'function') return (own as (...a: unknown[]) => unknown).apply(receiver, args);
  const fallback = FALLBACKS[name];
  if (fallback === undefined || receiver === null || receiver === undefined) throw new TypeError(`${String(receiver)}.${name} is not a function`);
  return (fallback as (self: unknown, ...a: unknown[]) => unknown)(receiver, ...args);
}

function flatten(array: readonly unknown[], depth: number): unknown[] {
  const out: unknown[] = [];
  for (const item of array) {
    if (Array.isArray(item) && depth >= 1) out.push(...flatten(item, depth - 1));
    else out.push(item);
  }
  return out;
}
