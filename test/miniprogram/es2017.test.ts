import { build } from 'esbuild';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { HELPERS, rewrite } from '../../src/build/es2017-plugin.mjs';
import { oldEngineContext } from './runtime';

describe('the ES2017 rewrite of the mini-program build', () => {
  it('replaces static built-ins and routes newer methods through mpsyncMethod', () => {
    expect(rewrite('const o = Object.fromEntries(e); const s = await Promise.allSettled(ps);').code).toBe(
      'const o = mpsyncFromEntries(e); const s = await mpsyncAllSettled(ps);',
    );
    expect(rewrite('p.then(a).finally(() => done());').code).toBe('mpsyncMethod(p.then(a), "finally", () => done());');
    expect(rewrite('xs.flat()').code).toBe('mpsyncMethod(xs, "flat")');
  });

  it('rewrites chained calls inside out and keeps the evaluation order', () => {
    expect(rewrite('Promise.allSettled(x).finally(f).finally(g)').code).toBe('mpsyncMethod(mpsyncMethod(mpsyncAllSettled(x), "finally", f), "finally", g)');
    expect(rewrite('a.flatMap((v) => v.trimStart())').code).toBe('mpsyncMethod(a, "flatMap", (v) => mpsyncMethod(v, "trimStart"))');
  });

  it('leaves strings, comments, computed and optional calls, super and unrelated names alone', () => {
    const code =
      'const s = "Object.fromEntries(x).finally("; // p.finally(f)\nq?.finally(f); q.finally?.(f); q["flat"](); Object.entries(o); class A extends B { m() { return super.flat(); } } obj.constructor;';
    expect(rewrite(code)).toEqual({ code, count: 0 });
  });
});

describe('the private ES2017 helpers on an engine without the newer built-ins', () => {
  let context: vm.Context;
  beforeAll(async () => {
    const { outputFiles } = await build({ entryPoints: [HELPERS], bundle: true, format: 'iife', globalName: 'helpers', target: 'es2017', write: false });
    context = oldEngineContext({});
    vm.runInContext(outputFiles[0]!.text, context);
  });
  const run = async (body: string): Promise<unknown> =>
    JSON.parse(
      JSON.stringify(
        await (vm.runInContext(
          `(async () => { const { mpsyncFromEntries, mpsyncAllSettled, mpsyncMethod } = helpers; ${body} })()`,
          context,
        ) as Promise<unknown>),
      ),
    ) as unknown;

  it('has no native versions to fall back on', async () => {
    expect(await run('return [typeof Object.fromEntries, typeof Promise.allSettled, typeof Promise.prototype.finally, typeof [].flat];')).toEqual([
      'undefined',
      'undefined',
      'undefined',
      'undefined',
    ]);
  });

  it('fromEntries builds own properties, "__proto__" included', async () => {
    expect(
      await run('const o = mpsyncFromEntries([["a", 1], ["__proto__", 2]]); return [o.a, Object.keys(o), Object.getPrototypeOf(o) === Object.prototype];'),
    ).toEqual([1, ['a', '__proto__'], true]);
  });

  it('allSettled settles every input in order', async () => {
    expect(await run('return mpsyncAllSettled([1, Promise.reject("no"), Promise.resolve(3)]);')).toEqual([
      { status: 'fulfilled', value: 1 },
      { status: 'rejected', reason: 'no' },
      { status: 'fulfilled', value: 3 },
    ]);
  });

  it('finally runs after success and failure and keeps the outcome', async () => {
    expect(
      await run(`
        const log = [];
        const a = await mpsyncMethod(Promise.resolve(1), 'finally', () => log.push('a'));
        const b = await mpsyncMethod(Promise.reject(new Error('x')), 'finally', () => log.push('b')).then(() => 'resolved', (e) => e.message);
        const c = await mpsyncMethod(Promise.resolve(1), 'finally', () => Promise.reject(new Error('cleanup'))).then(() => 'resolved', (e) => e.message);
        return { a, b, c, log };
      `),
    ).toEqual({ a: 1, b: 'x', c: 'cleanup', log: ['a', 'b'] });
  });

  it('flat, flatMap, trimStart, trimEnd and matchAll follow the built-ins', async () => {
    expect(
      await run(`
        return [
          mpsyncMethod([1, [2, [3, [4]]]], 'flat'), mpsyncMethod([1, [2, [3, [4]]]], 'flat', Infinity),
          mpsyncMethod([1, 2], 'flatMap', (v) => [v, [v * 10]]),
          mpsyncMethod('  a b \\n', 'trimStart'), mpsyncMethod('  a b \\n', 'trimEnd'),
          Array.from(mpsyncMethod('a1b22', 'matchAll', /\\d+/g), (m) => [m[0], m.index]),
        ];
      `),
    ).toEqual([
      [1, 2, [3, [4]]],
      [1, 2, 3, 4],
      [1, [10], 2, [20]],
      'a b \n',
      '  a b',
      [
        ['1', 1],
        ['22', 3],
      ],
    ]);
    expect(await run(`try { mpsyncMethod('a', 'matchAll', /a/); return 'no error'; } catch (e) { return e instanceof TypeError; }`)).toBe(true);
  });

  it("calls an object's own method of the same name, and fails like a missing method otherwise", async () => {
    expect(await run(`return mpsyncMethod({ finally: (x) => 'own ' + x }, 'finally', 1);`)).toBe('own 1');
    expect(await run(`try { mpsyncMethod(undefined, 'flat'); return 'no error'; } catch (e) { return e instanceof TypeError; }`)).toBe(true);
  });
});
