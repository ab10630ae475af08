import { describe, expect, it } from 'vitest';
import type { SdkAnswer } from '../../src/sdk/sdk-types';
import { fakeCollection } from '../helpers/sdk-collection';
import { MpsyncError } from '../../src/core/errors';
import { PUSH_CONCURRENCY, pushRows, type PushRow } from '../../src/replication/push';

type Row = PushRow['newDocumentState'];

/** An update of document `n` from state `a<n>` to `b<n>`. */
function updateRow(n: number): PushRow {
  const assumed: Row = {
    id: `notes|"${n}"`,
    coll: 'notes',
    key: `"${n}"`,
    doc: { _id: String(n), n: 0 },
    seq: n,
    v: `a${n}`,
    vh: [`a${n}`],
    ops: [],
    _deleted: false,
  };
  const row: Row = { ...assumed, doc: { _id: String(n), n: 1 }, v: `b${n}`, ops: [{ kind: 'update', update: { $set: { n: 1 } }, vs: [`b${n}`] }] };
  return { newDocumentState: row, assumedMasterState: assumed };
}

/** A collection whose `updateOne` answers only when the test says so, recording what is in flight. */
function heldCollection() {
  const waiting: Array<{ id: string; answer: (a: SdkAnswer) => void; fail: (e: unknown) => void }> = [];
  let maxInFlight = 0;
  const started: string[] = [];
  const collection = fakeCollection({
    updateOne: (filter) =>
      new Promise<SdkAnswer>((answer, fail) => {
        const id = (filter as { _id: string })._id;
        started.push(id);
        waiting.push({ id, answer, fail });
        maxInFlight = Math.max(maxInFlight, waiting.length);
      }),
  });
  // Lets the queued microtasks run, so the push starts whatever it starts next.
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  const answerOne = async (id: string, outcome: 'landed' | Error) => {
    const i = waiting.findIndex((w) => w.id === id);
    const [held] = waiting.splice(i, 1);
    if (outcome === 'landed') held!.answer({ success: true, affectedDocs: 1, result: { matchedCount: 1 } });
    else held!.fail(outcome);
    await settle();
  };
  return { collection, waiting, started, settle, answerOne, maxInFlight: () => maxInFlight };
}

describe('push keeps a bounded number of writes in flight', () => {
  it(`sends up to ${PUSH_CONCURRENCY} updates at once, starting the next as one is answered`, async () => {
    const held = heldCollection();
    const rows = Array.from({ length: 10 }, (_, i) => updateRow(i));
    const pushed = pushRows(() => held.collection, rows);
    await held.settle();
    expect(held.waiting.map((w) => w.id)).toEqual(Array.from({ length: PUSH_CONCURRENCY }, (_, i) => String(i)));

    await held.answerOne('1', 'landed');
    expect(held.waiting).toHaveLength(PUSH_CONCURRENCY);
    expect(held.started).toContain(String(PUSH_CONCURRENCY));
    while (held.waiting.length > 0) await held.answerOne(held.waiting[0]!.id, 'landed');

    expect(await pushed).toEqual({ conflicts: [], rejected: [] });
    expect([...held.started].sort()).toEqual(rows.map((r) => r.newDocumentState.doc._id).sort());
    expect(held.maxInFlight()).toBe(PUSH_CONCURRENCY);
  });

  it('after a failure starts no new write, lets those in flight finish, then rejects with the failure', async () => {
    const held = heldCollection();
    const pushed = pushRows(
      () => held.collection,
      Array.from({ length: 10 }, (_, i) => updateRow(i)),
    );
    const outcome = pushed.catch((error: unknown) => error);
    await held.settle();
    await held.answerOne('0', new MpsyncError('OFFLINE', 'the network went away'));
    expect(held.started).toHaveLength(PUSH_CONCURRENCY);
    // Still waiting for the writes already sent: their answers may be on the way.
    let done = false;
    void outcome.then(() => (done = true));
    await held.settle();
    expect(done).toBe(false);
    while (held.waiting.length > 0) await held.answerOne(held.waiting[0]!.id, 'landed');
    expect(await outcome).toMatchObject({ code: 'OFFLINE' });
    expect(held.started).toHaveLength(PUSH_CONCURRENCY);
  });
});
