import { normalizeMangoQuery, prepareQuery, type RxCollection, type RxDocumentData, type RxStorageInstance } from 'rxdb';
import { memoryInstanceRows } from '../store/memory-preload';
import type { DocRow } from '../model/doc-row';

/**
 * Every stored row of the cache collection, deleted ones included, for filling the mirror when the
 * cache opens. Read straight from the memory storage's documents map when it can be: a query would
 * first make the storage build its `_meta.lwt` indexes, which a cold open does not need (see
 * `memory-preload.ts`); any other storage is queried.
 */
export async function allRows(collection: RxCollection<DocRow>): Promise<RxDocumentData<DocRow>[]> {
  const durable = (collection.storageInstance as unknown as { originalStorageInstance?: RxStorageInstance<DocRow, unknown, unknown> }).originalStorageInstance;
  const direct = durable === undefined ? undefined : memoryInstanceRows(durable);
  if (direct !== undefined) return direct;
  const schema = collection.schema.jsonSchema;
  const result = await collection.storageInstance.query(
    prepareQuery(schema, normalizeMangoQuery(schema, { selector: { _deleted: { $in: [true, false] } } as never })),
  );
  return result.documents;
}
