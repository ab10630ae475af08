import { docKey } from '../core/doc-key';
import { isRetryable } from '../core/errors';
import type { Doc } from '../core/json';
import { reviveDates } from '../core/wire';
import { commandParams } from '../sdk/commands';
import { compileFilter, type Predicate } from '../query/filter';
import type { CacheChange, LocalEngine } from '../local/local-engine';
import { validateCollectionCall } from '../sdk/validation';
import type { StatusStore, SyncStatus } from '../model/status';
import { LiveObservable } from './observable';

/** What a live query delivers. */
export interface WatchSnapshot {
  /** The query's answer, as `find` would give it now (dates revived as the SDK revives them). */
  readonly docs: Doc[];
  /** True while the cache may be behind the server: before the first completed sync, or offline. */
  readonly fromCache: boolean;
  /** True when a document in `docs` carries a write the server has not confirmed yet. */
  readonly hasPendingWrites: boolean;
  /**
   * One flag per document of `docs`, in the same order: `pending[i]` is true while `docs[i]`
   * carries a write the server has not confirmed yet (false for a document whose `_id` the
   * projection left out). `hasPendingWrites` is true exactly when one of them is.
   */
  readonly pending: boolean[];
}

/** Where live queries read from; it outlives sign-in switches of the client. */
export interface LiveSource {
  engine(): Promise<LocalEngine>;
  /** Changes of the cache; `'all'` when the whole cache was replaced (another partition opened). */
  onChanges(listener: (changes: readonly CacheChange[] | 'all') => void): () => void;
  readonly status: StatusStore;
}

/** The `fromCache` flag of a snapshot, from the client's sync status. */
function fromCacheOf(status: SyncStatus): boolean {
  return status.lastSyncedAt === null || status.online === false || (status.lastError !== null && isRetryable(status.lastError.code));
}

/**
 * `collection.watch(query, options)`: a live `find`. The first snapshot comes at once from the
 * cache; a new one follows local writes, pulled changes and confirmations that change the answer
 * or its flags (`fromCache`, and the pending flag of any document) — never one for a change that
 * leaves both alike. A batch of changes is evaluated
 * once, and a change is looked at only when the document matched the query before or after it
 * (or was in the answer), so an unrelated write costs each query one predicate test.
 * Unsubscribing stops all of its work.
 *
 * @example fragment
 * const sub = todos.watch({ done: false }, { sort: { createdAt: -1 }, limit: 20 })
 *   .subscribe((snap) => page.setData({ todos: snap.docs, syncing: snap.hasPendingWrites }));
 */
export function liveQuery(source: LiveSource, coll: string, args: readonly unknown[]): LiveObservable<WatchSnapshot> {
  return new LiveObservable<WatchSnapshot>((observer) => {
    let stopped = false;
    let scheduled = false;
    let dirty = true;
    let docs: Doc[] = [];
    let keys: Set<string> | undefined;
    let docsState = '';
    let last: string | undefined;
    let predicate: Predicate | undefined;
    const params = commandParams('find', args);

    const evaluate = async () => {
      scheduled = false;
      if (stopped) return;
      try {
        const engine = await source.engine();
        if (dirty) {
          dirty = false;
          docs = (await engine.execute(coll, 'find', params)).result as Doc[];
          docsState = JSON.stringify(docs);
          // Without _id in the answer (a projection left it out) every change of the collection counts.
          keys = docs.every((d) => d._id !== undefined) ? new Set(docs.map((d) => docKey(d._id))) : undefined;
        }
        const pending = docs.map((d) => d._id !== undefined && engine.isPending(coll, docKey(d._id)));
        const fromCache = fromCacheOf(source.status.get());
        const state = `${pending.map((p) => (p ? 1 : 0)).join('')}:${fromCache ? 1 : 0}${docsState}`;
        if (stopped || state === last) return;
        last = state;
        observer.next({ docs: reviveDates(docs) as Doc[], fromCache, hasPendingWrites: pending.includes(true), pending });
      } catch (error) {
        observer.error(error);
      }
    };
    const schedule = () => {
      if (scheduled || stopped) return;
      scheduled = true;
      void Promise.resolve().then(evaluate);
    };
    const relevant = (c: CacheChange) =>
      c.coll === coll &&
      (!keys || keys.has(c.key) || (c.doc !== null && (predicate as Predicate)(c.doc)) || (c.before !== null && (predicate as Predicate)(c.before)));

    try {
      validateCollectionCall('find', args);
      predicate = compileFilter(params.query);
    } catch (error) {
      void Promise.resolve().then(() => observer.error(error));
      return () => undefined;
    }
    const stopChanges = source.onChanges((changes) => {
      if (changes === 'all' || changes.some(relevant)) {
        dirty = true;
        schedule();
      }
    });
    const stopStatus = source.status.subscribe(schedule);
    schedule();
    return () => {
      stopped = true;
      stopChanges();
      stopStatus();
    };
  });
}
