import { updateOne } from 'mingo/updater';
import type { Now } from '../core/clock';
import { DbError, DbErrorCode, invalidParameter } from '../core/db-error';
import { docKey } from '../core/doc-key';
import { cloneJson, isPlainObject, type Doc, type JsonObject, type JsonValue } from '../core/json';
import { toDbError } from './errors';
import { MINGO_OPTIONS, UPDATE_OPTIONS } from './mingo-context';
import { toStoredDocument } from './document';
import { checkArrayPadding } from './limits';
import { expandArrayPaths } from './array-filters';
import { resolvePositional } from './positional-update';
import { rewriteArrayOperators } from './update-arrays';
import { validateOperators } from './update-validate';

/** Update operators MongoDB accepts in an update document, all supported here. */
const UPDATE_OPERATORS = [
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$currentDate',
  '$setOnInsert',
  '$push',
  '$addToSet',
  '$pull',
  '$pullAll',
  '$pop',
  '$bit',
] as const;

/** Stages allowed in a pipeline-style update (MongoDB 4.2+). */
const UPDATE_PIPELINE_STAGES = ['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith'] as const;

/** A validated update: operators (`{ $set: {...} }`) or an aggregation pipeline. */
export type ParsedUpdate =
  { readonly kind: 'operators'; readonly ops: Readonly<Record<string, JsonObject>> } | { readonly kind: 'pipeline'; readonly stages: readonly JsonObject[] };

const KNOWN_OPS = new Set<string>(UPDATE_OPERATORS);
const KNOWN_STAGES = new Set<string>(UPDATE_PIPELINE_STAGES);
const ARRAY_OPS = new Set(['$push', '$addToSet', '$pop', '$pull', '$pullAll']);
const NUMERIC_OPS = new Set(['$inc', '$mul']);
// Operators that create their target path; MongoDB refuses to create it under a scalar.
const CREATING_OPS = new Set(['$set', '$inc', '$mul', '$min', '$max', '$push', '$addToSet', '$currentDate', '$setOnInsert', '$bit']);

/**
 * Validates an update document before anything is read or written.
 *
 * @throws `InvalidParameter` for an empty or replacement-style update, `InvalidOperator` for an
 *   unknown operator, `BadValue` for an operator whose argument is not an object
 * @example
 * parseUpdate({ $inc: { n: 1 } });
 */
export function parseUpdate(update: unknown, what = 'update'): ParsedUpdate {
  if (Array.isArray(update)) {
    if (update.length === 0) throw invalidParameter(`${what} pipeline must not be empty`);
    for (const stage of update) {
      const keys = isPlainObject(stage) ? Object.keys(stage) : [];
      if (keys.length !== 1) throw invalidParameter(`each ${what} pipeline stage must be an object with one stage`);
      if (!KNOWN_STAGES.has(keys[0] as string)) {
        throw new DbError(DbErrorCode.InvalidOperator, `${keys[0]} is not allowed in an update pipeline`);
      }
    }
    return { kind: 'pipeline', stages: update as JsonObject[] };
  }
  if (!isPlainObject(update)) throw invalidParameter(`${what} must be an object`);
  const keys = Object.keys(update);
  if (keys.length === 0) throw invalidParameter(`${what} must not be empty`);
  const ops: Record<string, JsonObject> = {};
  for (const key of keys) {
    if (!key.startsWith('$')) throw invalidParameter(`${what} must contain only update operators, found "${key}"`);
    if (!KNOWN_OPS.has(key)) throw new DbError(DbErrorCode.InvalidOperator, `Unknown update operator: '${key}'`);
    const arg = update[key];
    if (!isPlainObject(arg)) throw new DbError(DbErrorCode.BadValue, `Modifiers operate on fields but ${key} was given ${typeOfValue(arg)}`);
    ops[key] = arg as JsonObject;
  }
  validateOperators(ops);
  return { kind: 'operators', ops };
}

/** Where an update runs: the clock for `$currentDate`, and whether the target is a new upsert. */
export interface UpdateEnv {
  readonly now: Now;
  /** True while building the document an upsert inserts: `$setOnInsert` applies only then. */
  readonly inserting?: boolean;
  /** The filter that selected the document, for the positional `$` operator. */
  readonly filter?: JsonObject;
  /** `options.arrayFilters`, for `$[name]` paths. */
  readonly arrayFilters?: JsonObject[];
}

/**
 * Applies a parsed update to a copy of `doc`, with MongoDB's rules where mingo is lenient:
 * `$inc` on a string, `$push` on a non-array and a field under a scalar are errors; `$set` of the
 * same `_id` is allowed; `$currentDate` uses the injected clock and stores an ISO string (the wire
 * form of a date, which the SDK revives to a `Date`).
 *
 * @returns the new document and whether anything changed; `doc` itself is never modified
 * @throws `BadValue` for an update MongoDB would refuse
 */
export function applyUpdate(doc: Doc, update: ParsedUpdate, env: UpdateEnv): { doc: Doc; changed: boolean } {
  if (update.kind === 'operators') checkArrayPadding(doc, update.ops);
  const modifier = update.kind === 'pipeline' ? update.stages : prepareOperators(doc, update.ops, env);
  const target = [cloneJson(doc)];
  let changed: boolean;
  try {
    const config = env.arrayFilters ? { cloneMode: 'deep' as const, arrayFilters: env.arrayFilters } : { cloneMode: 'deep' as const };
    // Pass the filter so the positional `$` can find its element; the document already matched it.
    changed = updateOne(target, env.filter ?? {}, modifier as never, config, needsExpressions(update, env) ? MINGO_OPTIONS : UPDATE_OPTIONS).modifiedCount > 0;
  } catch (error) {
    throw toDbError(error);
  }
  const next = toStoredDocument(target[0], 'update result') as Doc;
  if (next._id === undefined || docKey(next._id) !== docKey(doc._id)) {
    throw new DbError(DbErrorCode.BadValue, "Performing an update on the path '_id' would modify the immutable field '_id'");
  }
  return { doc: next, changed };
}

// Pipeline updates evaluate expressions; operator updates only when `$expr` appears in a `$pull`
// condition, an array filter or the filter (a string value "$expr" also counts: slower, never wrong).
function needsExpressions(update: ParsedUpdate, env: UpdateEnv): boolean {
  return update.kind === 'pipeline' || mentionsExpr(update.ops) || mentionsExpr(env.filter) || mentionsExpr(env.arrayFilters);
}

// An update command applies the same update, filter and array filters to every document it
// matches: each object is searched once.
const EXPR_SEEN = new WeakMap<object, boolean>();
function mentionsExpr(value: object | undefined): boolean {
  if (value === undefined) return false;
  let found = EXPR_SEEN.get(value);
  if (found === undefined) {
    found = JSON.stringify(value).includes('"$expr"');
    EXPR_SEEN.set(value, found);
  }
  return found;
}

function prepareOperators(doc: Doc, ops: Readonly<Record<string, JsonObject>>, env: UpdateEnv): Record<string, JsonObject> {
  ops = expandArrayPaths(doc, resolvePositional(doc, ops, env.filter), env.arrayFilters);
  const checked: Record<string, JsonObject> = {};
  for (const [op, arg] of Object.entries(ops)) {
    if (op === '$setOnInsert' || op === '$currentDate') continue;
    checked[op] = arg;
    for (const path of Object.keys(arg)) {
      checkTarget(doc, op, path, arg[path] as JsonValue);
      if (op === '$rename') checkRename(doc, path, arg[path] as JsonValue);
    }
  }
  const out = rewriteArrayOperators(doc, checked);
  const extraSets: JsonObject = {};
  if (ops.$currentDate) {
    const stamp = new Date(env.now()).toISOString();
    for (const path of Object.keys(ops.$currentDate)) {
      checkTarget(doc, '$currentDate', path, stamp);
      extraSets[path] = stamp;
    }
  }
  if (env.inserting && ops.$setOnInsert) {
    for (const path of Object.keys(ops.$setOnInsert)) checkTarget(doc, '$setOnInsert', path, ops.$setOnInsert[path] as JsonValue);
    Object.assign(extraSets, ops.$setOnInsert);
  }
  if (Object.keys(extraSets).length > 0) {
    const set = { ...(out.$set ?? {}) };
    for (const [path, value] of Object.entries(extraSets)) {
      if (path in set) throw new DbError(DbErrorCode.BadValue, `Updating the path '${path}' would create a conflict at '${path}'`);
      set[path] = value;
    }
    out.$set = set;
  }
  // MongoDB accepts `$set: { _id: <same id> }` as a no-op; mingo refuses any `_id` path.
  if (out.$set && '_id' in out.$set && docKey(out.$set._id) === docKey(doc._id)) {
    const { _id: _ignored, ...rest } = out.$set;
    if (Object.keys(rest).length > 0) out.$set = rest;
    else delete out.$set;
  }
  if (Object.keys(out).length === 0) out.$set = {};
  return out;
}

// Rejects what MongoDB rejects and mingo silently skips: a type mismatch at the target path,
// or a path that would have to pass through a scalar.
function checkTarget(doc: Doc, op: string, path: string, arg: JsonValue): void {
  if (NUMERIC_OPS.has(op) && typeof arg !== 'number') {
    throw new DbError(DbErrorCode.BadValue, `Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${JSON.stringify(arg)}}`);
  }
  if (path.includes('$')) return; // positional paths are resolved by mingo against the filter
  // $pop, like the operators that create their path, fails on a path through a scalar or an array.
  const value = valueForWrite(doc, path, CREATING_OPS.has(op) || op === '$pop');
  if (value === undefined) return;
  if (NUMERIC_OPS.has(op) && typeof value !== 'number') {
    throw new DbError(
      DbErrorCode.BadValue,
      `Cannot apply ${op} to a value of non-numeric type. {_id: ${JSON.stringify(doc._id)}} has the field '${path}' of non-numeric type ${typeOfValue(value)}`,
    );
  }
  if (ARRAY_OPS.has(op) && !Array.isArray(value)) {
    throw new DbError(
      DbErrorCode.BadValue,
      `The field '${path}' must be an array but is of type ${typeOfValue(value)} in document {_id: ${JSON.stringify(doc._id)}}`,
    );
  }
}

// The paths themselves were checked by `validateOperators`; here what the document holds: neither
// path may run through an array or a scalar, and a missing source makes the rename a no-op
// whatever the destination.
function checkRename(doc: Doc, from: string, to: JsonValue): void {
  if (renamePathValue(doc, from, 'source') === undefined) return;
  renamePathValue(doc, to as string, 'destination');
}

function renamePathValue(doc: Doc, path: string, role: string): JsonValue | undefined {
  const parts = path.split('.');
  let node: JsonObject = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i] as string;
    const next = node[part];
    if (next === undefined) return undefined;
    if (Array.isArray(next)) {
      throw new DbError(
        DbErrorCode.BadValue,
        `The ${role} field cannot be an array element, '${path}' in doc with _id: ${JSON.stringify(doc._id)} has an array field called '${part}'`,
      );
    }
    if (!isPlainObject(next)) {
      throw new DbError(DbErrorCode.BadValue, `cannot use the part (${parts[i + 1]} of ${path}) to traverse the element ({${part}: ${JSON.stringify(next)}})`);
    }
    node = next;
  }
  return node[parts[parts.length - 1] as string];
}

// The value at a plain dotted path, or undefined when missing. With `creating`, a path that
// runs through a scalar is an error, as it is in MongoDB.
function valueForWrite(doc: Doc, path: string, creating: boolean): JsonValue | undefined {
  const parts = path.split('.');
  let value: JsonValue | undefined = doc;
  for (let i = 0; i < parts.length; i++) {
    if (value === undefined) return undefined;
    if (value === null || typeof value !== 'object') {
      if (!creating) return undefined;
      throw new DbError(DbErrorCode.BadValue, `Cannot create field '${parts[i]}' in element {${parts.slice(0, i).join('.')}: ${JSON.stringify(value)}}`);
    }
    const part = parts[i] as string;
    if (Array.isArray(value) && !/^\d+$/.test(part)) {
      // A field name cannot address the elements of an array (only an index or `$` can).
      if (!creating) return undefined;
      throw new DbError(DbErrorCode.BadValue, `Cannot create field '${part}' in element {${parts.slice(0, i).join('.')}: ${JSON.stringify(value)}}`);
    }
    value = Array.isArray(value) ? value[Number(part)] : value[part];
  }
  return value;
}

function typeOfValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}
