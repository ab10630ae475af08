import type { SyncStatus } from '../browser';

/** The elements of the sync status badge. */
export interface SyncBadge {
  readonly badge: HTMLElement;
  readonly network: HTMLElement;
  readonly pending: HTMLElement;
  readonly lastSynced: HTMLElement;
  readonly lastError: HTMLElement;
}

/**
 * What the badge says about the connection. No network (switched off here, or the browser's) and
 * a pause the user chose are states, not errors; an unreachable server is said plainly.
 */
export function networkText(status: SyncStatus, switchOn: boolean): string {
  if (status.paused) return 'paused · sync is off until you resume it';
  if (status.network === 'offline') return switchOn ? 'offline · no network' : 'offline · network switched off';
  if (status.network === 'unreachable') return 'server unreachable · retrying';
  return status.syncing ? 'online · syncing…' : 'online';
}

// Shown in the badge: failures the user may act on. A server that does not answer is already
// what the network line says.
function shownError(status: SyncStatus): SyncStatus['lastError'] {
  const error = status.lastError;
  if (!error || status.paused) return null;
  if (status.network !== 'online' && (error.code === 'OFFLINE' || error.code === 'TIMEOUT')) return null;
  return error;
}

/** Shows a client status in the badge; `switchOn` is the demo's own network switch. */
export function renderSyncBadge(els: SyncBadge, status: SyncStatus, switchOn: boolean): void {
  const online = status.online !== false;
  els.badge.dataset.online = String(online);
  els.badge.dataset.network = status.network;
  els.badge.dataset.paused = String(status.paused);
  els.badge.dataset.syncing = String(status.syncing);
  els.badge.dataset.pending = String(status.pendingWrites);
  els.network.textContent = networkText(status, switchOn);
  els.pending.textContent = `${status.pendingWrites} pending ${status.pendingWrites === 1 ? 'write' : 'writes'}`;
  els.lastSynced.textContent =
    status.lastSyncedAt === null ? 'not synced since this page loaded' : `synced ${new Date(status.lastSyncedAt).toLocaleTimeString()}`;
  const error = shownError(status);
  els.lastError.textContent = error ? `last error: ${error.code} — ${error.message}` : '';
  els.lastError.hidden = error === null;
}
