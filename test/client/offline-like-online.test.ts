import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncClient } from '../../src/index';
import { createEmulator, type Emulator } from '../../src/emulator';
import { node } from '../../src/platform/node';
import { anonymousSdk, newSdk } from '../helpers/sdk';
import type { CollectionCommand } from '../../src/sdk/commands';
import type { SyncedCollection } from '../../src/client/synced-collection';

const at = new Date('2024-05-06T07:08:09.010Z');
// One app session using all 15 operations, with the arguments an app would pass.
const SESSION: Array<[CollectionCommand, unknown[]]> = [
  ['insertOne', [{ _id: 't1', title: 'milk', done: false, n: 1, tags: ['shop'], at }]],
  [
    'insertMany',
    [
      [
        { _id: 't2', title: 'bread', done: true, n: 2, tags: [] },
        { _id: 't3', title: 'tax', done: false, n: 3, tags: ['home', 'shop'] },
      ],
    ],
  ],
  ['find', [{ done: false }, { sort: { n: -1 }, limit: 20 }]],
  ['findOne', [{ at: { $lte: new Date('2025-01-01T00:00:00.000Z') } }]],
  ['count', [{ tags: 'shop' }]],
  ['distinct', ['tags', {}]],
  ['aggregate', [[{ $unwind: '$tags' }, { $group: { _id: '$tags', n: { $sum: '$n' } } }, { $sort: { _id: 1 } }]]],
  ['updateOne', [{ _id: 't1' }, { $set: { done: true }, $inc: { n: 5 }, $push: { tags: 'urgent' } }]],
  ['updateMany', [{ done: false }, { $set: { later: true } }]],
  ['replaceOne', [{ _id: 't2' }, { title: 'rye bread', done: false }]],
  ['findOneAndUpdate', [{ _id: 't3' }, { $pull: { tags: 'home' } }, { returnNewDocument: true }]],
  ['findOneAndReplace', [{ _id: 't2' }, { title: 'sourdough' }, { projection: { title: 1 } }]],
  ['findOneAndDelete', [{ title: 'sourdough' }]],
  ['deleteOne', [{ _id: 'nope' }]],
  ['updateOne', [{ _id: 't9', listId: 'inbox' }, { $setOnInsert: { title: 'new' } }, { upsert: true }]],
  ['deleteMany', [{ later: true }]],
  ['find', [{}, { sort: { _id: 1 } }]],
];

async function play(collection: SyncedCollection): Promise<unknown[]> {
  const answers: unknown[] = [];
  for (const [op, args] of SESSION) answers.push(await collection[op](...args));
  return answers;
}

describe('the 15 operations offline answer what they answer online', () => {
  let emulator: Emulator;
  const dir = mkdtempSync(join(tmpdir(), 'mpsync-offline-'));
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0 });
  });
  afterAll(async () => {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a client on the Node data folder, with the emulator offline, gets the online results, and keeps them across a restart', async () => {
    const online = await play((await anonymousSdk(emulator)).db.collection('todos'));
    emulator.setFaults({ offline: true });
    const platform = node({ dataDir: dir });
    const client = await createSyncClient({ mpServerless: newSdk(emulator), platform, collections: { todos: {} } });
    const offline = await play(client.db.collection('todos'));
    expect(offline).toEqual(online);
    // Dates come back as Date objects exactly where the SDK made them.
    expect((offline[3] as { result: { at: unknown } }).result.at).toBeInstanceOf(Date);
    const pending = client.status().pendingWrites;
    expect(pending).toBeGreaterThan(0);
    await client.close();

    const reopened = await createSyncClient({ mpServerless: newSdk(emulator), platform, collections: { todos: {} } });
    expect(await reopened.db.collection('todos').find({}, { sort: { _id: 1 } })).toEqual(online[online.length - 1]);
    expect(reopened.status().pendingWrites).toBe(pending);
    await reopened.close();
  });
});
