import { Query } from 'mingo/query';
import { invalidParameter } from '../core/db-error';
import { isPlainObject, type Doc, type JsonObject, type JsonValue } from '../core/json';
import { guard } from './errors';
import { MINGO_OPTIONS } from './mingo-context';
import { compileFieldProjection } from './field-projection';
import { applyPositional, splitPositional } from './positional-projection';

/** Applies a projection to a list of documents, returning new objects. */
export type Projector = (docs: Doc[]) => Doc[];

/**
 * Compiles a MongoDB projection (`{ title: 1 }`, `{ secret: 0 }`, `{ tags: { $slice: 2 } }`,
 * `{ 'lines.$': 1 }`). `_id` is kept unless excluded; mixing inclusion and exclusion throws `BadValue`.
 * A positional field (`'a.$'`) keeps the element of `a` the filter matched, so it needs the filter.
 *
 * @param filter - the query the projected documents matched (for a positional field)
 * @returns `undefined` when there is nothing to project
 * @example
 * compileProjection({ title: 1 })?.([{ _id: 'a', title: 't', n: 1 }]); // [{ _id: 'a', title: 't' }]
 */
export function compileProjection(projection: unknown, filter?: JsonObject): Projector | undefined {
  if (projection === undefined || projection === null) return undefined;
  if (!isPlainObject(projection)) throw invalidParameter('options.projection must be an object');
  if (Object.keys(projection).length === 0) return undefined;
  const { rest: spec, positional } = splitPositional(projection as JsonObject, filter);
  // Plain inclusions and exclusions follow MongoDB's path rules here; operators ($slice,
  // $elemMatch) go to mingo. Either way a bad projection fails now, before a write is applied.
  const fields = compileFieldProjection(spec);
  const project = fields ? (docs: Doc[]): Doc[] => docs.map((d) => idFirst(fields(d) as Doc)) : mingoProjector(spec);
  if (!positional) return project;
  return (docs) => docs.map((doc) => applyPositional(project([doc])[0] as Doc, doc, positional));
}

function mingoProjector(spec: JsonObject): Projector {
  const query = new Query({}, MINGO_OPTIONS);
  guard(() => query.find([{ _id: null }], spec).all());
  // MongoDB adds the fields an $elemMatch projection picks after the fields it keeps as they are;
  // mingo leaves every field where the document had it.
  const last = Object.keys(spec).filter((k) => isPlainObject(spec[k]) && '$elemMatch' in spec[k]);
  const order = last.length === 0 ? idFirst : (doc: Doc): Doc => idFirst(moveLast(doc, last));
  return (docs) => guard(() => (query.find(docs, spec).all() as Doc[]).map(order));
}

function moveLast(doc: Doc, keys: readonly string[]): Doc {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(doc)) if (!keys.includes(k)) out[k] = v;
  for (const k of keys) if (k in doc) out[k] = doc[k] as JsonValue;
  return out as Doc;
}

/** Whether a projection has a positional field (`'a.$'`), which needs the query the document matched. */
export function hasPositional(projection: unknown): boolean {
  return isPlainObject(projection) && Object.keys(projection).some((k) => k.endsWith('.$'));
}

/** `doc` with `_id` as its first field, as MongoDB answers (mingo appends it after projected fields). */
export function idFirst<T extends JsonObject>(doc: T): T {
  if (!('_id' in doc) || Object.keys(doc)[0] === '_id') return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest } as unknown as T;
}
