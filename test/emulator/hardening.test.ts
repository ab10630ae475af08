import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commandParams } from '../../src/sdk/commands';
import { createEmulator, type Emulator } from '../../src/emulator';
import { hostileCases, nestedDoc, ownProtoKeyCases } from '../corpus/hostile';
import { runCase } from '../corpus/run-case';
import { anonymousToken, prototypeExtras, rawRequest, signedCall } from '../helpers/hostile';
import { anonymousSdk, rejectionOf, type Sdk } from '../helpers/sdk';

describe('hostile database requests against the emulator', () => {
  let emulator: Emulator;
  let sdk: Sdk;
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0 });
    sdk = await anonymousSdk(emulator);
  });
  afterAll(() => emulator.stop());
  afterEach(() => {
    expect(prototypeExtras()).toEqual([]);
  });

  it('leaves Object.prototype untouched after every hostile corpus case, through the official SDK', async () => {
    for (const c of hostileCases) {
      await runCase(sdk.db, c);
      expect({ case: c.name, extras: prototypeExtras() }).toEqual({ case: c.name, extras: [] });
    }
  });

  it('keeps projections, plain updates and transactions working after reading { constructor: { prototype } }', async () => {
    const c = sdk.db.collection('poison');
    await c.insertOne({ _id: 'p', constructor: { prototype: { K: 1 } } });
    expect((await c.find({}, { projection: { constructor: 1 } })).result).toEqual([{ _id: 'p', constructor: { prototype: { K: 1 } } }]);
    expect((await c.aggregate([{ $project: { 'constructor.prototype': 1 } }])).result).toEqual([{ _id: 'p', constructor: { prototype: { K: 1 } } }]);
    expect(({} as Record<string, unknown>).K).toBeUndefined();

    await c.insertOne({ _id: 'q', title: 't', n: 1 });
    expect((await c.find({ _id: 'q' }, { projection: { title: 1 } })).result).toEqual([{ _id: 'q', title: 't' }]);
    // A polluted prototype turned plain updates of missing documents into upserts.
    expect((await c.updateOne({ _id: 'missing' }, { $set: { n: 2 } })).result).toEqual({ matchedCount: 0, modifiedCount: 0, upsertedId: null });
    expect((await c.updateOne({ _id: 'q' }, { $inc: { n: 1 } })).result).toEqual({ matchedCount: 1, modifiedCount: 1, upsertedId: null });
    const txn = await sdk.db.startTransaction();
    await txn.collection('poison').insertOne({ _id: 't' });
    await txn.commit();
    expect((await c.count({})).result).toBe(3);
  });

  it('refuses own __proto__ keys in raw requests with BadValue and stores nothing', async () => {
    const token = await anonymousToken(emulator);
    for (const c of ownProtoKeyCases) {
      // The data goes in through the SDK; the hostile call goes out raw, as no SDK would send it.
      await sdk.db.collection('corpus').deleteMany({});
      if (c.data?.length) await sdk.db.collection('corpus').insertMany(c.data);
      const answer = await signedCall(
        emulator,
        'serverless.db.default.execute',
        { collection: 'corpus', ...commandParams(c.op, c.args), command: c.op },
        { token },
      );
      expect({ case: c.name, code: answer.error?.code }).toEqual({ case: c.name, code: c.expect.error });
      if (c.after) expect((await sdk.db.collection('corpus').find({}, { sort: { _id: 1 } })).result).toEqual(c.after);
    }
  });

  it('answers a far array index at once and keeps serving others', async () => {
    const c = sdk.db.collection('far');
    await c.insertOne({ _id: 1, arr: [1], a: [] });
    const [far, index, other] = await Promise.all([
      rejectionOf(() => c.updateOne({ _id: 1 }, { $set: { 'arr.100000000': 1 } })),
      rejectionOf(() => c.updateOne({ _id: 1 }, { $set: { 'a.1500001': 1 } })),
      c.count({}),
    ]);
    expect(far.code).toBe('BadValue');
    expect(index.code).toBe('BadValue');
    expect(other.result).toBe(1);
    expect((await c.updateOne({ _id: 1 }, { $set: { 'a.3': 1 } })).result.modifiedCount).toBe(1);
    expect((await c.findOne({ _id: 1 })).result).toEqual({ _id: 1, arr: [1], a: [null, null, null, 1] });
  });

  it('evaluates a catastrophic regular expression without stalling', async () => {
    const c = sdk.db.collection('regex');
    await c.insertOne({ _id: 1, s: `${'a'.repeat(27)}!` });
    await c.insertOne({ _id: 2, s: 'aaa' });
    // Without the linear-time fallback, each of these backtracks for many seconds.
    expect((await c.find({ s: { $regex: '^(a+)+$' } })).result).toEqual([{ _id: 2, s: 'aaa' }]);
    expect((await c.aggregate([{ $project: { m: { $regexMatch: { input: '$s', regex: '^(a|a)*$' } } } }])).result).toEqual([
      { _id: 1, m: false },
      { _id: 2, m: true },
    ]);
  });

  it('refuses documents nested thousands of levels deep with BadValue, through the SDK and raw', async () => {
    const c = sdk.db.collection('deep');
    expect((await rejectionOf(() => c.insertOne(nestedDoc(1, 3000)))).code).toBe('BadValue');
    expect((await rejectionOf(() => c.find({ x: nestedDoc(2, 3000) }))).code).toBe('BadValue');
    const token = await anonymousToken(emulator);
    let deep = '1';
    for (let i = 0; i < 100_000; i++) deep = `[${deep}]`;
    const params = `{"collection":"deep","command":"insertOne","doc":{"_id":3,"d":${deep}},"options":{}}`;
    const body = { spaceId: emulator.spaceId, method: 'serverless.db.default.execute', params, token, timestamp: Date.now() };
    const { clientSignature } = await import('../../src/emulator/auth/signature');
    const answer = await rawRequest(
      emulator,
      'POST',
      '/client',
      { 'content-type': 'application/json', 'x-serverless-sign': clientSignature(body, emulator.clientSecret) },
      JSON.stringify(body),
    );
    expect(JSON.parse(answer.body)).toMatchObject({ success: false, error: { code: 'BadValue' } });
    expect((await c.count({})).result).toBe(0);
  });
});

describe('the time budget of a command', () => {
  let emulator: Emulator;
  let sdk: Sdk;
  beforeAll(async () => {
    // Each reading of the work clock is one "millisecond", so the budget runs out after a known
    // amount of work whatever the machine's speed.
    let ticks = 0;
    emulator = await createEmulator({ port: 0, commandTimeoutMs: 50, workClock: () => ++ticks });
    sdk = await anonymousSdk(emulator);
  });
  afterAll(() => emulator.stop());

  it('stops a long evaluation with ExceededTimeLimit, applies nothing, and serves the next request', async () => {
    const c = sdk.db.collection('work');
    await c.insertMany([
      { _id: 1, n: 1 },
      { _id: 2, n: 2 },
    ]);
    const heavy = { $reduce: { input: { $range: [0, 200_000] }, initialValue: 0, in: { $add: ['$$value', '$$this'] } } };
    expect((await rejectionOf(() => c.aggregate([{ $project: { s: heavy } }]))).code).toBe('ExceededTimeLimit');
    expect((await rejectionOf(() => c.updateMany({}, [{ $set: { s: heavy } }]))).code).toBe('ExceededTimeLimit');
    expect((await c.find({}, { sort: { _id: 1 } })).result).toEqual([
      { _id: 1, n: 1 },
      { _id: 2, n: 2 },
    ]);
    expect((await c.aggregate([{ $project: { s: { $add: ['$n', 1] } } }])).result).toEqual([
      { _id: 1, s: 2 },
      { _id: 2, s: 3 },
    ]);
  });
});
