import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator';
import { CORPUS, type CorpusCase } from '../corpus';
import { JSTESTS_CASES } from '../corpus/jstests';
import { expected } from '../corpus/types';
import { runCase } from '../corpus/run-case';
import { anonymousSdk, type Sdk } from '../helpers/sdk';

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

  it('names the MongoDB jstest each transcribed case comes from', () => {
    const unsourced = JSTESTS_CASES.filter((c) => !/^jstests\/[\w./-]+\.js$/.test(c.source ?? '')).map((c) => c.name);
    expect(unsourced).toEqual([]);
  });

  it.each(CORPUS.map((c) => [c.name, c] as const))('%s', async (_name, c: CorpusCase) => {
    const { outcome, after } = await runCase(sdk.db, c);
    const wanted = expected(c);
    expect(outcome).toEqual(wanted.expect);
    if (wanted.after) expect(after).toEqual(wanted.after);
  });
});
