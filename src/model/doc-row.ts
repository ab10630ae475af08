import type { RxJsonSchema } from 'rxdb';
import type { Doc, JsonObject } from '../core/json';

/**
 * A local write not yet confirmed by the server, kept with the document so the replication can
 * push it and, under the `'rebase'` rule, replay it on a newer server state.
 */
export type PendingOp = OpStates &
  (
    | { readonly kind: 'insert' }
    | {
        readonly kind: 'update';
        readonly update: JsonObject | JsonObject[];
        readonly filter?: JsonObject;
        readonly arrayFilters?: JsonObject[];
        readonly upsert?: boolean;
      }
    | { readonly kind: 'replace'; readonly doc: Doc }
    | { readonly kind: 'delete' }
  );

/**
 * The write ids of the document states whose newest pending write is this one: the state the
 * write itself made, and any state a conflict resolution made on top of it. A state that reached
 * the server contains this write and every pending write before it, so when any of these ids is in
 * the server's `_v`/`_vh`, this write and all earlier ones have landed.
 */
export interface OpStates {
  readonly vs: readonly string[];
}

/**
 * One cached document of one mpserverless collection: a row of mpsync's single RxDB collection
 * (RxDB's free tier caps a process at 13 collections, so every mpserverless collection shares it).
 */
export interface DocRow {
  /** `coll|key`, RxDB's primary key. */
  readonly id: string;
  /** The mpserverless collection. */
  readonly coll: string;
  /** `docKey(doc._id)`. */
  readonly key: string;
  /** The document as the app sees it, in wire form (dates as ISO strings). */
  readonly doc: Doc;
  /** Local arrival order: the natural order of a `find` without `sort`. */
  readonly seq: number;
  /** Write id of this state; `''` for a state that came from the server without one. */
  readonly v: string;
  /** The server's recent write ids (`_vh`) as last seen; empty for local-only documents. */
  readonly vh: readonly string[];
  /** Local writes not yet confirmed by the server, oldest first. */
  readonly ops: readonly PendingOp[];
}

/** The longest collection name and `_id` (as JSON text) a row can hold. */
export const MAX_COLLECTION_LENGTH = 120;
export const MAX_KEY_LENGTH = 880;

/** The RxDB schema of {@link DocRow}. Changing it needs a schema version and a migration. */
export const DOC_ROW_SCHEMA: RxJsonSchema<DocRow> = {
  version: 0,
  primaryKey: { key: 'id', fields: ['coll', 'key'], separator: '|' },
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: MAX_COLLECTION_LENGTH + 1 + MAX_KEY_LENGTH },
    coll: { type: 'string', maxLength: MAX_COLLECTION_LENGTH },
    key: { type: 'string', maxLength: MAX_KEY_LENGTH },
    doc: { type: 'object' },
    seq: { type: 'number' },
    v: { type: 'string' },
    vh: { type: 'array', items: { type: 'string' } },
    ops: { type: 'array', items: { type: 'object' } },
  },
  required: ['id', 'coll', 'key', 'doc', 'seq', 'v', 'vh', 'ops'],
};
