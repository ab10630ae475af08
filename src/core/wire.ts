import type { JsonValue } from './json';

/**
 * What the official SDK puts on the wire for a value: a JSON round trip. `Date` becomes an ISO
 * string, `RegExp` becomes `{}` (silently, as the SDK does), `undefined` members disappear.
 * mpsync evaluates queries on this form so a local answer equals the server's.
 *
 * @example
 * toWire({ at: new Date(0), name: /jo/, n: undefined }); // { at: '1970-01-01T00:00:00.000Z', name: {} }
 */
export function toWire(value: unknown): JsonValue | undefined {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : (JSON.parse(text) as JsonValue);
}

// The SDK's rule, exactly: a string of this shape that parses is a date.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Revives an answer the way the SDK revives database answers: every string anywhere in it that
 * looks like `2024-01-02T03:04:05.678Z` (and parses) becomes a `Date` — including strings a user
 * stored that merely look like dates. Returns new objects; the input is not changed.
 *
 * @example
 * reviveDates({ at: '2024-01-02T03:04:05.678Z' }); // { at: new Date('2024-01-02T03:04:05.678Z') }
 */
export function reviveDates(value: unknown): unknown {
  if (typeof value === 'string') return ISO_DATE.test(value) && !Number.isNaN(Date.parse(value)) ? new Date(value) : value;
  if (Array.isArray(value)) return value.map(reviveDates);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = reviveDates((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}
