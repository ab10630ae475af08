import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator';
import { CORPUS, type CorpusCase } from '../corpus';
import { anonymousSdk, type Sdk } from '../helpers/sdk';

/** The SDK's answer in JSON form: revived Dates back to ISO strings, `success` dropped. */
function jsonForm(value: unknown): Record<string, unknown> {
  const { success: _success, ...rest } = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  return rest;
}

async function reset(sdk: Sdk, names: string[]): Promise<void> {
  for (const name of names) await sdk.db.collection(name).deleteMany({});
}

describe('query corpus against the emulator, through the official SDK', () => {
  let emulator: Emulator;
  let sdk: Sdk;
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0 });
    sdk = await anonymousSdk(emulator);
  });
  afterAll(() => emulator.stop());

  it('has unique case names', () => {
    const names = CORPUS.map((c) => c.name);
    expect(names.length).toBe(new Set(names).size);
  });

  it.each(CORPUS.map((c) => [c.name, c] as const))('%s', async (_name, c: CorpusCase) => {
    await reset(sdk, ['corpus', ...Object.keys(c.others ?? {})]);
    if (c.data?.length) await sdk.db.collection('corpus').insertMany(c.data);
    for (const [name, docs] of Object.entries(c.others ?? {})) if (docs.length) await sdk.db.collection(name).insertMany(docs);
    const collection = sdk.db.collection('corpus');
    let outcome: Record<string, unknown>;
    try {
      outcome = jsonForm(await collection[c.op](...c.args));
    } catch (error) {
      outcome = { error: (error as { code?: unknown }).code ?? String(error) };
    }
    expect(outcome).toEqual(c.expect);
    if (c.after) {
      const after = (await collection.find({}, { sort: { _id: 1 } })).result;
      expect(JSON.parse(JSON.stringify(after))).toEqual(c.after);
    }
  });
});
