import type { MpsyncError } from '../core/errors';
import type { NetworkState, SyncStatus } from '../model/status';

/**
 * The status change a failed request makes. A request that failed without an answer (`OFFLINE`,
 * `TIMEOUT`) while the platform says it has a network means the server is unreachable; with no
 * network it is just offline, which is not an error (the app cannot do anything about it and
 * `network` already says so). Any other failure came with the server's answer: it is reachable.
 *
 * @example
 * statusAfterFailure(new MpsyncError('TIMEOUT', 'no answer in 10 s'), true);
 * // { network: 'unreachable', online: true, lastError: <the TIMEOUT error> }
 */
export function statusAfterFailure(error: MpsyncError, platformOnline: boolean | undefined): Partial<SyncStatus> {
  const unanswered = error.code === 'OFFLINE' || error.code === 'TIMEOUT';
  if (platformOnline === false) return unanswered ? offlineStatus() : { ...offlineStatus(), lastError: error };
  const network: NetworkState = unanswered ? 'unreachable' : 'online';
  return { network, online: platformOnline, lastError: error };
}

/** What status says while the platform reports no network: offline, and no new `lastError`. */
export function offlineStatus(): Partial<SyncStatus> {
  return { network: 'offline', online: false };
}

/** What status says once a request got the server's answer. */
export function answeredStatus(platformOnline: boolean | undefined): Partial<SyncStatus> {
  return platformOnline === false ? offlineStatus() : { network: 'online', online: platformOnline };
}
