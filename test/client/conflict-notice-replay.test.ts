import type { WithDeleted } from 'rxdb';
import { describe, expect, it } from 'vitest';
import { NoticeStore } from '../../src/client/notices';
import { seededRandom } from '../../src/core/random';
import type { DocRow } from '../../src/model/doc-row';
import type { Notice } from '../../src/model/notice';
import { conflictHandler } from '../../src/replication/conflict';
import { memoryStorage } from '../../src/store';
import type { StorageBackend } from '../../src/store/backend';
import { manualClock } from '../helpers/clock';

type Row = WithDeleted<DocRow>;

// This client edited `d` on the server state `s0`; meanwhile another device deleted it (state `s1`).
const local: Row = {
  id: 'todos|"d"',
  coll: 'todos',
  key: '"d"',
  doc: { _id: 'd', title: 'mine' },
  seq: 1,
  v: 'l1',
  vh: ['s0'],
  ops: [{ kind: 'update', update: { $set: { title: 'mine' } }, vs: ['l1'] }],
  _deleted: false,
};
const server: Row = { ...local, doc: { _id: 'd', title: 'old' }, v: 's1', vh: ['s0', 's1'], ops: [], _deleted: true };
const input = { newDocumentState: local, realMasterState: server, assumedMasterState: { ...server, v: 's0', vh: ['s0'], _deleted: false } };

async function openStore(storage: StorageBackend, heard: Notice[]) {
  return NoticeStore.open({
    storage,
    partition: 'space/device',
    now: manualClock(),
    random: seededRandom(3),
    onAdded: (n) => heard.push(n),
    onCount: () => undefined,
  });
}

describe('a conflict resolved again after a crash', () => {
  it('is stored before the resolution is handed over, and once however often it is resolved again', async () => {
    const storage = memoryStorage();
    const heard: Notice[] = [];
    const resolveWith = (store: NoticeStore) =>
      conflictHandler({ ruleFor: () => 'rebase', now: manualClock(), report: (r) => store.add(r.notice, r.ref).then(() => undefined) }).resolve(input, 'test');
    const first = await resolveWith(await openStore(storage, heard));
    expect(first).toMatchObject({ _deleted: true });
    // Before RxDB wrote the resolved state, the app died; the new process resolves the same conflict again.
    const reopened = await openStore(storage, heard);
    expect(reopened.list()).toHaveLength(1);
    const second = await resolveWith(reopened);
    expect(second).toEqual(first);
    expect(reopened.list()).toHaveLength(1);
    expect(heard).toHaveLength(1);
    expect(reopened.list()[0]).toMatchObject({ kind: 'conflict', rule: 'rebase', local: local.doc, server: null, result: null });
  });

  it('two stores of one reference at once keep one notice and tell the listeners once', async () => {
    const heard: Notice[] = [];
    const store = await openStore(memoryStorage(), heard);
    const input = { kind: 'conflict', collection: 'todos', docId: 'd', rule: 'rebase', message: 'dropped' } as const;
    const [first, second] = await Promise.all([store.add(input, 'ref1'), store.add(input, 'ref1')]);
    expect(second).toEqual(first);
    expect(store.list()).toEqual([first]);
    expect(heard).toEqual([first]);
  });

  it('a refused write resolves to the server state without a conflict notice (its rejected notice says it)', async () => {
    const reports: unknown[] = [];
    const resolved = await conflictHandler({ ruleFor: () => 'refused', now: manualClock(), report: (r) => Promise.resolve(void reports.push(r)) }).resolve(
      input,
      'test',
    );
    expect(resolved).toMatchObject({ v: 's1', _deleted: true, ops: [] });
    expect(reports).toEqual([]);
  });
});
