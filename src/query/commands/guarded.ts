import { DbError, DbErrorCode } from '../../core/db-error';
import { docKey } from '../../core/doc-key';
import type { Doc, JsonObject, JsonValue } from '../../core/json';
import { LIMITS, checkDepth } from '../limits';
import { tick, withinBudget } from '../work-budget';
import { escapeDocKeys, escapeFieldPath, escapeRequest, mentionsInheritedName, refuseProtoKeys, unescapeKeys } from '../safe-keys';
import type { CollectionView, CommandEnv, CommandOutcome, Write } from './types';

type Command = (view: CollectionView, params: JsonObject, env: CommandEnv) => CommandOutcome;

// Commands whose arguments never reach mingo: their documents are only checked and stored.
const STORE_ONLY = new Set(['insertOne', 'insertMany']);

/**
 * Runs one command under the rules that keep hostile input harmless, on both sides alike:
 * - `__proto__` as a field name or path anywhere in the arguments is refused (`BadValue`);
 * - arguments nested deeper than {@link LIMITS.requestDepth} and documents to store nested deeper
 *   than {@link LIMITS.documentDepth} are refused (`BadValue`);
 * - names a plain object inherits (`constructor`, `prototype`, `toString`, ...) are escaped in the
 *   documents and the request while mingo evaluates, so they stay ordinary fields and mingo
 *   never reaches a shared prototype through them;
 * - evaluation counts against `env.budget` and the size limits (`ExceededTimeLimit`,
 *   `ExceededMemoryLimit`).
 *
 * @example fragment
 * runGuarded(DB_COMMANDS.find, view, { query: {}, options: { projection: { constructor: 1 } } }, env);
 */
export function runGuarded(fn: Command, view: CollectionView, params: JsonObject, env: CommandEnv): CommandOutcome {
  for (const name of Object.keys(params)) {
    const value = params[name];
    refuseProtoKeys(value, name);
    checkDepth(value, LIMITS.requestDepth, name);
  }
  return withinBudget(env.budget, () => {
    const metered = env.budget ? meteredView(view) : view;
    const command = typeof params.command === 'string' ? params.command : '';
    const outcome = outOfRangeAsLimit(() =>
      !STORE_ONLY.has(command) && mentionsInheritedName(params) ? runEscaped(fn, metered, params, env) : fn(metered, params, env),
    );
    for (const w of outcome.writes) if (w.kind !== 'delete') checkDepth(w.doc, LIMITS.documentDepth, 'the document to store');
    return outcome;
  });
}

// What the limits do not foresee and V8 refuses — a string or array past its maximum length, a
// recursion too deep — is still the request's fault: a documented refusal, not an internal error.
function outOfRangeAsLimit<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof RangeError) throw new DbError(DbErrorCode.ExceededMemoryLimit, `the command exceeds what can be evaluated: ${error.message}`);
    throw error;
  }
}

// Every document a command visits counts as a step of its time budget.
function meteredView(view: CollectionView): CollectionView {
  const metered = (docs: Iterable<Doc>): Iterable<Doc> => ({
    *[Symbol.iterator]() {
      for (const doc of docs) {
        tick();
        yield doc;
      }
    },
  });
  return {
    scan: () => metered(view.scan()),
    get: (key) => view.get(key),
    ...(view.sorted
      ? {
          sorted: (spec) => {
            const docs = view.sorted?.(spec);
            return docs && metered(docs);
          },
        }
      : {}),
  };
}

function runEscaped(fn: Command, view: CollectionView, params: JsonObject, env: CommandEnv): CommandOutcome {
  let byKey: Map<string, Doc> | undefined;
  const escaped = (): Map<string, Doc> => {
    if (!byKey) {
      byKey = new Map();
      for (const doc of view.scan()) {
        const copy = escapeDocKeys(doc);
        byKey.set(docKey(copy._id), copy);
      }
    }
    return byKey;
  };
  const resolve = env.resolveCollection;
  const escapedEnv: CommandEnv = resolve ? { ...env, resolveCollection: (name) => resolve(name).map((d) => escapeDocKeys(d)) } : env;
  const request = escapeRequest(params);
  // distinct names its field as a plain string.
  if (typeof params.key === 'string') request.key = escapeFieldPath(params.key);
  const outcome = fn({ scan: () => escaped().values(), get: (key) => escaped().get(key) }, request, escapedEnv);
  return {
    answer: unescapeKeys(outcome.answer as unknown as JsonValue) as unknown as CommandOutcome['answer'],
    writes: outcome.writes.map(unescapeWrite),
  };
}

function unescapeWrite(w: Write): Write {
  if (w.kind === 'delete') {
    const before = unescapeKeys(w.before);
    return { kind: 'delete', key: docKey(before._id), before };
  }
  const doc = unescapeKeys(w.doc);
  if (w.kind === 'insert') return { kind: 'insert', key: docKey(doc._id), doc };
  const before = unescapeKeys(w.before);
  return { kind: 'replace', key: docKey(before._id), doc, before };
}
