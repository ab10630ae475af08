import { DbError, DbErrorCode, invalidParameter } from '../core/db-error';
import { isPlainObject, type JsonObject, type JsonValue } from '../core/json';

/**
 * Checks a document before it is stored and returns it in stored (wire) form: field names may
 * not start with `$` or contain `.` (the SDK's own rule for inserts, applied at every depth),
 * `Date` values become ISO strings, `undefined` members are dropped. `_id` may be any JSON value
 * but an array.
 *
 * @param what - the argument name used in error messages (`doc`, `docs[2]`, ...)
 * @throws `InvalidParameter` when the document is not an object, `BadValue` for an illegal field
 * @example
 * toStoredDocument({ title: 'a', at: new Date(0) }, 'doc'); // { title: 'a', at: '1970-01-01T00:00:00.000Z' }
 */
export function toStoredDocument(value: unknown, what: string): JsonObject {
  if (!isPlainObject(value)) throw invalidParameter(`${what} must be an object`);
  const out = normalizeObject(value, what);
  if (Array.isArray(out._id)) throw new DbError(DbErrorCode.BadValue, `${what}._id must not be an array`);
  return out;
}

function normalizeObject(value: Record<string, unknown>, path: string): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(value)) {
    if (key.startsWith('$') || key.includes('.')) {
      throw new DbError(DbErrorCode.BadValue, `field name "${key}" in ${path} must not start with "$" or contain "."`);
    }
    const v = normalizeValue(value[key], `${path}.${key}`);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function normalizeValue(value: unknown, path: string): JsonValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v, i) => normalizeValue(v, `${path}.${i}`) ?? null);
  if (isPlainObject(value)) return normalizeObject(value, path);
  throw new DbError(DbErrorCode.BadValue, `${path} is not a JSON value`);
}
