import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterAll, describe, expect, it } from 'vitest';
import type { FileKeeper, KeeperLimits } from '../../src/model/file-keeper';
import { miniProgramFileKeeper, type MiniProgramFileSystem } from '../../src/platform/mini-program-file-keeper';
import { nodeFileKeeper } from '../../src/platform/node-file-keeper';
import { registeredUploadFile } from '../../src/platform/fetch-sdk-adapter';
import { webFileKeeper } from '../../src/platform/web-file-keeper';
import { dexieBlobStore } from '../../src/store/dexie-blobs';
import { StandInFiles } from '../platform/standins/files';
import { rejectionOf } from '../helpers/sdk';

/** One keeper under test: how to make a file the app would name, and how the SDK would read a kept one. */
interface Subject {
  keeper(limits?: KeeperLimits): FileKeeper;
  source(bytes: Uint8Array, extension: string): string;
  read(uploadPath: string): Promise<Uint8Array>;
  missing: string;
  /** Whether the keeper's place is its own, so `list()` names its files (else it answers `undefined`). */
  listsOwn: boolean;
}

const dir = mkdtempSync(join(tmpdir(), 'mpsync-keeper-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;

const SUBJECTS: Array<[string, () => Subject]> = [
  [
    'node folder',
    () => {
      const kept = join(dir, `kept-${++counter}`);
      return {
        keeper: (limits) => nodeFileKeeper({ dir: kept, ...(limits ? { limits } : {}) }),
        source: (bytes, extension) => {
          const path = join(dir, `src-${++counter}.${extension}`);
          writeFileSync(path, bytes);
          return path;
        },
        read: (path) => Promise.resolve(new Uint8Array(readFileSync(path))),
        missing: join(dir, 'no-such.jpg'),
        listsOwn: true,
      };
    },
  ],
  [
    'mini-program saved files',
    () => {
      const files = new StandInFiles('wxfile://');
      const fs = files.fileSystemManager() as unknown as MiniProgramFileSystem;
      return {
        keeper: (limits) => miniProgramFileKeeper(fs, limits),
        source: (bytes, extension) => files.addTemp(extension, bytes),
        read: (path) => Promise.resolve(files.bytesAt(path) ?? new Uint8Array(0)),
        missing: 'wxfile://tmp_none.jpg',
        listsOwn: false,
      };
    },
  ],
  [
    'IndexedDB',
    () => {
      const blobs = dexieBlobStore({ indexedDB, IDBKeyRange, databaseName: `keeper-${++counter}` });
      return {
        keeper: (limits) => webFileKeeper({ blobs, fetch: (url) => fetch(url), ...(limits ? { limits } : {}) }),
        source: (bytes, extension) => `data:application/octet-stream;base64,${Buffer.from(bytes).toString('base64')}#photo.${extension}`,
        read: async (path) => new Uint8Array(await registeredUploadFile(path)!.arrayBuffer()),
        missing: 'blob:http://127.0.0.1/none#photo.jpg',
        listsOwn: true,
      };
    },
  ],
];

describe.each(SUBJECTS)('the %s file keeper', (_name, make) => {
  it('keeps a file durably until removed, with its extension, and counts its bytes', async () => {
    const s = make();
    const keeper = s.keeper();
    const before = await keeper.bytesUsed();
    const bytes = new Uint8Array(3_000).map((_, i) => i % 251);
    const kept = await keeper.save(s.source(bytes, 'jpg'));
    expect(kept.size).toBe(3_000);
    expect(kept.keptPath).toMatch(/\.jpg$/);
    expect(await keeper.bytesUsed()).toBe(before + 3_000);
    const path = await keeper.uploadPath(kept.keptPath);
    expect(path).toMatch(/\.jpg$/);
    expect(await s.read(path)).toEqual(bytes);
    await keeper.remove(kept.keptPath);
    await keeper.remove(kept.keptPath);
    expect(await keeper.bytesUsed()).toBe(before);
    expect(await rejectionOf(() => keeper.uploadPath(kept.keptPath))).toMatchObject({ code: 'STORAGE_FAILED' });
  });

  it('refuses a file over its limits with QUOTA_EXCEEDED and keeps nothing; an unreadable one with INVALID_ARGUMENT', async () => {
    const s = make();
    const keeper = s.keeper({ maxFileBytes: 2_000, maxTotalBytes: 3_000 });
    expect(await rejectionOf(() => keeper.save(s.source(new Uint8Array(2_500), 'png')))).toMatchObject({ code: 'QUOTA_EXCEEDED' });
    await keeper.save(s.source(new Uint8Array(1_800), 'png'));
    expect(await rejectionOf(() => keeper.save(s.source(new Uint8Array(1_800), 'png')))).toMatchObject({ code: 'QUOTA_EXCEEDED' });
    expect(await keeper.bytesUsed()).toBe(1_800);
    expect(await rejectionOf(() => keeper.save(s.missing))).toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('lists exactly the files it keeps, by the paths save answered (or nothing, where the place is shared)', async () => {
    const s = make();
    const keeper = s.keeper();
    const a = await keeper.save(s.source(new Uint8Array(1_200).fill(1), 'png'));
    const b = await keeper.save(s.source(new Uint8Array(700).fill(2), 'jpg'));
    await keeper.remove(a.keptPath);
    const listed = await keeper.list();
    if (!s.listsOwn) {
      expect(listed).toBeUndefined();
      return;
    }
    expect(listed).toEqual([{ keptPath: b.keptPath, size: 700 }]);
    // What is listed is what remove takes: after it, nothing is left.
    for (const file of listed ?? []) await keeper.remove(file.keptPath);
    expect(await keeper.list()).toEqual([]);
    expect(await keeper.bytesUsed()).toBe(0);
  });
});
