import { isPlainObject, type JsonObject, type JsonValue } from '../core/json';

/**
 * Rewrites a filter into an equivalent one that mingo evaluates the way MongoDB does, where the
 * two differ:
 * - `$all: [v]` is `$and: [{ f: v }]`, so it also matches a scalar field equal to v;
 * - `$regex` with `$options: 'x'` (extended: whitespace and `#` comments in the pattern are
 *   ignored) — JavaScript has no such flag, so the pattern is stripped instead.
 * The input is not changed; a filter needing none of this is returned as it is.
 */
export function rewriteFilter(filter: JsonObject): JsonObject {
  let changed = false;
  const out: JsonObject = {};
  const extraAnd: JsonObject[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if ((key === '$and' || key === '$or' || key === '$nor') && Array.isArray(value)) {
      const clauses = value.map((c) => (isPlainObject(c) ? rewriteFilter(c) : c));
      changed ||= clauses.some((c, i) => c !== value[i]);
      out[key] = clauses;
    } else if (!key.startsWith('$') && isOperatorObject(value)) {
      const { condition, and } = rewriteCondition(key, value as JsonObject);
      changed ||= condition !== value || and.length > 0;
      if (Object.keys(condition).length > 0) out[key] = condition;
      extraAnd.push(...and);
    } else {
      out[key] = value;
    }
  }
  if (!changed) return filter;
  if (extraAnd.length > 0) out.$and = [...(Array.isArray(out.$and) ? out.$and : []), ...extraAnd];
  return out;
}

function isOperatorObject(value: JsonValue | undefined): boolean {
  return isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'));
}

// One field's operator document: returns what stays on the field and clauses to add to `$and`.
function rewriteCondition(field: string, condition: JsonObject): { condition: JsonObject; and: JsonObject[] } {
  const out: JsonObject = {};
  const and: JsonObject[] = [];
  let changed = false;
  for (const [op, arg] of Object.entries(condition)) {
    if (op === '$all' && Array.isArray(arg)) {
      // MongoDB: an empty $all matches nothing; otherwise each value must match on its own.
      and.push(...(arg.length === 0 ? [{ [field]: { $in: [] } }] : arg.map((v) => ({ [field]: v }))));
      changed = true;
    } else if (op === '$options' && typeof arg === 'string' && arg.includes('x') && typeof condition.$regex === 'string') {
      const flags = arg.replace(/x/g, '');
      if (flags) out.$options = flags;
      changed = true;
    } else if (op === '$regex' && typeof arg === 'string' && typeof condition.$options === 'string' && condition.$options.includes('x')) {
      out.$regex = stripExtended(arg);
      changed = true;
    } else if (op === '$elemMatch' && isPlainObject(arg)) {
      const inner = isOperatorObject(arg) ? rewriteCondition(field, arg) : undefined;
      const rewritten = inner ? (inner.and.length > 0 ? arg : inner.condition) : rewriteFilter(arg);
      changed ||= rewritten !== arg;
      out.$elemMatch = rewritten;
    } else {
      out[op] = arg;
    }
  }
  return changed ? { condition: out, and } : { condition, and: [] };
}

// PCRE's extended mode: unescaped whitespace outside a character class is ignored, and so is
// everything from an unescaped `#` outside a class to the end of the line.
function stripExtended(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\') {
      out += c + (pattern[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === '#') {
      while (i < pattern.length && pattern[i] !== '\n') i++;
    } else if (!/\s/.test(c)) {
      out += c;
    }
  }
  return out;
}
