import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncClient } from '../../src/index';
import { LOCK_FILE } from '../../src/node/folder-lock';
import { fileStorage } from '../../src/store';
import { memoryPlatform } from '../../src/testing';
import { codeOf, records } from './fixtures';

const HOLDER = fileURLToPath(new URL('../fixtures/folder-holder.ts', import.meta.url));
const WRITER = fileURLToPath(new URL('../fixtures/client-writer.ts', import.meta.url));

/** Starts a fixture and resolves with it once it printed its first line (and that line). */
function start(script: string, dir: string): Promise<{ child: ChildProcess; first: string; lines: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const parts = out.split('\n');
      out = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (lines.length === 1) resolve({ child, first: line, lines });
      }
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before printing`)));
  });
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  return exited;
}

const offlineSdk = { options: { spaceId: 'crash-test' }, db: { collection: () => ({}) } };

describe('the file backend lock: one process at a time per data folder', () => {
  let dir: string;
  const children: ChildProcess[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mpsync-lock-'));
  });
  afterEach(async () => {
    for (const child of children.splice(0)) await kill(child);
    await rm(dir, { recursive: true, force: true });
  });

  it('two live processes exclude each other; a lock left by a killed process is taken over', async () => {
    const first = await start(HOLDER, dir);
    children.push(first.child);
    expect(first.first).toBe('held');
    const second = await start(HOLDER, dir);
    children.push(second.child);
    expect(second.first).toBe('STORAGE_IN_USE');
    // This process too is refused while the first child lives, and nothing of it is written.
    const here = fileStorage({ dir });
    expect(await codeOf(here.commit('docs', { puts: [{ key: 'here', value: {} }], deletes: [] }))).toBe('STORAGE_IN_USE');
    await here.close();

    await kill(first.child);
    await kill(second.child);
    // The killed holder left its lock file behind; its process is gone, so the lock is stale.
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: first.child.pid });
    const after = fileStorage({ dir });
    expect(await records(after)).toEqual([[`pid-${first.child.pid}`, { pid: first.child.pid }]]);
    await after.close();
  });

  it('takes over an empty or torn lock file, and releases its lock on close', async () => {
    await writeFile(join(dir, LOCK_FILE), '{"pid":');
    const backend = fileStorage({ dir });
    await backend.commit('docs', { puts: [{ key: 'a', value: {} }], deletes: [] });
    const other = fileStorage({ dir });
    expect(await codeOf(other.load('docs'))).toBe('STORAGE_IN_USE');
    await backend.close();
    expect(await records(other)).toEqual([['a', {}]]);
    // Closed and used again, a backend takes the lock again.
    expect(await codeOf(backend.load('docs'))).toBe('STORAGE_IN_USE');
    await other.close();
    expect(await records(backend)).toEqual([['a', {}]]);
    await backend.close();
  });

  it('a second client on the folder of a writing client fails with STORAGE_IN_USE and no acknowledged write is lost', async () => {
    const writer = await start(WRITER, dir);
    children.push(writer.child);
    const open = () =>
      createSyncClient({ mpServerless: offlineSdk, platform: memoryPlatform({ online: false }), storage: fileStorage({ dir }), collections: { todos: {} } });
    expect(await codeOf(open())).toBe('STORAGE_IN_USE');
    await kill(writer.child);
    const acked = Math.max(...writer.lines.map((line) => Number(line.slice(4))));
    const client = await open();
    const todos = client.db.collection('todos');
    const ids = ((await todos.find({}, { sort: { _id: 1 } })).result as Array<{ _id: number }>).map((d) => d._id);
    expect(ids.length).toBeGreaterThanOrEqual(acked + 1);
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => i));
    await client.close();
  });
});
