import { MpsyncError, type ErrorCode } from '../../src/core/errors';
import type { JsonObject } from '../../src/core/json';
import type { CommitBatch, StorageBackend } from '../../src/store/backend';

/** What a backend should hold: namespaces with records, both sorted by code unit, no empty namespace. */
export type Model = [namespace: string, records: [key: string, value: JsonObject][]][];

export const emptyModel = (): Model => [];

const byName = <T extends [string, unknown]>(a: T, b: T) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** Everything stored: namespaces sorted, each with its records sorted by key. */
export async function snapshot(backend: StorageBackend): Promise<Model> {
  const out = emptyModel();
  for (const namespace of (await backend.namespaces()).sort()) {
    const records = await backend.load(namespace);
    out.push([namespace, records.map((r): [string, JsonObject] => [r.key, r.value]).sort(byName)]);
  }
  return out;
}

/** One namespace's records, sorted by key. */
export async function records(backend: StorageBackend, namespace = 'docs'): Promise<[string, JsonObject][]> {
  return (await backend.load(namespace)).map((r): [string, JsonObject] => [r.key, r.value]).sort(byName);
}

/** The `MpsyncError` code a call failed with, or `resolved`; any other error fails the test. */
export async function codeOf(promise: Promise<unknown>): Promise<ErrorCode | 'resolved'> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    if (error instanceof MpsyncError) return error.code;
    throw error;
  }
}

/** A record to put. */
export const put = (key: string, value: JsonObject) => ({ key, value });

/** Applies a batch to a model the way the contract says a backend applies it. */
export function applyBatch(model: Model, namespace: string, batch: CommitBatch): void {
  let entry = model.find(([name]) => name === namespace);
  if (entry === undefined) {
    entry = [namespace, []];
    model.push(entry);
    model.sort(byName);
  }
  const records = new Map(entry[1]);
  for (const { key, value } of batch.puts) records.set(key, structuredClone(value));
  for (const key of batch.deletes) records.delete(key);
  entry[1] = [...records].sort(byName);
  if (entry[1].length === 0) model.splice(model.indexOf(entry), 1);
}

/** Keys that break naive encodings: separators, quotes, escapes, the kv suffix marker, non-BMP text. */
export const TRICKY_KEYS = [
  'a/b',
  'c:d',
  'e|f',
  'quote"s',
  "apos'",
  'back\\slash',
  'tilde~1',
  '~',
  '',
  '中文键',
  'emoji😀',
  'new\nline',
  'mpsync:head',
  '__proto__',
  '  spaces  ',
  'Todos',
  'todos',
];

/** Namespace names: the RxDB shape, case-only differences (case-insensitive file systems), unicode. */
export const NAMESPACES = ['db/docs/0', 'Todos', 'todos', 'a:b|c "q"', 'ünïcødé/命名空间', '__proto__', 'x'.repeat(60)];

export const TRICKY_VALUE: JsonObject = {
  _id: 'x',
  title: '你好，世界',
  nested: { deep: { deeper: [1, { a: null }, []] } },
  nil: null,
  big: Number.MAX_SAFE_INTEGER,
  small: -1.5e-7,
  huge: 1.7976931348623157e308,
  flag: false,
  empty: {},
  text: 'line\nbreak\t"quoted"\\ \u2028 \u0000 end',
  emoji: '😀🎉',
  '': 'empty key',
  'dotted.key': 1,
};

/** A value of about 3 KB with escapes and wide characters: several entries in the kv harness. */
export const BIG_VALUE: JsonObject = {
  text: '大'.repeat(400),
  quotes: '"\\'.repeat(300),
  list: Array.from({ length: 60 }, (_, i) => ({ i, s: `item ${i}` })),
};

/** About 1 KB: two or three entries in the kv harness. */
export const MEDIUM_VALUE: JsonObject = { text: 'ü'.repeat(200), more: 'abc "def" '.repeat(40) };
