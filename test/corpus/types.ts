import type { JsonObject } from '../../src/core/json';

/** The 15 collection operations of the official SDK. */
export type CorpusOp =
  | 'aggregate'
  | 'count'
  | 'deleteMany'
  | 'deleteOne'
  | 'distinct'
  | 'find'
  | 'findOne'
  | 'findOneAndDelete'
  | 'findOneAndReplace'
  | 'findOneAndUpdate'
  | 'insertMany'
  | 'insertOne'
  | 'replaceOne'
  | 'updateMany'
  | 'updateOne';

/**
 * One case of the query corpus: data, one SDK call, and what MongoDB answers. The same cases run
 * against the emulator (through the official SDK over HTTP) and against mpsync's local evaluator,
 * so both must give the same documents in the same order, the same result objects and the same errors.
 */
export interface CorpusCase {
  /** Unique and readable, e.g. `find: $elemMatch over an array of subdocuments`. */
  readonly name: string;
  /**
   * The MongoDB test the case is transcribed from, as a path in the public mongodb/mongo
   * repository (e.g. `jstests/core/query/null_query_semantics.js`). Required for cases under
   * `test/corpus/jstests/`.
   */
  readonly source?: string;
  /** Documents in collection `corpus` before the call, inserted in this order. Give every one an `_id`. */
  readonly data?: readonly JsonObject[];
  /** Other collections the call reads (`$lookup`, `$unionWith`), by name. */
  readonly others?: Readonly<Record<string, readonly JsonObject[]>>;
  /** The method of `db.collection('corpus')`. */
  readonly op: CorpusOp;
  /** Its arguments exactly as an app passes them to the official SDK. */
  readonly args: readonly unknown[];
  /**
   * What the call resolves to, without `success`, in JSON form (a revived `Date` compares as its ISO
   * string) — or `{ error: code }` when it must reject with that code.
   */
  readonly expect: Readonly<Record<string, unknown>>;
  /** Collection `corpus` after the call, sorted by `_id`, when the call writes. */
  readonly after?: readonly JsonObject[];
  /**
   * A known, documented difference (docs/emulator.md, "Known differences from MongoDB"): what
   * mpsync's evaluator answers instead of `expect`/`after`. `expect` keeps MongoDB's answer.
   */
  readonly compat?: { readonly note: string; readonly expect: Readonly<Record<string, unknown>>; readonly after?: readonly JsonObject[] };
}

/** What a case requires of mpsync's evaluators: MongoDB's answer, or the documented difference. */
export function expected(c: CorpusCase): { expect: Readonly<Record<string, unknown>>; after?: readonly JsonObject[] | undefined } {
  return c.compat ? { expect: c.compat.expect, after: c.compat.after ?? c.after } : { expect: c.expect, after: c.after };
}
