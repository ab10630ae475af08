import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createSyncClient } from '../../src/index';
import { fileStorage } from '../../src/store';
import { memoryPlatform } from '../../src/testing';

const WRITER = fileURLToPath(new URL('../fixtures/client-writer.ts', import.meta.url));

describe('a client on the Node data folder killed with SIGKILL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mpsync-crash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every acknowledged write, and what it keeps is a prefix of the writes', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let acked = -1;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const lines = out.split('\n');
        out = lines.pop() ?? '';
        for (const line of lines) acked = Number(line.slice(4));
        if (acked >= 40) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.once('exit', (code) => (acked < 40 ? reject(new Error(`writer exited early with ${code}`)) : undefined));
    });
    await new Promise((resolve) => child.once('exit', resolve));

    const mpServerless = { options: { spaceId: 'crash-test' }, db: { collection: () => ({}) } };
    const client = await createSyncClient({
      mpServerless,
      platform: memoryPlatform({ online: false }),
      storage: fileStorage({ dir }),
      collections: { todos: {} },
    });
    const todos = client.db.collection('todos');
    const docs = (await todos.find({}, { sort: { _id: 1 } })).result as Array<{ _id: number; done?: boolean }>;
    const ids = docs.map((d) => d._id);
    expect(ids.length).toBeGreaterThanOrEqual(acked + 1);
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => i));
    for (const doc of docs.slice(0, acked + 1)) expect(doc.done === true).toBe(doc._id % 3 === 0);
    expect(client.status().pendingWrites).toBe(ids.length);
    await client.close();
  });
});
