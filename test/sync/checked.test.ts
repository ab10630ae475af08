import { describe, expect, it } from 'vitest';
import { MpsyncError } from '../../src/core/errors';
import { checkedCollection } from '../../src/sdk/checked';
import { classifySdkError } from '../../src/sdk/errors';
import { pushRows, type PushRow } from '../../src/replication/push';

// The raw SDK object as checkedCollection receives it: untyped, with only the calls given.
const answering = (answers: Record<string, unknown>): object =>
  Object.fromEntries(Object.entries(answers).map(([name, answer]) => [name, () => Promise.resolve(answer)]));

describe('checkedCollection', () => {
  it('passes an answer with success: true through unchanged', async () => {
    const answer = { success: true, affectedDocs: 1, result: { _id: 'a' } };
    await expect(checkedCollection(answering({ findOne: answer })).findOne({ _id: 'a' })).resolves.toBe(answer);
  });

  it.each([
    ['success: false without an error', { success: false }],
    ['an empty body', undefined],
    ['a gateway page', '<html>502 Bad Gateway</html>'],
    ['an answer without success', { result: null }],
  ])('turns %s into a retryable UNAVAILABLE', async (_label, answer) => {
    const error = await checkedCollection(answering({ findOne: answer }))
      .findOne({ _id: 'a' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MpsyncError);
    expect(error).toMatchObject({ code: 'UNAVAILABLE' });
  });

  it("rethrows the server's error when the answer carries one, so a refusal stays a refusal", async () => {
    const collection = checkedCollection(answering({ insertOne: { success: false, error: { code: 'PermissionDenied', message: 'no' } } }));
    const error = await collection.insertOne({}).catch((e: unknown) => e);
    expect(classifySdkError(error).code).toBe('REJECTED');
  });
});

describe('push through a checked collection', () => {
  type Row = PushRow['newDocumentState'];
  const row: Row = {
    id: 'notes|"n1"',
    coll: 'notes',
    key: '"n1"',
    doc: { _id: 'n1', text: 'mine' },
    seq: 1,
    v: 'v2',
    vh: ['v1'],
    ops: [{ kind: 'update', update: { $set: { text: 'mine' } }, vs: ['v2'] }],
    _deleted: false,
  };
  const assumed: Row = { ...row, doc: { _id: 'n1', text: 'theirs' }, v: 'v1', ops: [] };

  it('a failed read after a missed compare-and-set fails the push instead of taking the document for deleted', async () => {
    // Unchecked, `findOne` answering { success: false } reads as "no such document": the server
    // state would be a deletion and the conflict rule would act on it.
    const remote = () =>
      checkedCollection(answering({ updateOne: { success: true, affectedDocs: 0, result: { matchedCount: 0 } }, findOne: { success: false } }));
    await expect(pushRows(remote, [{ newDocumentState: row, assumedMasterState: assumed }])).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('the same push with a real answer reports the server state as a conflict', async () => {
    const server = { _id: 'n1', text: 'theirs, edited', _v: 'v9', _vh: ['v1', 'v9'] };
    const remote = () =>
      checkedCollection(answering({ updateOne: { success: true, affectedDocs: 0, result: { matchedCount: 0 } }, findOne: { success: true, result: server } }));
    const outcome = await pushRows(remote, [{ newDocumentState: row, assumedMasterState: assumed }]);
    expect(outcome.rejected).toEqual([]);
    expect(outcome.conflicts).toHaveLength(1);
    expect(outcome.conflicts[0]).toMatchObject({ id: 'notes|"n1"', v: 'v9', doc: { _id: 'n1', text: 'theirs, edited' } });
  });
});
