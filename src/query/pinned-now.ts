import { isPlainObject, type JsonValue } from '../core/json';

/**
 * `pipeline` with every `$$NOW` expression replaced by the date `now` gives, so the variable reads
 * the injected clock instead of the wall clock mingo would read (a replayed run, or a test that
 * moves time, gets the same answer every time). Text inside `$literal` is data, not an
 * expression, and stays as it is; object keys are never variables.
 *
 * @example
 * pinNow([{ $project: { at: '$$NOW' } }], 0); // [{ $project: { at: { $toDate: 0 } } }]
 */
export function pinNow(pipeline: readonly JsonValue[], now: number): JsonValue[] {
  return pipeline.map((stage) => pin(stage, now));
}

function pin(value: JsonValue, now: number): JsonValue {
  if (value === '$$NOW') return { $toDate: now };
  if (Array.isArray(value)) return value.map((item) => pin(item, now));
  if (!isPlainObject(value)) return value;
  const out: Record<string, JsonValue> = {};
  for (const [key, inner] of Object.entries(value)) out[key] = key === '$literal' ? inner : pin(inner, now);
  return out;
}
