import { expect, it } from 'vitest';
import type { ErrorCode } from '../../src/core/errors';
import type { JsonObject } from '../../src/core/json';
import type { NetworkType } from '../../src/platform/mini-program';
import type { Platform } from '../../src/model/platform';
import { classifySdkError } from '../../src/sdk/errors';
import { sdkOn } from '../helpers/sdk';
import { codeOf, put, records } from '../store/fixtures';
import type { StandInControls } from './standins/common';

/** One documented way a request fails on a platform, and what it must be classified as. */
export interface FailureCase {
  readonly name: string;
  /** Makes the next request fail this way. */
  inject(): void;
  /** Runs once the request was sent (a timer that has to fire). */
  after?(): void;
  /** What the platform's `classifyError` answers; `'resolves'` when the SDK does not fail at all. */
  readonly platform: ErrorCode | undefined | 'resolves';
  /** What `classifySdkError` ends with, when it differs from `platform`. */
  readonly final?: ErrorCode;
}

/** A platform built over a stand-in. */
export type TestPlatform = Platform & { networkType?(): NetworkType | undefined };

/** One stand-in runtime: its controls, platform objects over it, and the SDK's `App` argument. */
export interface World {
  readonly controls: StandInControls;
  /** A new platform object over the stand-in, as an app start creates. */
  platform(options?: { quotaBytes?: number }): TestPlatform;
  /** What `new MPServerless(App, …)` gets on this runtime. */
  readonly sdkApp: unknown;
  /** How many requests reached the stand-in's request function so far. */
  sentCount(): number;
  readonly failures: readonly FailureCase[];
}

/** A platform under the contract. */
export interface PlatformHarness {
  readonly name: string;
  world(options: { online: boolean }): World;
  /** Runtime spellings of each kind of network; every spelling of a kind is the same network. */
  readonly spell: Readonly<Record<'wifi' | '4g' | 'none', readonly string[]>>;
  /** `isOnline()` is `undefined` until the runtime's asynchronous answer arrives. */
  readonly asyncNetworkAnswer: boolean;
  /** The platform tells the network type (mini-programs), so a Wi-Fi/cellular switch is a change. */
  readonly networkTypes: boolean;
  /** The runtime has `off…`, so unsubscribing removes the runtime listener. */
  readonly removesListeners: boolean;
  /** A record larger than one entry of the runtime's store may hold. */
  readonly bigRecordBytes: number;
}

const STANDIN_ADDRESS = { spaceId: 'standin-space', clientSecret: 'standin-secret', endpoint: 'http://127.0.0.1:9' };

/** Lets queued callbacks (an asynchronous `getNetworkType` answer) run. */
export async function settle(until: () => boolean = () => false): Promise<void> {
  for (let i = 0; i < 200 && !until(); i++) await Promise.resolve();
}

const TOKEN_ANSWER = { success: true, data: { accessToken: 'standin-token', expiresInSecond: 600 } };

/** The contract every platform passes; one `it` per promise the `Platform` port makes. */
export function platformContract(h: PlatformHarness): void {
  it('isOnline reflects the runtime: unknown until it answers, then its state', async () => {
    for (const online of [true, false]) {
      const world = h.world({ online });
      const platform = world.platform();
      if (h.asyncNetworkAnswer) expect(platform.isOnline()).toBeUndefined();
      await settle();
      expect(platform.isOnline()).toBe(online);
      if (h.networkTypes) expect(platform.networkType?.()).toBe(online ? 'wifi' : 'none');
    }
  });

  it('onNetworkChange fires once per real change, with normalised values, and stops after unsubscribe', async () => {
    const world = h.world({ online: true });
    const platform = world.platform();
    await settle();
    const first: boolean[] = [];
    const second: boolean[] = [];
    const stopFirst = platform.onNetworkChange((online) => first.push(online));
    const stopSecond = platform.onNetworkChange((online) => second.push(online));
    const set = (kind: 'wifi' | '4g' | 'none', spelling = 0) =>
      world.controls.setNetwork(h.spell[kind][Math.min(spelling, h.spell[kind].length - 1)] as string);
    set('wifi');
    set('wifi', 1);
    expect(first).toEqual([]);
    set('none');
    set('none', 1);
    expect(first).toEqual([false]);
    expect(platform.isOnline()).toBe(false);
    if (h.networkTypes) expect(platform.networkType?.()).toBe('none');
    set('4g');
    expect(first).toEqual([false, true]);
    if (h.networkTypes) expect(platform.networkType?.()).toBe('4g');
    set('wifi', 1);
    // A Wi-Fi/cellular switch is a change where the platform knows types (WeChat cancels requests then).
    expect(first).toEqual(h.networkTypes ? [false, true, true] : [false, true]);
    if (h.networkTypes) expect(platform.networkType?.()).toBe('wifi');
    stopFirst();
    stopFirst();
    set('none');
    expect(first).toEqual(h.networkTypes ? [false, true, true] : [false, true]);
    expect(second.at(-1)).toBe(false);
    stopSecond();
    if (h.removesListeners) expect(world.controls.listenerCount('network')).toBe(0);
    const count = second.length;
    set('wifi');
    expect(second.length).toBe(count);
  });

  it('a subscriber after everyone left learns the state again', async () => {
    const world = h.world({ online: true });
    const platform = world.platform();
    await settle();
    platform.onNetworkChange(() => undefined)();
    world.controls.setNetwork(h.spell.none[0] as string);
    const heard: boolean[] = [];
    const stop = platform.onNetworkChange((online) => heard.push(online));
    await settle();
    expect(platform.isOnline()).toBe(false);
    // Told at most once: a platform that stopped listening learns it now, one that kept listening knew.
    expect(heard.length).toBeLessThanOrEqual(1);
    expect(heard.every((online) => !online)).toBe(true);
    stop();
  });

  it('onAppShow and onAppHide fire on show and hide, and stop after unsubscribe', () => {
    const world = h.world({ online: true });
    const platform = world.platform();
    const events: string[] = [];
    const stopShow = platform.onAppShow(() => events.push('show'));
    const stopHide = platform.onAppHide(() => events.push('hide'));
    world.controls.hide();
    world.controls.show();
    world.controls.hide();
    world.controls.show();
    expect(events).toEqual(['hide', 'show', 'hide', 'show']);
    stopShow();
    stopHide();
    stopHide();
    if (h.removesListeners) {
      expect(world.controls.listenerCount('appShow')).toBe(0);
      expect(world.controls.listenerCount('appHide')).toBe(0);
    }
    world.controls.hide();
    world.controls.show();
    expect(events).toHaveLength(4);
  });

  it('defaultStorage round-trips records, a big one included, and keeps them across a restart', async () => {
    const world = h.world({ online: true });
    const platform = world.platform();
    const storage = platform.defaultStorage();
    expect(platform.defaultStorage()).toBe(storage);
    const big = { _id: 'big', text: 'x'.repeat(h.bigRecordBytes) + '长'.repeat(1000) };
    const expected: [string, JsonObject][] = [
      ['a', { _id: 'a', title: 'buy milk', done: false, at: 1_717_000_000_000 }],
      ['big', big],
      ['b', { _id: 'b', title: 'tax "return"', tags: ['home', 'ß'] }],
    ];
    await storage.commit('todos', { puts: expected.map(([key, value]) => put(key, value)), deletes: [] });
    await storage.commit('meta', { puts: [put('checkpoint', { at: 5 })], deletes: [] });
    expect(await records(storage, 'todos')).toEqual(expected.sort(([x], [y]) => (x < y ? -1 : 1)));
    await storage.close();
    const restarted = world.platform().defaultStorage();
    expect(restarted).not.toBe(storage);
    expect(await records(restarted, 'todos')).toEqual(expected);
    expect((await restarted.namespaces()).sort()).toEqual(['meta', 'todos']);
    await restarted.close();
  });

  it('a full store rejects a commit with QUOTA_EXCEEDED, and nothing already stored is lost', async () => {
    const world = h.world({ online: true });
    const storage = world.platform().defaultStorage();
    const before: [string, JsonObject][] = [
      ['a', { n: 1 }],
      ['b', { n: 2 }],
    ];
    await storage.commit('todos', { puts: before.map(([key, value]) => put(key, value)), deletes: [] });
    world.controls.fillStorage(2 * 1024);
    const commit = { puts: [put('a', { n: 10 }), put('c', { text: 'x'.repeat(8 * 1024) })], deletes: ['b'] };
    expect(await codeOf(storage.commit('todos', commit))).toBe('QUOTA_EXCEEDED');
    expect(await records(storage, 'todos')).toEqual(before);
    await storage.close();
    const restarted = world.platform().defaultStorage();
    expect(await records(restarted, 'todos')).toEqual(before);
    world.controls.freeStorage();
    await restarted.commit('todos', commit);
    expect(await records(restarted, 'todos')).toEqual([
      ['a', { n: 10 }],
      ['c', { text: 'x'.repeat(8 * 1024) }],
    ]);
    await restarted.close();
  });

  it('keeps within the quotaBytes option', async () => {
    const world = h.world({ online: true });
    const storage = world.platform({ quotaBytes: 32 * 1024 }).defaultStorage();
    await storage.commit('todos', { puts: [put('a', { n: 1 })], deletes: [] });
    expect(await codeOf(storage.commit('todos', { puts: [put('b', { text: 'x'.repeat(40 * 1024) })], deletes: [] }))).toBe('QUOTA_EXCEEDED');
    expect(await records(storage, 'todos')).toEqual([['a', { n: 1 }]]);
    await storage.close();
  });

  it('classifyError maps what the official SDK throws for each documented request failure', async () => {
    const world = h.world({ online: true });
    const platform = world.platform();
    for (const failure of world.failures) {
      const mp = sdkOn(world.sdkApp, STANDIN_ADDRESS);
      world.controls.respondWith(() => TOKEN_ANSWER);
      await mp.init({ authType: 'anonymous' });
      failure.inject();
      const sent = world.sentCount();
      const call = (mp.db.collection('todos').findOne({}) as Promise<unknown>).then(
        (value) => ({ resolved: true as const, value }),
        (error: unknown) => ({ resolved: false as const, error }),
      );
      await settle(() => world.sentCount() > sent);
      failure.after?.();
      const outcome = await call;
      if (failure.platform === 'resolves') {
        expect(outcome.resolved, failure.name).toBe(true);
        continue;
      }
      expect(outcome.resolved, `${failure.name} must reject`).toBe(false);
      const error = outcome.resolved ? undefined : outcome.error;
      expect(platform.classifyError?.(error), failure.name).toBe(failure.platform);
      expect(classifySdkError(error, (e) => platform.classifyError?.(e)).code, failure.name).toBe(failure.final ?? failure.platform);
    }
    world.controls.respondWith(undefined);
  });

  it('classifyError also reads the wrapper the SDK rejects with when authorization fails', async () => {
    const world = h.world({ online: true });
    const platform = world.platform();
    const failure = world.failures.find((f) => f.platform !== undefined && f.platform !== 'resolves' && !f.after) as FailureCase;
    const mp = sdkOn(world.sdkApp, STANDIN_ADDRESS);
    failure.inject();
    let error: unknown;
    await (mp.user.authorize({ authType: 'anonymous' }) as Promise<unknown>).catch((e: unknown) => (error = e));
    expect(error).toMatchObject({ body: {}, error: expect.anything() });
    expect(platform.classifyError?.(error)).toBe(failure.platform);
  });
}
