import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncClient, type SyncClient } from '../../src/index';
import { createEmulator, type Emulator } from '../../src/emulator';
import { memoryPlatform } from '../../src/testing';
import { CORPUS, type CorpusCase } from '../corpus';
import { expected } from '../corpus/types';
import { corpusCollections, runCase } from '../corpus/run-case';
import { newSdk } from '../helpers/sdk';

// The same corpus as test/emulator/corpus.test.ts, answered by mpsync's local evaluator with the
// network off: same documents in the same order, same result objects, same errors.
describe('query corpus against the local evaluator, offline', () => {
  let emulator: Emulator;
  let client: SyncClient;
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0 });
    emulator.setFaults({ offline: true });
    const collections = Object.fromEntries(corpusCollections(CORPUS).map((name) => [name, {}]));
    client = await createSyncClient({ mpServerless: newSdk(emulator), platform: memoryPlatform({ online: false }), collections });
  });
  afterAll(async () => {
    await client.close();
    await emulator.stop();
  });

  it.each(CORPUS.map((c) => [c.name, c] as const))('%s', async (_name, c: CorpusCase) => {
    const { outcome, after } = await runCase(client.db, c);
    const wanted = expected(c);
    expect(outcome).toEqual(wanted.expect);
    if (wanted.after) expect(after).toEqual(wanted.after);
  });
});
