import type { RxConflictHandler, WithDeleted } from 'rxdb';
import type { Now } from '../core/clock';
import { cloneJson, isPlainObject, type Doc, type JsonObject } from '../core/json';
import { sha256Hex } from '../core/sha256';
import { toWire } from '../core/wire';
import { applyUpdateSafely } from '../query/safe-update';
import { parseUpdate } from '../query/update';
import type { DocRow, PendingOp } from '../model/doc-row';
import { serverStateIds } from '../model/server-doc';
import { conflictReport, type ConflictReport, type ConflictRuleName } from './conflict-notice';

type Row = WithDeleted<DocRow>;

/** How a collection resolves a document changed both here and on the server. */
export type ConflictRule =
  'rebase' | 'server-wins' | 'client-wins' | ((server: JsonObject | null, local: JsonObject | null, base: JsonObject | null) => JsonObject | null);

/**
 * The local writes of `local` that the server state `server` does not contain yet: everything
 * after the newest pending write whose state (or a state built on it) reached the server.
 */
function unlandedOps(local: Pick<DocRow, 'ops'>, server: Pick<DocRow, 'v' | 'vh'>): readonly PendingOp[] {
  const known = serverStateIds(server);
  let landed = -1;
  local.ops.forEach((op, i) => {
    if (op.vs.some((v) => known.has(v))) landed = i;
  });
  return local.ops.slice(landed + 1);
}

/**
 * Two states are the same document state when they carry the same write id and deletion flag;
 * states written without mpsync (no `_v`) compare by content. `_mt`, `seq` and pending writes do
 * not take part: they are bookkeeping.
 */
function sameState(a: Row, b: Row): boolean {
  if (a.v !== b.v || Boolean(a._deleted) !== Boolean(b._deleted)) return false;
  return a.v !== '' || JSON.stringify(a.doc) === JSON.stringify(b.doc);
}

/** Replays pending writes on a document (`null`: none), the way the server would have applied them. */
export function replay(start: Doc | null, ops: readonly PendingOp[], now: Now, localInsert: Doc | null): Doc | null {
  let doc = start;
  for (const op of ops) {
    switch (op.kind) {
      case 'insert':
        // Online, an insert over an existing document fails; over none it creates the local one.
        if (doc === null && localInsert) doc = cloneJson(localInsert);
        break;
      case 'delete':
        doc = null;
        break;
      case 'replace':
        if (doc !== null) doc = { ...op.doc, _id: doc._id };
        break;
      case 'update':
        if (doc !== null) {
          try {
            const env = { now, ...(op.filter ? { filter: op.filter } : {}), ...(op.arrayFilters ? { arrayFilters: op.arrayFilters } : {}) };
            doc = applyUpdateSafely(doc, parseUpdate(op.update), env).doc;
          } catch {
            // The server would have refused this update on this state (a type changed): it is dropped.
          }
        }
        break;
    }
  }
  return doc;
}

/**
 * The rule for a write the server refused: the server's state stays, as with `'server-wins'`, but
 * no conflict notice is made (the push already recorded a `'rejected'` one).
 */
export const REFUSED = 'refused';

/** How {@link conflictHandler} finds each collection's rule. */
export interface ConflictOptions {
  /** The rule for a document: its collection's, or {@link REFUSED} for a write the server refused. */
  readonly ruleFor: (row: DocRow) => ConflictRule | typeof REFUSED;
  readonly now: Now;
  /**
   * Stores the notice of a resolution that did not keep the local write as written. Awaited before
   * the resolved state is handed to RxDB (which writes it afterwards), so a crash in between
   * cannot lose the notice; a repeated resolution gives the same `ref`, so it is stored once.
   */
  readonly report?: (report: ConflictReport) => Promise<void>;
}

/**
 * RxDB's conflict handler for mpsync's one collection: compares states by write id and resolves a
 * conflict (the server moved on since this client's last confirmed state) by the rule of the
 * document's collection:
 * - `'rebase'`: this client's writes the server lacks are replayed on the server's state, so
 *   offline `$inc`/`$push` from two devices both count; a write that no longer applies is dropped;
 * - `'server-wins'`: the server's state stays, this client's unconfirmed writes are dropped;
 * - `'client-wins'`: this client's state is written over the server's;
 * - a function `(server, local, base) => doc | null` (null: deleted) decides.
 * The result gets a write id derived from both states, so resolving twice gives the same state.
 */
export function conflictHandler(options: ConflictOptions): RxConflictHandler<DocRow> {
  return {
    isEqual: (a, b) => sameState(a, b),
    resolve: async (input) => {
      const local = input.newDocumentState;
      const server = input.realMasterState;
      const pending = unlandedOps(local, server);
      // Nothing of this client's is missing on the server (a retried write that landed): no conflict.
      if (pending.length === 0) return { ...server, seq: local.seq, ops: [] };
      const rule = options.ruleFor(local);
      const serverDoc = server._deleted ? null : server.doc;
      const localDoc = local._deleted ? null : local.doc;
      if (rule === REFUSED) return { ...server, seq: local.seq, ops: [] };
      if (rule === 'server-wins') {
        await report(options, local, server, 'server-wins', serverDoc);
        return { ...server, seq: local.seq, ops: [] };
      }
      let resolved: Doc | null;
      if (rule === 'client-wins') resolved = localDoc;
      else if (rule === 'rebase') resolved = replay(serverDoc, pending, options.now, localDoc);
      else {
        const base = input.assumedMasterState && !input.assumedMasterState._deleted ? input.assumedMasterState.doc : null;
        const chosen: unknown = rule(serverDoc ? cloneJson(serverDoc) : null, localDoc ? cloneJson(localDoc) : null, base ? cloneJson(base) : null);
        // The rule's answer is stored as the SDK would send it; anything but an object or null keeps the server's state.
        if (chosen === null) resolved = null;
        else if (isPlainObject(chosen)) resolved = { ...(toWire(chosen) as JsonObject), _id: local.doc._id };
        else resolved = serverDoc;
      }
      await report(options, local, server, typeof rule === 'function' ? 'function' : rule, resolved);
      return resolvedRow(local, server, pending, resolved);
    },
  };
}

// Stores the notice of a resolution whose result is not the local write, before RxDB writes it.
async function report(options: ConflictOptions, local: Row, server: Row, rule: ConflictRuleName, result: Doc | null): Promise<void> {
  if (!options.report) return;
  const made = conflictReport({
    collection: local.coll,
    docId: local.doc._id,
    rule,
    local: local._deleted ? null : local.doc,
    server: server._deleted ? null : server.doc,
    result,
    localV: local.v,
    serverV: server.v,
  });
  if (made) await options.report(made);
}

// The resolved state: a new write id, derived from both sides so a second resolution of the same
// conflict gives the same state, recorded on the newest pending write (it contains them all).
function resolvedRow(local: Row, server: Row, pending: readonly PendingOp[], doc: Doc | null): Row {
  const v = sha256Hex(`rebase|${server.v}|${local.v}|${JSON.stringify(doc)}`).slice(0, 20);
  const last = pending[pending.length - 1] as PendingOp;
  const ops = [...pending.slice(0, -1), { ...last, vs: [...last.vs, v] }];
  return { ...local, doc: doc ?? server.doc, _deleted: doc === null, v, vh: server.vh, ops };
}
