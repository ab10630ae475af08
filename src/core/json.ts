/** A JSON value as it travels on the mpserverless wire. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** A JSON object; every stored mpserverless document has this shape. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** A stored document: a JSON object with an `_id`. */
export type Doc = JsonObject & { _id: JsonValue };

/**
 * True when `value` is a plain object (not an array, not null, not a class instance such as Date).
 *
 * @example
 * isPlainObject({ a: 1 }); // true
 * isPlainObject([1]);      // false
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Whether `key` is an own property of `object` (`Object.hasOwn` is ES2022, newer than some
 * mini-program engines).
 *
 * @example
 * hasOwn({ a: 1 }, 'a'); // true
 */
export function hasOwn(object: object, key: PropertyKey): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/**
 * Deep copy of a JSON value. Faster than `structuredClone` for small documents and
 * available on every mini-program runtime.
 *
 * @example
 * const copy = cloneJson({ a: [1, { b: 2 }] });
 */
export function cloneJson<T extends JsonValue>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => cloneJson(v)) as T;
  const source: JsonObject = value;
  const out: JsonObject = {};
  for (const key of Object.keys(source)) out[key] = cloneJson(source[key] as JsonValue);
  return out as T;
}
