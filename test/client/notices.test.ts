import { describe, expect, it } from 'vitest';
import { NoticeStore } from '../../src/client/notices';
import type { Notice } from '../../src/model/notice';
import { seededRandom } from '../../src/core/random';
import { memoryStorage } from '../../src/store';
import type { StorageBackend } from '../../src/store/backend';
import { manualClock } from '../helpers/clock';

function open(storage: StorageBackend, partition = 'space/user/' + 'u'.repeat(300)) {
  const heard: Notice[] = [];
  const counts: number[] = [];
  const clock = manualClock();
  const store = NoticeStore.open({ storage, partition, now: clock, random: seededRandom(7), onAdded: (n) => heard.push(n), onCount: (c) => counts.push(c) });
  return { store, heard, counts, clock };
}

describe('NoticeStore', () => {
  it('keeps notices in order across reopenings until dismissed, per partition', async () => {
    const storage = memoryStorage();
    const first = open(storage);
    const store = await first.store;
    const a = await store.add({ kind: 'rejected', collection: 'todos', docId: 'a', local: { _id: 'a' }, code: 'PermissionDenied', message: 'no' });
    first.clock.advance(5);
    const b = await store.add({ kind: 'conflict', collection: 'todos', docId: { $oid: 'x' }, rule: 'rebase', message: 'merged' });
    expect(first.heard).toEqual([a, b]);
    expect(first.counts).toEqual([0, 1, 2]);
    const again = await open(storage).store;
    expect(again.list()).toEqual([a, b]);
    expect((await open(storage, 'space/device').store).list()).toEqual([]);
    await again.dismiss([a.id, a.id, 'unknown']);
    expect((await open(storage).store).list()).toEqual([b]);
  });

  it('when storage is full, keeps the record without its documents rather than failing', async () => {
    const storage = memoryStorage({ quotaBytes: 2_000 });
    const { store } = open(storage);
    const notice = await (
      await store
    ).add({ kind: 'rejected', collection: 'todos', docId: 'big', local: { _id: 'big', pad: 'p'.repeat(5_000) }, code: 'RequestTooLarge', message: 'refused' });
    expect(notice).not.toHaveProperty('local');
    expect(notice).toMatchObject({ docId: 'big', code: 'RequestTooLarge', message: 'refused (the documents were not kept: local storage is full)' });
    expect((await open(storage).store).list()).toEqual([notice]);
  });
});
