import { describe, expect, it } from 'vitest';
import { MpsyncError } from '../../src/core/errors';
import { answeredStatus, offlineStatus, statusAfterFailure } from '../../src/replication/reachability';

describe('what status says after a request', () => {
  const unanswered = new MpsyncError('OFFLINE', 'request:fail');
  const timeout = new MpsyncError('TIMEOUT', 'no answer');
  const refused = new MpsyncError('UNAUTHORIZED', 'token refused');

  it('unanswered with a network: the server is unreachable, and that is the last error', () => {
    expect(statusAfterFailure(unanswered, true)).toEqual({ network: 'unreachable', online: true, lastError: unanswered });
    expect(statusAfterFailure(timeout, undefined)).toEqual({ network: 'unreachable', online: undefined, lastError: timeout });
  });

  it('unanswered without a network: offline, and no error', () => {
    expect(statusAfterFailure(unanswered, false)).toEqual({ network: 'offline', online: false });
    expect(offlineStatus()).toEqual({ network: 'offline', online: false });
  });

  it('an answer, even a refusal, means the server is reachable', () => {
    expect(statusAfterFailure(refused, true)).toEqual({ network: 'online', online: true, lastError: refused });
    expect(answeredStatus(true)).toEqual({ network: 'online', online: true });
    expect(answeredStatus(undefined)).toEqual({ network: 'online', online: undefined });
  });
});
