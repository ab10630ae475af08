import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator';
import { anonymousSdk } from '../helpers/sdk';

describe('an emulator data folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mpsync-emu-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves one emulator at a time: a second one refuses to start, and starts once the first stopped', async () => {
    const dataDir = join(dir, 'data');
    const first = await createEmulator({ port: 0, dataDir });
    await (await anonymousSdk(first)).db.collection('todos').insertOne({ _id: 'kept' });
    await expect(createEmulator({ port: 0, dataDir })).rejects.toThrow(/data folder .* is used by another emulator \(process \d+\)/);
    await first.stop();
    const second = await createEmulator({ port: 0, dataDir });
    try {
      expect((await (await anonymousSdk(second)).db.collection('todos').findOne({ _id: 'kept' })).result).toEqual({ _id: 'kept' });
    } finally {
      await second.stop();
    }
  });
});
