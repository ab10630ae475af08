import { DbError, DbErrorCode } from '../core/db-error';
import { isPlainObject, type Doc, type JsonObject, type JsonValue } from '../core/json';
import { compileFilter, type Predicate } from './filter';

const ALL = '$[]';
const IDENTIFIED = /^\$\[(.*)\]$/;
const IDENTIFIER = /^[a-z][a-zA-Z0-9]*$/;
const NO_IDENTIFIER = new Set(['$expr', '$where', '$text', '$alwaysTrue', '$alwaysFalse', '$jsonSchema', '$comment']);

function bad(message: string): DbError {
  return new DbError(DbErrorCode.BadValue, message);
}

/**
 * Checks `arrayFilters` against the update that uses them, as MongoDB does before reading any
 * document: each filter names exactly one identifier (a lowercase letter, then letters and digits)
 * at its top level, through `$and`/`$or`/`$nor` if need be; no identifier has two filters; every
 * filter is used by a `$[id]` path and every `$[id]` path has a filter.
 *
 * @throws `BadValue` for the first rule broken
 */
export function validateArrayFilters(ops: Readonly<Record<string, JsonObject>>, arrayFilters: readonly JsonObject[] | undefined): void {
  const filters = new Set<string>();
  for (const filter of arrayFilters ?? []) {
    const ids = new Set<string>();
    identifiersOf(filter, ids);
    if (ids.size === 0) throw bad('Cannot use an expression without a top-level field name in arrayFilters');
    if (ids.size > 1) throw bad(`Error parsing array filter: Expected a single top-level field name, found '${[...ids][0]}' and '${[...ids][1]}'`);
    const [id] = ids as Set<string> & Iterable<string>;
    if (!IDENTIFIER.test(id as string)) {
      throw bad(`Error parsing array filter: The top-level field name must be an alphanumeric string beginning with a lowercase letter, found '${id}'`);
    }
    if (filters.has(id as string)) throw bad(`Found multiple array filters with the same top-level field name ${id}`);
    filters.add(id as string);
  }
  const used = new Set<string>();
  for (const arg of Object.values(ops)) {
    for (const path of Object.keys(arg)) {
      for (const part of path.split('.')) {
        const id = IDENTIFIED.exec(part)?.[1];
        if (!id) continue;
        if (!filters.has(id)) throw bad(`No array filter found for identifier '${id}' in path '${path}'`);
        used.add(id);
      }
    }
  }
  for (const id of filters) if (!used.has(id)) throw bad(`The array filter for identifier '${id}' was not used in the update`);
}

function identifiersOf(filter: JsonObject, ids: Set<string>): void {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' || key === '$or' || key === '$nor') {
      if (Array.isArray(value)) for (const clause of value) if (isPlainObject(clause)) identifiersOf(clause, ids);
      continue;
    }
    // $expr, $where, $text and the like name no identifier; MongoDB refuses them here. Another
    // `$` name is then refused as an identifier.
    if (NO_IDENTIFIER.has(key)) throw bad(`${key} is not allowed in arrayFilters`);
    ids.add(key.split('.')[0] as string);
  }
}

/**
 * Replaces the `$[]` and `$[id]` parts of an update's paths with the indexes of the elements they
 * stand for in `doc` (every element, or those the array filter for `id` matches), so each path
 * names fields of this document only.
 *
 * @throws `BadValue` when such a path runs into a missing field or a non-array, or when two of the
 *   resulting paths are the same or one is inside the other (MongoDB: "Update created a conflict")
 */
export function expandArrayPaths(
  doc: Doc,
  ops: Readonly<Record<string, JsonObject>>,
  arrayFilters: readonly JsonObject[] | undefined,
): Readonly<Record<string, JsonObject>> {
  if (!Object.values(ops).some((arg) => Object.keys(arg).some((path) => path.includes('$[')))) return ops;
  validateArrayFilters(ops, arrayFilters);
  const tests = new Map<string, Predicate>();
  for (const filter of arrayFilters ?? []) {
    const ids = new Set<string>();
    identifiersOf(filter, ids);
    tests.set([...ids][0] as string, compileFilter(filter, 'arrayFilters'));
  }
  const out: Record<string, JsonObject> = {};
  const all: string[] = [];
  for (const [op, arg] of Object.entries(ops)) {
    const expanded: JsonObject = {};
    for (const [path, value] of Object.entries(arg)) {
      const concrete: string[] = [];
      expand(doc, path.split('.'), 0, [], tests, concrete);
      for (const p of concrete) expanded[p] = value;
      all.push(...concrete);
    }
    if (Object.keys(expanded).length > 0) out[op] = expanded;
  }
  const sorted = [...all].sort();
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1] as string;
    const path = sorted[i] as string;
    if (path === prev || path.startsWith(`${prev}.`)) throw bad(`Update created a conflict at '${path}'`);
  }
  return out;
}

function expand(
  value: JsonValue | undefined,
  parts: readonly string[],
  i: number,
  prefix: string[],
  tests: ReadonlyMap<string, Predicate>,
  out: string[],
): void {
  if (!parts.slice(i).some((part) => IDENTIFIED.test(part))) {
    out.push([...prefix, ...parts.slice(i)].join('.'));
    return;
  }
  const part = parts[i] as string;
  const id = IDENTIFIED.exec(part)?.[1];
  if (id !== undefined) {
    const at = prefix.join('.');
    if (value === undefined) throw bad(`The path '${at}' must exist in the document in order to apply array updates.`);
    if (!Array.isArray(value)) throw bad(`Cannot apply array updates to non-array element ${at}: ${JSON.stringify(value)}`);
    const test = part === ALL ? undefined : tests.get(id);
    value.forEach((element, k) => {
      if (test && !test({ [id]: element } as unknown as Doc)) return;
      expand(element, parts, i + 1, [...prefix, String(k)], tests, out);
    });
    return;
  }
  let next: JsonValue | undefined;
  if (Array.isArray(value)) next = /^\d+$/.test(part) ? value[Number(part)] : undefined;
  else if (isPlainObject(value)) next = value[part];
  expand(next, parts, i + 1, [...prefix, part], tests, out);
}
