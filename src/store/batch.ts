import { MpsyncError } from '../core/errors';
import { isPlainObject } from '../core/json';
import type { CommitBatch } from './backend';

/**
 * A batch checked and brought to storage form: every value as its JSON text. Shared by the
 * backends, because JSON text is what each of them stores; it is not part of the public API.
 */
export interface EncodedBatch {
  readonly puts: readonly (readonly [key: string, json: string])[];
  readonly deletes: readonly string[];
}

/**
 * Checks a batch and serialises its values. Throws `INVALID_ARGUMENT` for a key that is not a
 * string, a key that appears twice, a value that is not a plain object, or a value JSON cannot
 * encode, so a bad batch fails before any backend writes a byte of it.
 *
 * @example
 * encodeBatch('todos', { puts: [{ key: 'a', value: { n: 1 } }], deletes: ['b'] });
 * // { puts: [['a', '{"n":1}']], deletes: ['b'] }
 */
export function encodeBatch(namespace: string, batch: CommitBatch): EncodedBatch {
  if (typeof namespace !== 'string') throw invalid('the namespace must be a string');
  const seen = new Set<string>();
  const claim = (key: unknown): string => {
    if (typeof key !== 'string') throw invalid(`a record key must be a string, got ${typeof key}`);
    if (seen.has(key)) throw invalid(`key ${JSON.stringify(key)} appears twice in one commit`);
    seen.add(key);
    return key;
  };
  const puts = batch.puts.map((record): readonly [string, string] => {
    const key = claim(record.key);
    if (!isPlainObject(record.value)) throw invalid(`the value of ${JSON.stringify(key)} must be a plain object`);
    let json: string;
    try {
      json = JSON.stringify(record.value);
    } catch (cause) {
      throw new MpsyncError('INVALID_ARGUMENT', `the value of ${JSON.stringify(key)} is not JSON`, { cause });
    }
    return [key, json];
  });
  return { puts, deletes: batch.deletes.map(claim) };
}

/**
 * UTF-8 length of a string, without `Buffer` or `TextEncoder` (mini-programs may lack both).
 *
 * @example
 * utf8Bytes('a中'); // 4
 */
export function utf8Bytes(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A surrogate pair is 2 code units and 4 bytes, so each unit adds 1; other units add their extra bytes.
    if (code >= 0x80) bytes += code < 0x800 ? 1 : code >= 0xd800 && code <= 0xdfff ? 1 : 2;
  }
  return bytes;
}

/** The bytes a stored record takes: its key and its JSON text, in UTF-8. */
export function recordBytes(key: string, json: string): number {
  return utf8Bytes(key) + utf8Bytes(json);
}

/**
 * How many bytes applying `batch` to `records` (JSON text by key) adds; negative when it frees more.
 *
 * @example
 * batchDelta(new Map([['a', '{}']]), { puts: [['b', '{}']], deletes: ['a'] }); // 0
 */
export function batchDelta(records: ReadonlyMap<string, string>, batch: EncodedBatch): number {
  const sizeOf = (key: string): number => {
    const json = records.get(key);
    return json === undefined ? 0 : recordBytes(key, json);
  };
  let delta = 0;
  for (const [key, json] of batch.puts) delta += recordBytes(key, json) - sizeOf(key);
  for (const key of batch.deletes) delta -= sizeOf(key);
  return delta;
}

/** Applies `batch` to `records` (JSON text by key). */
export function applyBatch(records: Map<string, string>, batch: EncodedBatch): void {
  for (const [key, json] of batch.puts) records.set(key, json);
  for (const key of batch.deletes) records.delete(key);
}

/**
 * Throws `QUOTA_EXCEEDED` when a change of `delta` bytes grows `used` past `quotaBytes`. A commit
 * that shrinks the data always passes, so an app can free space from a full store.
 *
 * @example
 * checkQuota(900, 200, 1000); // throws MpsyncError QUOTA_EXCEEDED
 */
export function checkQuota(used: number, delta: number, quotaBytes: number | undefined): void {
  if (quotaBytes === undefined || delta <= 0 || used + delta <= quotaBytes) return;
  throw new MpsyncError('QUOTA_EXCEEDED', `the commit needs ${delta} more bytes; ${used} of ${quotaBytes} are used`);
}

function invalid(message: string): MpsyncError {
  return new MpsyncError('INVALID_ARGUMENT', message);
}
