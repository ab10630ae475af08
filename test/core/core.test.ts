import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { objectIdGenerator } from '../../src/core/object-id';
import { randomHex, seededRandom } from '../../src/core/random';
import { SerialQueue } from '../../src/core/serial-queue';
import { sha256Hex } from '../../src/core/sha256';
import { reviveDates, toWire } from '../../src/core/wire';
import { manualClock } from '../helpers/clock';

describe('sha256Hex', () => {
  it('equals node:crypto on ASCII, multi-byte, astral and block-boundary inputs', () => {
    const random = seededRandom(11);
    const inputs = ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(63), 'a'.repeat(64), 'a'.repeat(65), '中文', '😀 emoji', 'ü\u0000x'];
    for (let i = 0; i < 50; i++)
      inputs.push(Array.from({ length: Math.floor(random() * 300) }, () => String.fromCharCode(Math.floor(random() * 0xd7ff))).join(''));
    for (const input of inputs) expect(sha256Hex(input)).toBe(createHash('sha256').update(input, 'utf8').digest('hex'));
  });
});

describe('wire form', () => {
  it('is what the SDK sends: dates as ISO strings, RegExp as {}, undefined dropped', () => {
    expect(toWire({ at: new Date(0), re: /x/i, gone: undefined, list: [undefined, 1], nested: { d: new Date(1) } })).toEqual({
      at: '1970-01-01T00:00:00.000Z',
      re: {},
      list: [null, 1],
      nested: { d: '1970-01-01T00:00:00.001Z' },
    });
    expect(toWire(undefined)).toBeUndefined();
  });

  it('revives exactly the strings the SDK revives, at any depth, without touching the input', () => {
    const input = { a: '2024-01-02T03:04:05.678Z', b: ['2024-01-02T03:04:05Z', '2024-01-02'], c: { d: '2024-13-45T03:04:05.678Z' }, n: 1, z: null };
    const out = reviveDates(input) as Record<string, unknown>;
    expect(out.a).toEqual(new Date('2024-01-02T03:04:05.678Z'));
    expect(out.b).toEqual(['2024-01-02T03:04:05Z', '2024-01-02']);
    expect(out.c).toEqual({ d: '2024-13-45T03:04:05.678Z' });
    expect(input.a).toBe('2024-01-02T03:04:05.678Z');
    expect(out).toMatchObject({ n: 1, z: null });
  });
});

describe('ids and randomness', () => {
  it('seeded randomness repeats; object ids are 24 hex, time-ordered and distinct', () => {
    expect(randomHex(seededRandom(5), 16)).toBe(randomHex(seededRandom(5), 16));
    const clock = manualClock();
    const next = objectIdGenerator(clock, seededRandom(1));
    const a = next();
    clock.advance(1000);
    const b = next();
    expect(a).toMatch(/^[0-9a-f]{24}$/);
    expect(b > a).toBe(true);
    expect(new Set(Array.from({ length: 1000 }, next)).size).toBe(1000);
  });
});

describe('SerialQueue', () => {
  it('runs tasks one at a time in call order, and goes on after a failure', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const task =
      (name: string, fail = false) =>
      async () => {
        log.push(`start ${name}`);
        await Promise.resolve();
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([queue.run(task('a')), queue.run(task('b', true)), queue.run(task('c'))]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await queue.idle();
  });
});
