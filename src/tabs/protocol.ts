import { DbError, type DbErrorCode } from '../core/db-error';
import { ErrorCode, MpsyncError } from '../core/errors';
import type { JsonObject } from '../core/json';
import type { Notice } from '../model/notice';
import type { SyncStatus } from '../model/status';
import type { WatchSnapshot } from '../live/live-query';

/**
 * The messages the tabs of one database exchange on their `BroadcastChannel`. Every message names
 * its sender (`from`); an answer names the tab it is for (`to`), and every other tab ignores it.
 * Values travel by structured clone, so `Date`s arrive as `Date`s; errors travel as {@link WireError}.
 */
export type TabMessage = ToLeader | ToFollowers;

/** The client methods a follower runs on the leader's client, besides collection commands. */
export const FORWARDED_METHODS = ['syncNow', 'waitForPendingWrites', 'dismissNotices', 'signIn', 'adoptDeviceData', 'signOut', 'pause', 'resume'] as const;
/** One of {@link FORWARDED_METHODS}. */
export type ForwardedMethod = (typeof FORWARDED_METHODS)[number];

/** What a follower asks for: a collection command, or a client method. */
export type Call =
  | { readonly kind: 'execute'; readonly coll: string; readonly command: string; readonly params: JsonObject }
  | { readonly kind: 'method'; readonly method: ForwardedMethod; readonly args: readonly unknown[] };

/** Messages followers send to the leader. */
export type ToLeader =
  /** Asks the leader to take this tab on; `key` says what the tab's client was opened with. */
  | { readonly t: 'hello'; readonly from: string; readonly key: string }
  /** `id` is the request id: a write with the same id runs once, however often it is sent. */
  | { readonly t: 'call'; readonly from: string; readonly id: string; readonly call: Call }
  | { readonly t: 'watch'; readonly from: string; readonly id: string; readonly coll: string; readonly args: readonly unknown[] }
  | { readonly t: 'unwatch'; readonly from: string; readonly id: string }
  /** The tab closes: the leader drops its watches. */
  | { readonly t: 'bye'; readonly from: string };

/** What every tab mirrors of the leader's client. */
export interface SharedState {
  readonly status: WireStatus;
  readonly notices: readonly Notice[];
  readonly userId: string | null;
}

/** Messages the leader sends. */
export type ToFollowers =
  /** A tab took the lock and serves the database from now on: followers say hello to it. */
  | { readonly t: 'leader'; readonly from: string }
  /** The answer to a hello; `refused` says why the tab cannot share this leader's client. */
  | { readonly t: 'welcome'; readonly from: string; readonly to: string; readonly refused?: string; readonly state?: SharedState }
  | { readonly t: 'state'; readonly from: string; readonly state: SharedState }
  | { readonly t: 'notice'; readonly from: string; readonly notice: Notice }
  | { readonly t: 'answer'; readonly from: string; readonly to: string; readonly id: string; readonly value?: unknown; readonly error?: WireError }
  | { readonly t: 'snapshot'; readonly from: string; readonly to: string; readonly id: string; readonly snapshot: WatchSnapshot }
  | { readonly t: 'watch-error'; readonly from: string; readonly to: string; readonly id: string; readonly error: WireError };

/** An error as it crosses the channel: its class, code and message. */
export interface WireError {
  readonly name: string;
  readonly code?: string;
  readonly message: string;
}

/** {@link SyncStatus} as it crosses the channel (`lastError` as a {@link WireError}). */
export type WireStatus = Omit<SyncStatus, 'lastError'> & { readonly lastError: WireError | null };

/** Whether `data` looks like a message of this protocol (the channel carries nothing else, but a page could post on it). */
export function isTabMessage(data: unknown): data is TabMessage {
  return typeof data === 'object' && data !== null && typeof (data as { t?: unknown }).t === 'string' && typeof (data as { from?: unknown }).from === 'string';
}

/** An error, ready to cross the channel. */
export function toWireError(error: unknown): WireError {
  if (error instanceof Error) {
    const { code } = error as { code?: unknown };
    return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { name: 'Error', message: String(error) };
}

/**
 * The error a {@link WireError} describes: `MpsyncError` and `DbError` come back as themselves
 * with their code; anything else as an `Error` of the same name and message.
 */
export function fromWireError(wire: WireError): Error {
  if (wire.name === 'MpsyncError' && wire.code !== undefined && wire.code in ErrorCode) return new MpsyncError(wire.code as ErrorCode, wire.message);
  if (wire.name === 'DbError' && wire.code !== undefined) return new DbError(wire.code as DbErrorCode, wire.message);
  const error = new Error(wire.message);
  error.name = wire.name;
  if (wire.code !== undefined) (error as Error & { code?: string }).code = wire.code;
  return error;
}

/** The status, ready to cross the channel. */
export function toWireStatus(status: SyncStatus): WireStatus {
  return { ...status, lastError: status.lastError ? toWireError(status.lastError) : null };
}

/** The status a {@link WireStatus} describes. */
export function fromWireStatus(wire: WireStatus): SyncStatus {
  const lastError = wire.lastError ? fromWireError(wire.lastError) : null;
  return { ...wire, lastError: lastError instanceof MpsyncError ? lastError : lastError ? new MpsyncError('INTERNAL', lastError.message) : null };
}
