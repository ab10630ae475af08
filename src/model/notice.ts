import type { Doc, JsonValue } from '../core/json';

/**
 * What happened to a local write that did not end as written:
 * - `'conflict'`: another writer changed the document too, and the collection's conflict rule
 *   decided the outcome (`rule`, `local`, `server`, `result`);
 * - `'rejected'`: the server refused the write for good (`code`, `message` are the server's); the
 *   local change was rolled back to the server's state (`server`), and `local` keeps what was lost;
 * - `'upload-failed'`: a queued file upload could not be completed (`fileId` is its pending
 *   reference; `collection`/`docId` name the first document that held it, or are `''`/`null`).
 */
export type NoticeKind = 'conflict' | 'rejected' | 'upload-failed';

/**
 * A durable record of a local write that did not end as written. Notices are kept in the client's
 * storage (they survive restarts) until the app dismisses them with `client.dismissNotices(ids)`.
 *
 * @example
 * for (const n of client.notices()) if (n.kind === 'rejected') showToast(`${n.collection}: ${n.message}`);
 * await client.dismissNotices(client.notices().map((n) => n.id));
 */
export interface Notice {
  /** Stable id, for `dismissNotices`. */
  readonly id: string;
  readonly kind: NoticeKind;
  /** The mpserverless collection of the document. */
  readonly collection: string;
  /** The document's `_id` (wire form: an ObjectId or a Date as the SDK would send it). */
  readonly docId: JsonValue;
  /** The conflict rule that decided (`'rebase'`, `'server-wins'`, `'client-wins'`, `'function'`). */
  readonly rule?: string;
  /** The document as this client had written it (`null`: it deleted the document). */
  readonly local?: Doc | null;
  /** The server's state the write met (`null`: absent or deleted on the server). */
  readonly server?: Doc | null;
  /** The state that now stands (`null`: deleted). */
  readonly result?: Doc | null;
  /** The error code: the server's (`PermissionDenied`, `RequestTooLarge`, …) or mpsync's. */
  readonly code?: string;
  /** The pending file reference of a failed upload (`'upload-failed'`). */
  readonly fileId?: string;
  /** For people: what happened and why. */
  readonly message: string;
  /** When the notice was made, ms since the epoch. */
  readonly at: number;
}

/** A notice before it is stored: {@link Notice} without its `id` and `at`. */
export type NoticeInput = Omit<Notice, 'id' | 'at'>;
