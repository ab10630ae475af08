import { getPrimaryFieldOfPrimaryKey, type RxDocumentData, type RxJsonSchema } from 'rxdb';

/**
 * The length the memory storage pads primary keys to in its index keys. A longer key is kept whole,
 * not cut, and orders as it did padded to its full `maxLength` (see below), so the padding buys no
 * order and costs memory: at 64 characters, a 15-character key carried 49 spaces in each of its
 * three index keys, about 1.5 MB for 10,000 cached rows (measured). 16 keeps short keys of the
 * internal instances padded and leaves `coll|"<_id>"` keys of cached documents nearly bare.
 */
export const INDEX_KEY_LENGTH = 16;

/**
 * The schema given to RxDB's memory storage: the stored schema with its primary key's `maxLength`
 * lowered to {@link INDEX_KEY_LENGTH}, when the primary key is the last field of every index.
 *
 * Why: the memory storage builds one index key per document and index by padding every string
 * field to its `maxLength`; a cached row's primary key allows 1,001 characters, so three indexes
 * of 10,000 rows held 30 MB of spaces and their build was most of what a cold open spent after
 * parsing (measured; see docs/architecture.md). Only the in-memory index keys change: the schema
 * RxDB stores and checks (its hash) is the caller's. Padding the last field less keeps the order:
 * keys and query bounds are padded alike, a key shorter than the padding compares exactly as
 * before, and a longer one is compared whole, as a longer key always was.
 *
 * Why whole keys order as padded ones: two padded keys differ first inside both keys (then both
 * order alike) or, when one key is a prefix of the other, where one has padding (a space) and the
 * other its next character, which sorts after the space unless it is a control character. Cached
 * keys are `coll|` and the JSON text of the `_id`, which escapes control characters, and the query
 * bounds pad with `\x00` and `\uffff`, below and above every key character, at any length.
 */
export function compactIndexSchema<T>(schema: RxJsonSchema<RxDocumentData<T>>): RxJsonSchema<RxDocumentData<T>> {
  const primaryPath = getPrimaryFieldOfPrimaryKey(schema.primaryKey) as string;
  const properties = schema.properties as Record<string, { maxLength?: number } | undefined>;
  const property = properties[primaryPath];
  const maxLength = property?.maxLength;
  const indexes = (schema.indexes ?? []).map((index) => (typeof index === 'string' ? [index] : [...index]));
  // The memory storage adds ['_deleted', '_meta.lwt', primaryPath] itself: last there too.
  const lastEverywhere = indexes.every((index) => index[index.length - 1] === primaryPath);
  if (property === undefined || maxLength === undefined || maxLength <= INDEX_KEY_LENGTH || !lastEverywhere) return schema;
  return { ...schema, properties: { ...schema.properties, [primaryPath]: { ...property, maxLength: INDEX_KEY_LENGTH } } };
}
