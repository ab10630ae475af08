import type { CorpusCase } from './types';

/** A collection object with the SDK's 15 calls (the SDK's own, or mpsync's local one). */
export type AnyCollection = Record<string, (...args: unknown[]) => Promise<unknown>>;

/** The answer in JSON form: revived Dates back to ISO strings, `success` dropped. */
function jsonForm(value: unknown): Record<string, unknown> {
  const { success: _success, ...rest } = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  return rest;
}

/**
 * Runs one corpus case against a database that has `collection(name)`: clears the collections the
 * case uses, stores its data, makes the call, and returns what to compare with the case.
 */
export async function runCase(db: { collection(name: string): unknown }, c: CorpusCase): Promise<{ outcome: Record<string, unknown>; after?: unknown }> {
  const collection = (name: string) => db.collection(name) as AnyCollection;
  for (const name of ['corpus', ...Object.keys(c.others ?? {})]) await collection(name).deleteMany!({});
  if (c.data?.length) await collection('corpus').insertMany!(c.data);
  for (const [name, docs] of Object.entries(c.others ?? {})) if (docs.length) await collection(name).insertMany!(docs);
  let outcome: Record<string, unknown>;
  try {
    outcome = jsonForm(await collection('corpus')[c.op]!(...c.args));
  } catch (error) {
    outcome = { error: (error as { code?: unknown }).code ?? String(error) };
  }
  if (!c.after) return { outcome };
  const after = (await collection('corpus').find!({}, { sort: { _id: 1 } })) as { result: unknown };
  return { outcome, after: JSON.parse(JSON.stringify(after.result)) };
}

/** Every collection name the corpus uses. */
export function corpusCollections(cases: readonly CorpusCase[]): string[] {
  return ['corpus', ...new Set(cases.flatMap((c) => Object.keys(c.others ?? {})))];
}
