import { DbError, DbErrorCode } from '../core/db-error';
import { isPlainObject, type JsonObject, type JsonValue } from '../core/json';

/**
 * The one field name mpsync refuses everywhere: assigning it on a plain object replaces the
 * object's prototype instead of storing a field, so it can never round-trip as data.
 */
const PROTO_KEY = '__proto__';

// Field names that a plain object inherits from Object.prototype, plus `prototype` (reached
// through `constructor`). mingo 7.2.7 looks some paths up without an own-property check (its
// projection merge, `walk`), so with such a name it reads, and then writes into, the shared
// Object / Object.prototype instead of the document.
const INHERITED_NAMES: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype).filter((n) => n !== PROTO_KEY), 'prototype']);
const INHERITED_PATTERN = new RegExp([...INHERITED_NAMES].join('|'));

// Stands in front of an inherited name while mingo evaluates. It contains a NUL, which no
// MongoDB field name may, so it can never be mistaken for a user's field.
const ESCAPE = '\u0000mpsync\u0000';

/**
 * Whether any text of `value` (keys or strings) mentions a name a plain object inherits
 * (`constructor`, `toString`, `prototype`, ...). A cheap, conservative test: a mention inside a
 * literal string also counts, which only costs the slower escaped evaluation.
 *
 * @example
 * mentionsInheritedName({ projection: { constructor: 1 } }); // true
 */
export function mentionsInheritedName(value: JsonValue | undefined): boolean {
  return value !== undefined && INHERITED_PATTERN.test(JSON.stringify(value));
}

/**
 * Throws `BadValue` when a field name or field path of `value` is `__proto__`: as an object key,
 * as a segment of a dotted key (`'a.__proto__.b'`), or as a segment of a field-path string
 * (`'$__proto__.x'`, `'$$ROOT.__proto__'`). Literal string values are data and are not refused.
 *
 * @param what - the argument name for the message
 * @example
 * refuseProtoKeys(JSON.parse('{"__proto__": {"$exists": true}}'), 'query'); // throws BadValue
 */
export function refuseProtoKeys(value: JsonValue | undefined, what: string): void {
  if (value === undefined) return;
  const stack: JsonValue[] = [value];
  while (stack.length > 0) {
    const item = stack.pop() as JsonValue;
    if (typeof item === 'string') {
      if (item.startsWith('$') && hasProtoSegment(item.replace(/^\$+/, ''))) throw protoRefused(what);
    } else if (Array.isArray(item)) {
      for (const v of item) stack.push(v);
    } else if (item !== null && typeof item === 'object') {
      for (const key of Object.keys(item)) {
        if (hasProtoSegment(key)) throw protoRefused(what);
        stack.push(item[key] as JsonValue);
      }
    }
  }
}

function hasProtoSegment(path: string): boolean {
  return path.includes(PROTO_KEY) && path.split('.').includes(PROTO_KEY);
}

function protoRefused(what: string): DbError {
  return new DbError(DbErrorCode.BadValue, `the field name "${PROTO_KEY}" is not allowed (in ${what})`);
}

/**
 * A copy of a stored document (or a list of them) with every field named like an inherited
 * property (`constructor`, `prototype`, `toString`, ...) renamed to an escaped name that mingo
 * treats as an ordinary field. {@link unescapeKeys} undoes it.
 *
 * @example
 * unescapeKeys(escapeDocKeys({ constructor: { prototype: 1 } })); // { constructor: { prototype: 1 } }
 */
export function escapeDocKeys<T extends JsonValue>(value: T): T {
  return mapKeys(value, (key) => (INHERITED_NAMES.has(key) ? ESCAPE + key : key), false) as T;
}

/**
 * A copy of a request argument (filter, update, projection, sort, pipeline) with inherited names
 * escaped as {@link escapeDocKeys} escapes them in documents: in object keys, in each segment of
 * a dotted key, and in each segment of a field-path string (`'$constructor.prototype'`).
 */
export function escapeRequest<T extends JsonValue>(value: T): T {
  return mapKeys(value, escapeFieldPath, true) as T;
}

/** Undoes {@link escapeDocKeys} / {@link escapeRequest} on an answer or a document to store. */
export function unescapeKeys<T extends JsonValue>(value: T): T {
  return mapKeys(value, (key) => (key.includes(ESCAPE) ? key.split(ESCAPE).join('') : key), false) as T;
}

/** `path` (`'a.constructor.b'`) with each inherited name escaped as in {@link escapeRequest}. */
export function escapeFieldPath(path: string): string {
  if (!INHERITED_PATTERN.test(path)) return path;
  return path
    .split('.')
    .map((segment) => (INHERITED_NAMES.has(segment) ? ESCAPE + segment : segment))
    .join('.');
}

function mapKeys(value: JsonValue, rename: (key: string) => string, paths: boolean): JsonValue {
  if (typeof value === 'string') {
    if (!paths || !value.startsWith('$')) return value;
    const prefix = /^\$+/.exec(value)?.[0] ?? '';
    return prefix + escapeFieldPath(value.slice(prefix.length));
  }
  if (Array.isArray(value)) return value.map((v) => mapKeys(v, rename, paths));
  if (!isPlainObject(value)) return value;
  const out: JsonObject = {};
  for (const key of Object.keys(value)) {
    const v = value[key] as JsonValue;
    // Operator names ($gt, $set, ...) are never escaped; their arguments are. The targets of
    // $rename are field paths written as plain strings.
    const mapped = paths && key === '$rename' && isPlainObject(v) ? renameTargets(mapKeys(v, rename, paths) as JsonObject) : mapKeys(v, rename, paths);
    Object.defineProperty(out, rename(key), { value: mapped, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function renameTargets(fields: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(fields)) {
    const target = fields[key] as JsonValue;
    out[key] = typeof target === 'string' ? escapeFieldPath(target) : target;
  }
  return out;
}
