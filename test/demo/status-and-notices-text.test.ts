import { describe, expect, it } from 'vitest';
import { MpsyncError } from '../../src/core/errors';
import type { Notice } from '../../src/model/notice';
import type { SyncStatus } from '../../src/model/status';
import { noticeText } from '../../src/demo/notices-view';
import { networkText } from '../../src/demo/status-view';

const base: Notice = { id: 'n1', kind: 'conflict', collection: 'todos', docId: 'a', rule: 'rebase', message: 'library sentence', at: 0 };
const mine = { _id: 'a', title: 'buy milk', done: true };
const theirs = { _id: 'a', title: 'buy milk', done: false };

describe('the demo tells the user what became of an edit', () => {
  it.each<[string, Partial<Notice>, string]>([
    ['deleted elsewhere', { local: mine, server: null, result: null }, 'your edit to "buy milk" was replaced: it was deleted on another device'],
    [
      'changed elsewhere, the server kept',
      { local: mine, server: theirs, result: theirs },
      'your edit to "buy milk" was replaced: it was changed on another device',
    ],
    [
      'merged',
      { local: mine, server: { ...theirs, n: 1 }, result: { ...mine, n: 1 } },
      'your edit to "buy milk" was merged with a change made on another device',
    ],
    ['a deletion undone', { local: null, server: theirs, result: theirs }, 'your deletion of "buy milk" was undone: it was changed on another device'],
    [
      'refused by the server',
      { kind: 'rejected', local: mine, server: null, code: 'PermissionDenied' },
      'your change to "buy milk" was refused by the server (PermissionDenied) and undone',
    ],
    ['no title', { local: { _id: 'a' }, server: null, result: null }, 'your edit to "a" was replaced: it was deleted on another device'],
  ])('%s', (_label, fields, text) => {
    expect(noticeText({ ...base, ...fields })).toBe(text);
  });
});

describe('the demo badge', () => {
  const status: SyncStatus = {
    online: true,
    network: 'online',
    paused: false,
    authorized: true,
    syncing: false,
    pendingWrites: 0,
    pendingUploads: 0,
    pendingUploadBytes: 0,
    lastSyncedAt: null,
    lastError: null,
    notices: 0,
  };
  it('says online, no network, unreachable and paused as states', () => {
    expect(networkText(status, true)).toBe('online');
    expect(networkText({ ...status, online: false, network: 'offline' }, false)).toBe('offline · network switched off');
    expect(networkText({ ...status, online: false, network: 'offline' }, true)).toBe('offline · no network');
    expect(networkText({ ...status, network: 'unreachable', lastError: new MpsyncError('OFFLINE', 'x') }, true)).toBe('server unreachable · retrying');
    expect(networkText({ ...status, paused: true, online: false, network: 'offline' }, false)).toBe('paused · sync is off until you resume it');
  });
});
