import { Query } from 'mingo/query';
import { invalidParameter } from '../core/db-error';
import { isPlainObject, type Doc, type JsonObject } from '../core/json';
import { guard } from './errors';
import { MINGO_OPTIONS } from './mingo-context';

/** Applies a projection to a list of documents, returning new objects. */
export type Projector = (docs: Doc[]) => Doc[];

/**
 * Compiles a MongoDB projection (`{ title: 1 }`, `{ secret: 0 }`, `{ tags: { $slice: 2 } }`).
 * `_id` is kept unless excluded; mixing inclusion and exclusion throws `BadValue`.
 *
 * @returns `undefined` when there is nothing to project
 * @example
 * compileProjection({ title: 1 })?.([{ _id: 'a', title: 't', n: 1 }]); // [{ _id: 'a', title: 't' }]
 */
export function compileProjection(projection: unknown): Projector | undefined {
  if (projection === undefined || projection === null) return undefined;
  if (!isPlainObject(projection)) throw invalidParameter('options.projection must be an object');
  if (Object.keys(projection).length === 0) return undefined;
  const query = new Query({}, MINGO_OPTIONS);
  const spec = projection as JsonObject;
  // Validate now, so a bad projection fails before a write is applied (findOneAnd*).
  guard(() => query.find([{ _id: null }], spec).all());
  return (docs) => guard(() => (query.find(docs, spec).all() as Doc[]).map(idFirst));
}

/** `doc` with `_id` as its first field, as MongoDB answers (mingo appends it after projected fields). */
export function idFirst<T extends JsonObject>(doc: T): T {
  if (!('_id' in doc) || Object.keys(doc)[0] === '_id') return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest } as unknown as T;
}
