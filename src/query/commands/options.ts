import { invalidParameter } from '../../core/db-error';
import { isPlainObject, type JsonObject, type JsonValue } from '../../core/json';

/** `params.options`, checked to be an object (absent → `{}`). */
export function optionsOf(params: JsonObject): JsonObject {
  const options = params.options;
  if (options === undefined || options === null) return {};
  if (!isPlainObject(options)) throw invalidParameter('options must be an object');
  return options;
}

/** A non-negative integer option; absent → `undefined`. */
export function intOption(options: JsonObject, name: string): number | undefined {
  const v = options[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw invalidParameter(`options.${name} must be a non-negative integer`);
  return v;
}

/** A boolean option; absent → `fallback`. */
export function boolOption(options: JsonObject, name: string, fallback = false): boolean {
  const v = options[name];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'boolean') throw invalidParameter(`options.${name} must be a boolean`);
  return v;
}

/** An optional object argument such as `query` (absent → `undefined`). */
export function objectArg(params: JsonObject, name: string, required: boolean): JsonObject | undefined {
  const v: JsonValue | undefined = params[name];
  if (v === undefined || v === null) {
    if (required) throw invalidParameter(`${name} is required`);
    return undefined;
  }
  if (!isPlainObject(v)) throw invalidParameter(`${name} must be an object`);
  return v;
}

/** `options.arrayFilters`, for `$[name]` update paths. */
export function arrayFiltersOption(options: JsonObject): JsonObject[] | undefined {
  const v = options.arrayFilters;
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((f) => isPlainObject(f))) throw invalidParameter('options.arrayFilters must be an array of objects');
  return v;
}

// Options that would change what an answer means; accepting and ignoring them would mislead.
const REFUSED_OPTIONS = ['collation', 'explain'];

/** Throws `InvalidParameter` for options this evaluator does not implement. */
export function refuseUnsupported(options: JsonObject): void {
  for (const name of REFUSED_OPTIONS) {
    if (options[name] !== undefined && options[name] !== false && options[name] !== null) {
      throw invalidParameter(`options.${name} is not supported`);
    }
  }
}
