import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSyncClient, type SyncClient } from '../../src/index';
import { createEmulator, type Emulator } from '../../src/emulator';
import { memoryPlatform } from '../../src/testing';
import { hostileCases, nestedDoc, ownProtoKeyCases } from '../corpus/hostile';
import { runCase } from '../corpus/run-case';
import { prototypeExtras } from '../helpers/hostile';
import { newSdk, rejectionOf } from '../helpers/sdk';

// The offline side of the hostile inputs: mpsync's local evaluator shares src/query with the
// emulator, so the app's own process must come out of them just as unharmed.
describe('hostile inputs answered offline', () => {
  let emulator: Emulator;
  let client: SyncClient;
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0 });
    emulator.setFaults({ offline: true });
    client = await createSyncClient({ mpServerless: newSdk(emulator), platform: memoryPlatform({ online: false }), collections: { corpus: {}, notes: {} } });
  });
  afterAll(async () => {
    await client.close();
    await emulator.stop();
  });
  afterEach(() => {
    expect(prototypeExtras()).toEqual([]);
  });

  it('leaves Object.prototype untouched after every hostile corpus case', async () => {
    for (const c of hostileCases) {
      await runCase(client.db, c);
      expect({ case: c.name, extras: prototypeExtras() }).toEqual({ case: c.name, extras: [] });
    }
  });

  it('refuses own __proto__ keys with BadValue, the code the emulator answers, and caches nothing of them', async () => {
    for (const c of ownProtoKeyCases) {
      const { outcome, after } = await runCase(client.db, c);
      expect({ case: c.name, outcome }).toEqual({ case: c.name, outcome: c.expect });
      if (c.after) expect(after).toEqual(c.after);
    }
    const notes = client.db.collection('notes');
    expect((await rejectionOf(() => notes.insertOne(JSON.parse('{"_id": "n", "__proto__": {"admin": true}}')))).code).toBe('BadValue');
    expect((await notes.find({})) as { result: unknown[] }).toMatchObject({ result: [] });
  });

  it('keeps projections and updates working after reading { constructor: { prototype } }', async () => {
    const notes = client.db.collection('notes');
    await notes.insertOne({ _id: 'p', constructor: { prototype: { K: 1 } }, title: 'poison' });
    expect(await notes.find({}, { projection: { constructor: 1 } })).toMatchObject({ result: [{ _id: 'p', constructor: { prototype: { K: 1 } } }] });
    expect(({} as Record<string, unknown>).K).toBeUndefined();
    await notes.insertOne({ _id: 'q', title: 'plain', n: 1 });
    expect(await notes.find({ _id: 'q' }, { projection: { title: 1 } })).toMatchObject({ result: [{ _id: 'q', title: 'plain' }] });
    expect(await notes.updateOne({ _id: 'missing' }, { $set: { n: 2 } })).toMatchObject({ result: { matchedCount: 0, upsertedId: null } });
    expect(await notes.updateOne({ _id: 'q' }, { $inc: { n: 1 } })).toMatchObject({ result: { matchedCount: 1, modifiedCount: 1 } });
  });

  it('refuses over-deep documents and far array indexes at once', async () => {
    const notes = client.db.collection('notes');
    expect((await rejectionOf(() => notes.insertOne(nestedDoc(9, 3000)))).code).toBe('BadValue');
    await notes.insertOne({ _id: 'arr', a: [] });
    expect((await rejectionOf(() => notes.updateOne({ _id: 'arr' }, { $set: { 'a.1500001': 1 } }))).code).toBe('BadValue');
    expect(await notes.findOne({ _id: 'arr' })).toMatchObject({ result: { _id: 'arr', a: [] } });
  });
});
