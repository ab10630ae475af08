import type { Doc, JsonObject, JsonValue } from '../core/json';
import { escapeDocKeys, escapeRequest, mentionsInheritedName, unescapeKeys } from './safe-keys';
import { applyUpdate, type ParsedUpdate, type UpdateEnv } from './update';

/**
 * {@link applyUpdate} for callers outside a collection command (the replication replays pending
 * updates on a newer server state): field names a plain object inherits (`constructor`,
 * `toString`, ...) are escaped while mingo runs, as every command does, so
 * `$set: { 'toString.n': 1 }` updates an ordinary field here too instead of failing.
 *
 * @example fragment
 * applyUpdateSafely({ _id: 1 }, parseUpdate({ $set: { 'constructor.a': 1 } }), { now: Date.now }).doc;
 * // { _id: 1, constructor: { a: 1 } }
 */
export function applyUpdateSafely(doc: Doc, update: ParsedUpdate, env: UpdateEnv): { doc: Doc; changed: boolean } {
  const body: JsonValue = update.kind === 'pipeline' ? [...update.stages] : { ...update.ops };
  const request: JsonObject = { update: body, ...(env.filter ? { filter: env.filter } : {}), ...(env.arrayFilters ? { arrayFilters: env.arrayFilters } : {}) };
  if (!mentionsInheritedName(request)) return applyUpdate(doc, update, env);
  const escaped: ParsedUpdate =
    update.kind === 'pipeline' ? { kind: 'pipeline', stages: escapeRequest([...update.stages]) } : { kind: 'operators', ops: escapeRequest({ ...update.ops }) };
  const escapedEnv: UpdateEnv = {
    ...env,
    ...(env.filter ? { filter: escapeRequest(env.filter) } : {}),
    ...(env.arrayFilters ? { arrayFilters: escapeRequest(env.arrayFilters) } : {}),
  };
  const out = applyUpdate(escapeDocKeys(doc), escaped, escapedEnv);
  return { doc: unescapeKeys(out.doc), changed: out.changed };
}
