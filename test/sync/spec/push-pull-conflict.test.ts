import { describe, expect, it } from 'vitest';
import {
  client,
  expectError,
  expectNotices,
  expectServer,
  expectServerField,
  expectSnapshot,
  expectStatus,
  expectWrites,
  failNext,
  offline,
  online,
  runSpec,
  serverWrite,
  sync,
  time,
  write,
} from './spec-dsl';

const todos = (conflict: 'rebase' | 'server-wins' | 'client-wins' = 'rebase') => ({ collections: { todos: { conflict } } });
const FAR_FUTURE = '2400-01-01T00:00:00.000Z';

describe('push', () => {
  it('an offline insert is pushed once when the client comes online', () =>
    runSpec(todos(), [
      client('A', { online: false }),
      write('A', 'todos', 'insertOne', { _id: 't1', title: 'milk' }),
      expectSnapshot('A', 'todos', [{ _id: 't1', title: 'milk' }], { hasPendingWrites: true }),
      expectWrites([]),
      online('A'),
      // One new document: one upsert that also stamps `_mt` (a batch would be insertMany + updateMany).
      expectWrites(['A updateOne todos ok']),
      expectServer('todos', [{ _id: 't1', title: 'milk' }]),
      expectSnapshot('A', 'todos', [{ _id: 't1', title: 'milk' }], { hasPendingWrites: false }),
      sync('A'),
      expectWrites([]),
      expectStatus('A', { pendingWrites: 0, lastError: null }),
    ]));

  it('an insert whose reply was lost is found on the server and not inserted again', () =>
    runSpec(todos(), [
      client('A', { online: false }),
      write('A', 'todos', 'insertOne', { _id: 't1', title: 'milk' }),
      failNext('updateOne', 'drop-reply'),
      online('A'),
      expectWrites(['A updateOne todos reply lost']),
      expectStatus('A', { pendingWrites: 1 }),
      time(60_000),
      sync('A'),
      // The upsert again: `$setOnInsert` finds the document there and changes nothing.
      expectWrites(['A updateOne todos ok']),
      expectServer('todos', [{ _id: 't1', title: 'milk' }]),
      expectStatus('A', { pendingWrites: 0, lastError: null }),
    ]));

  it('an update whose reply was lost is recognised by _v/_vh: applied once, not a conflict', () =>
    runSpec(todos(), [
      client('A'),
      write('A', 'todos', 'insertOne', { _id: 'c', n: 0 }),
      expectWrites(['A updateOne todos ok']),
      failNext('updateOne', 'drop-reply'),
      write('A', 'todos', 'updateOne', { _id: 'c' }, { $inc: { n: 1 } }),
      expectWrites(['A updateOne todos reply lost']),
      time(60_000),
      sync('A'),
      // The retried compare-and-set matches nothing; the read shows the server holds this state.
      expectWrites(['A updateOne todos ok']),
      expectServer('todos', [{ _id: 'c', n: 1 }]),
      expectServerField('todos', 'c', (doc) => expect(doc._vh).toHaveLength(2)),
      expectNotices('A', []),
      expectStatus('A', { pendingWrites: 0, lastError: null }),
    ]));

  it('a request that never arrived is sent again after the back-off', () =>
    runSpec(todos(), [
      client('A'),
      write('A', 'todos', 'insertOne', { _id: 'c', n: 0 }),
      failNext('updateOne', 'drop-request'),
      write('A', 'todos', 'updateOne', { _id: 'c' }, { $set: { n: 5 } }),
      expectWrites(['A updateOne todos ok', 'A updateOne todos dropped']),
      expectStatus('A', { pendingWrites: 1 }),
      time(60_000),
      expectWrites(['A updateOne todos ok']),
      expectServer('todos', [{ _id: 'c', n: 5 }]),
    ]));

  it('a write the server refuses for good is rolled back with a rejected notice', () =>
    runSpec(todos(), [
      client('A'),
      write('A', 'todos', 'insertOne', { _id: 'c', n: 0 }),
      failNext('updateOne', { code: 'PermissionDenied', message: 'not yours' }),
      write('A', 'todos', 'updateOne', { _id: 'c' }, { $set: { n: 9 } }),
      expectWrites(['A updateOne todos ok', 'A updateOne todos PermissionDenied']),
      expectServer('todos', [{ _id: 'c', n: 0 }]),
      expectSnapshot('A', 'todos', [{ _id: 'c', n: 0 }]),
      expectNotices('A', [{ kind: 'rejected', collection: 'todos', docId: 'c', code: 'PermissionDenied', local: { _id: 'c', n: 9 } }]),
      expectStatus('A', { pendingWrites: 0, lastError: { code: 'REJECTED' } }),
    ]));
});

describe('conflicts: one document edited on two clients, A offline', () => {
  // The same story under each rule: A writes offline, B (online) changes the document, A comes online.
  const story = () => [
    client('A'),
    client('B'),
    write('A', 'todos', 'insertOne', { _id: 'd', title: 't', n: 0 }),
    sync('B'),
    offline('A'),
    write('A', 'todos', 'updateOne', { _id: 'd' }, { $set: { title: 'A' }, $inc: { n: 1 } }),
    write('B', 'todos', 'updateOne', { _id: 'd' }, { $set: { title: 'B' }, $inc: { n: 2 } }),
    expectServer('todos', [{ _id: 'd', title: 'B', n: 2 }]),
    expectWrites(['A updateOne todos ok', 'B updateOne todos ok']),
    online('A'),
  ];

  it("rebase: A's update is replayed on the server's state, both $inc count", () =>
    runSpec(todos('rebase'), [
      ...story(),
      // The compare-and-set on A's last confirmed `_v` matches nothing; the replay is a second one.
      expectWrites(['A updateOne todos ok', 'A updateOne todos ok']),
      expectServer('todos', [{ _id: 'd', title: 'A', n: 3 }]),
      expectSnapshot('A', 'todos', [{ _id: 'd', title: 'A', n: 3 }]),
      sync('B'),
      expectSnapshot('B', 'todos', [{ _id: 'd', title: 'A', n: 3 }]),
    ]));

  it("server-wins: A's update is dropped, A takes the server's state", () =>
    runSpec(todos('server-wins'), [
      ...story(),
      expectWrites(['A updateOne todos ok']),
      expectServer('todos', [{ _id: 'd', title: 'B', n: 2 }]),
      expectSnapshot('A', 'todos', [{ _id: 'd', title: 'B', n: 2 }]),
      expectStatus('A', { pendingWrites: 0, lastError: null }),
    ]));

  it("client-wins: A's state is written over the server's", () =>
    runSpec(todos('client-wins'), [
      ...story(),
      expectWrites(['A updateOne todos ok', 'A updateOne todos ok']),
      expectServer('todos', [{ _id: 'd', title: 'A', n: 1 }]),
      sync('B'),
      expectSnapshot('B', 'todos', [{ _id: 'd', title: 'A', n: 1 }]),
    ]));
});

describe('delete against edit', () => {
  it("A deletes offline while B edits: the deletion wins, B's edit is gone everywhere", () =>
    runSpec(todos(), [
      client('A'),
      client('B'),
      write('A', 'todos', 'insertOne', { _id: 'd', title: 't' }),
      sync('B'),
      offline('A'),
      write('A', 'todos', 'deleteOne', { _id: 'd' }),
      write('B', 'todos', 'updateOne', { _id: 'd' }, { $set: { title: 'B' } }),
      online('A'),
      expectServer('todos', [{ _id: 'd', _deleted: true }]),
      expectSnapshot('A', 'todos', []),
      sync('B'),
      expectSnapshot('B', 'todos', []),
    ]));

  it("A edits offline while B deletes: A's update of a deleted document is dropped", () =>
    runSpec(todos(), [
      client('A'),
      client('B'),
      write('A', 'todos', 'insertOne', { _id: 'd', title: 't' }),
      sync('B'),
      offline('A'),
      write('A', 'todos', 'updateOne', { _id: 'd' }, { $set: { title: 'A' } }),
      write('B', 'todos', 'deleteOne', { _id: 'd' }),
      online('A'),
      expectServer('todos', [{ _id: 'd', _deleted: true }]),
      expectSnapshot('A', 'todos', []),
      expectStatus('A', { pendingWrites: 0, lastError: null }),
    ]));
});

describe('pull', () => {
  it('tombstones travel through the pull cursor: a deletion elsewhere removes the document here', () =>
    runSpec(todos(), [
      client('A'),
      client('B'),
      write('A', 'todos', 'insertMany', [
        { _id: 'a', n: 1 },
        { _id: 'b', n: 2 },
      ]),
      sync('B'),
      expectSnapshot('B', 'todos', [
        { _id: 'a', n: 1 },
        { _id: 'b', n: 2 },
      ]),
      write('A', 'todos', 'deleteOne', { _id: 'a' }),
      // Two new documents: insertMany, then one updateMany stamps `_mt`; the deletion is a compare-and-set.
      expectWrites(['A insertMany todos ok', 'A updateMany todos ok', 'A updateOne todos ok']),
      expectServer('todos', [
        { _id: 'a', _deleted: true },
        { _id: 'b', n: 2 },
      ]),
      sync('B'),
      expectSnapshot('B', 'todos', [{ _id: 'b', n: 2 }]),
      expectWrites([]),
    ]));

  it('a document stamped in the future is pulled, but does not move the cursor and is reported', () =>
    runSpec(todos(), [
      client('A'),
      serverWrite('todos', 'insertOne', { _id: 'p', title: 'poisoned', _v: 'x1', _vh: ['x1'], _mt: FAR_FUTURE }),
      sync('A'),
      expectSnapshot('A', 'todos', [{ _id: 'p', title: 'poisoned' }]),
      expectStatus('A', { lastError: { code: 'FUTURE_STAMP' } }),
      expectError(undefined),
      // A later ordinary write elsewhere is still seen: the cursor did not jump to the year 2400.
      serverWrite('todos', 'insertOne', { _id: 'q', title: 'later', _v: 'x2', _vh: ['x2'] }),
      serverWrite('todos', 'updateOne', { _id: 'q' }, { $currentDate: { _mt: true } }),
      sync('A'),
      expectSnapshot('A', 'todos', [
        { _id: 'p', title: 'poisoned' },
        { _id: 'q', title: 'later' },
      ]),
    ]));

  it('a server change made by another writer with the contract reaches the client on its next round', () =>
    runSpec(todos(), [
      client('A'),
      serverWrite('todos', 'insertOne', { _id: 's', title: 'from a function', _v: 'f1', _vh: ['f1'] }),
      serverWrite('todos', 'updateOne', { _id: 's' }, { $currentDate: { _mt: true } }),
      expectSnapshot('A', 'todos', []),
      sync('A'),
      expectSnapshot('A', 'todos', [{ _id: 's', title: 'from a function' }]),
      expectWrites([]),
    ]));
});
