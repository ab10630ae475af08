import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncClient } from '../../src/index';
import { createEmulator, type Emulator } from '../../src/emulator';
import { node } from '../../src/platform/node';
import { newSdk } from '../helpers/sdk';

describe('status().online on Node', () => {
  let emulator: Emulator;
  let dir: string;
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'mpsync-node-online-'));
  });
  afterAll(async () => {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is undefined (Node cannot tell) before and after a sync, while the sync itself works', async () => {
    const client = await createSyncClient({ mpServerless: newSdk(emulator), platform: node({ dataDir: dir }), collections: { todos: {} } });
    expect(client.status().online).toBeUndefined();
    await client.db.collection('todos').insertOne({ _id: 'a' });
    await client.syncNow();
    expect(client.status()).toMatchObject({ online: undefined, authorized: true, pendingWrites: 0, lastError: null });
    await client.close();
  });
});
