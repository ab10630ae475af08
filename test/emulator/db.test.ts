import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator';
import { anonymousSdk, rejectionOf, type Sdk } from '../helpers/sdk';
import { manualClock } from '../helpers/clock';

describe('database commands through the official SDK', () => {
  let emulator: Emulator;
  let sdk: Sdk;
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0 });
    sdk = await anonymousSdk(emulator);
  });
  afterAll(() => emulator.stop());

  it('makes a 24-hex _id for a document without one, and answers insertedId at the top level', async () => {
    const todos = sdk.db.collection('ids');
    const one = await todos.insertOne({ title: 'a' });
    expect(one.insertedId).toMatch(/^[0-9a-f]{24}$/);
    expect(one).toEqual({ success: true, affectedDocs: 1, insertedId: one.insertedId, result: { insertedId: one.insertedId } });
    const many = await todos.insertMany([{ title: 'b' }, { _id: 7, title: 'c' }]);
    expect(many.insertedIds).toHaveLength(2);
    expect(many.insertedIds[1]).toBe(7);
    expect(new Set([one.insertedId, ...many.insertedIds]).size).toBe(3);
    const stored = await todos.find({}, { projection: { _id: 1 } });
    expect(stored.result.map((d: { _id: unknown }) => d._id)).toEqual([one.insertedId, ...many.insertedIds]);
  });

  it('revives dates in answers exactly where the SDK revives ISO strings', async () => {
    const todos = sdk.db.collection('dates');
    const at = new Date('2024-01-02T03:04:05.678Z');
    await todos.insertOne({ _id: 'd', at, label: '2024-01-02T03:04:05.678Z', day: '2024-01-02' });
    const { result } = await todos.findOne({ at: { $gte: new Date('2024-01-01T00:00:00.000Z') } });
    expect(result.at).toBeInstanceOf(Date);
    expect(result.at.getTime()).toBe(at.getTime());
    expect(result.label).toBeInstanceOf(Date); // the SDK revives any string of that exact shape
    expect(result.day).toBe('2024-01-02');
  });

  it('stamps $currentDate with the emulator clock as a date the SDK revives', async () => {
    const fixed = Date.UTC(2030, 4, 6, 7, 8, 9, 10);
    const clocked = await createEmulator({ port: 0, now: () => fixed });
    try {
      const s = await anonymousSdk(clocked);
      await s.db.collection('t').insertOne({ _id: 1 });
      await s.db.collection('t').updateOne({ _id: 1 }, { $currentDate: { _mt: true } });
      const { result } = await s.db.collection('t').findOne({ _id: 1 });
      expect(result._mt).toEqual(new Date(fixed));
    } finally {
      await clocked.stop();
    }
  });

  it('runs all 15 operations with MongoDB semantics', async () => {
    const c = sdk.db.collection('all15');
    await c.insertMany([
      { _id: 1, n: 1, tags: ['a'] },
      { _id: 2, n: 2, tags: ['a', 'b'] },
    ]);
    await c.insertOne({ _id: 3, n: 3 });
    expect((await c.find({ n: { $gte: 2 } }, { sort: { n: -1 } })).result.map((d: { _id: number }) => d._id)).toEqual([3, 2]);
    expect((await c.findOne({ tags: 'b' })).result).toEqual({ _id: 2, n: 2, tags: ['a', 'b'] });
    expect((await c.count({ tags: 'a' })).result).toBe(2);
    expect((await c.distinct('tags', {})).result).toEqual(['a', 'b']);
    expect((await c.aggregate([{ $group: { _id: null, total: { $sum: '$n' } } }])).result).toEqual([{ _id: null, total: 6 }]);
    expect((await c.updateOne({ _id: 1 }, { $inc: { n: 10 } })).result).toEqual({ matchedCount: 1, modifiedCount: 1, upsertedId: null });
    expect((await c.updateMany({}, { $set: { seen: true } })).affectedDocs).toBe(3);
    expect((await c.replaceOne({ _id: 3 }, { n: 30 })).result).toEqual({ matchedCount: 1, modifiedCount: 1, upsertedId: null });
    expect((await c.findOneAndUpdate({ _id: 2 }, { $push: { tags: 'c' } })).result.tags).toEqual(['a', 'b']);
    expect((await c.findOneAndUpdate({ _id: 2 }, { $pop: { tags: 1 } }, { returnNewDocument: true })).result.tags).toEqual(['a', 'b']);
    expect((await c.findOneAndReplace({ _id: 3 }, { n: 31 }, { returnNewDocument: true })).result).toEqual({ _id: 3, n: 31 });
    expect((await c.findOneAndDelete({ _id: 3 })).result).toEqual({ _id: 3, n: 31 });
    expect((await c.deleteOne({ n: { $gt: 0 } })).result).toEqual({ deletedCount: 1 });
    expect((await c.deleteMany({})).result).toEqual({ deletedCount: 1 });
    expect((await c.count({})).result).toBe(0);
  });

  it('refuses a duplicate _id and writes nothing', async () => {
    const c = sdk.db.collection('dup');
    await c.insertOne({ _id: 'x', v: 1 });
    expect((await rejectionOf(() => c.insertOne({ _id: 'x', v: 2 }))).code).toBe('DuplicateKey');
    expect((await rejectionOf(() => c.updateOne({ _id: 'x', v: 99 }, { $set: { v: 3 } }, { upsert: true }))).code).toBe('DuplicateKey');
    expect((await c.find({})).result).toEqual([{ _id: 'x', v: 1 }]);
  });
});

describe('transactions', () => {
  let emulator: Emulator;
  let sdk: Sdk;
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0 });
    sdk = await anonymousSdk(emulator);
  });
  afterAll(() => emulator.stop());

  it('keeps writes invisible until commit, then applies them together', async () => {
    const outside = sdk.db.collection('accounts');
    await outside.insertMany([
      { _id: 'a', balance: 10 },
      { _id: 'b', balance: 0 },
    ]);
    const txn = await sdk.db.startTransaction();
    const inTxn = txn.collection('accounts');
    await inTxn.updateOne({ _id: 'a' }, { $inc: { balance: -5 } });
    await inTxn.updateOne({ _id: 'b' }, { $inc: { balance: 5 } });
    await inTxn.insertOne({ _id: 'log', note: 'moved 5' });
    expect((await inTxn.findOne({ _id: 'a' })).result.balance).toBe(5);
    expect((await outside.findOne({ _id: 'a' })).result.balance).toBe(10);
    expect((await outside.findOne({ _id: 'log' })).result).toBeNull();
    await txn.commit();
    expect((await outside.find({}, { sort: { _id: 1 } })).result).toEqual([
      { _id: 'a', balance: 5 },
      { _id: 'b', balance: 5 },
      { _id: 'log', note: 'moved 5' },
    ]);
  });

  it('leaves no trace when aborted', async () => {
    const c = sdk.db.collection('aborted');
    await c.insertOne({ _id: 1, v: 1 });
    const txn = await sdk.db.startTransaction();
    await txn.collection('aborted').updateOne({ _id: 1 }, { $set: { v: 2 } });
    await txn.collection('aborted').deleteOne({ _id: 1 });
    await txn.collection('aborted').insertOne({ _id: 2 });
    await txn.rollback();
    expect((await c.find({})).result).toEqual([{ _id: 1, v: 1 }]);
    const error = await rejectionOf(() =>
      sdk.network.forward('serverless.db.default.execute', { collection: 'aborted', transactionId: txn.id, command: 'findOne', options: {} }),
    );
    expect(error.code).toBe('TransactionNotFound');
  });

  it('refuses commands the SDK does not allow in a transaction, and unknown ids', async () => {
    const txn = await sdk.db.startTransaction();
    const raw = (command: string, extra: Record<string, unknown> = {}) =>
      sdk.network.forward('serverless.db.default.execute', { collection: 'x', transactionId: txn.id, command, options: {}, ...extra });
    expect((await rejectionOf(() => raw('find', { query: {} }))).code).toBe('TransactionCommandNotSupported');
    expect((await rejectionOf(() => raw('insertMany', { docs: [{}] }))).code).toBe('TransactionCommandNotSupported');
    expect(
      (
        await rejectionOf(() =>
          sdk.network.forward('serverless.db.default.execute', { collection: 'x', transactionId: 'txn-nope', command: 'findOne', options: {} }),
        )
      ).code,
    ).toBe('TransactionNotFound');
    await txn.rollback();
  });

  it('fails a commit with WriteConflict when another write changed a document it wrote', async () => {
    const c = sdk.db.collection('conflict');
    await c.insertOne({ _id: 1, v: 0 });
    const txn = await sdk.db.startTransaction();
    await txn.collection('conflict').updateOne({ _id: 1 }, { $set: { v: 'txn' } });
    await c.updateOne({ _id: 1 }, { $set: { v: 'outside' } });
    expect((await rejectionOf(() => txn.commit())).code).toBe('WriteConflict');
    expect((await c.findOne({ _id: 1 })).result).toEqual({ _id: 1, v: 'outside' });
  });

  it('belongs to the user who started it', async () => {
    const txn = await sdk.db.startTransaction();
    const other = await anonymousSdk(emulator);
    const error = await rejectionOf(() =>
      other.network.forward('serverless.db.default.execute', { collection: 'x', transactionId: txn.id, command: 'insertOne', doc: {}, options: {} }),
    );
    expect(error.code).toBe('TransactionNotFound');
    await txn.rollback();
  });
});

describe('held writes (late commits)', () => {
  it('a write stamped first can commit after a later one', async () => {
    const clock = manualClock();
    const emulator = await createEmulator({ port: 0, now: clock });
    try {
      const sdk = await anonymousSdk(emulator);
      const c = sdk.db.collection('late');
      const hold = emulator.holdWrite({ collection: 'late', command: 'updateOne' });
      const slow = c.updateOne({ _id: 'slow' }, { $set: { v: 1 }, $currentDate: { _mt: true } }, { upsert: true });
      await hold.held;
      clock.advance(1000);
      await c.updateOne({ _id: 'fast' }, { $set: { v: 1 }, $currentDate: { _mt: true } }, { upsert: true });
      expect((await c.find({}, { projection: { _id: 1 } })).result).toEqual([{ _id: 'fast' }]);
      hold.release();
      expect((await slow).result).toMatchObject({ upsertedId: 'slow' });
      const docs = (await c.find({}, { sort: { _mt: 1 } })).result;
      expect(docs.map((d: { _id: string }) => d._id)).toEqual(['slow', 'fast']);
      expect(docs[0]._mt.getTime()).toBeLessThan(docs[1]._mt.getTime());
    } finally {
      await emulator.stop();
    }
  });

  it('a held write whose document changed meanwhile fails with WriteConflict and applies nothing', async () => {
    const emulator = await createEmulator({ port: 0 });
    try {
      const sdk = await anonymousSdk(emulator);
      const c = sdk.db.collection('held');
      await c.insertOne({ _id: 1, n: 0 });
      const hold = emulator.holdWrite({ collection: 'held' });
      const slow = rejectionOf(() => c.updateOne({ _id: 1 }, { $inc: { n: 1 } }));
      await hold.held;
      const other = await anonymousSdk(emulator);
      await other.db.collection('held').updateOne({ _id: 1 }, { $set: { n: 100 } });
      hold.release();
      expect((await slow).code).toBe('WriteConflict');
      expect((await c.findOne({ _id: 1 })).result).toEqual({ _id: 1, n: 100 });
    } finally {
      await emulator.stop();
    }
  });
});
