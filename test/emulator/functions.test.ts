import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator';
import { anonymousSdk, rejectionOf, type Sdk } from '../helpers/sdk';

const functionsDir = fileURLToPath(new URL('../fixtures/functions', import.meta.url));

describe('cloud functions', () => {
  let emulator: Emulator;
  let sdk: Sdk;
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0, functionsDir });
    sdk = await anonymousSdk(emulator);
  });
  afterAll(() => emulator.stop());

  it('runs NAME.js with the arguments and a context carrying the calling user', async () => {
    const userId = (await sdk.user.getInfo()).result.userId;
    const answer = await sdk.function.invoke('echo', { a: 1, when: new Date('2024-01-02T03:04:05.678Z') });
    expect(answer.success).toBe(true);
    expect(answer.requestId).toBeTruthy();
    // Function answers are not revived by the SDK: dates stay ISO strings.
    expect(answer.result).toEqual({ args: { a: 1, when: '2024-01-02T03:04:05.678Z' }, userId, spaceId: emulator.spaceId, at: '2024-05-06T07:08:09.010Z' });
  });

  it('gives functions the database, with the same commands as the SDK', async () => {
    const first = await sdk.function.invoke('addTodo', { title: 'from a function' });
    const second = await sdk.function.invoke('addTodo', { title: 'again' });
    expect(first.result.count).toBe(1);
    expect(second.result.count).toBe(2);
    const { result } = await sdk.db.collection('todos').findOne({ _id: first.result.id });
    expect(result.title).toBe('from a function');
  });

  it('answers FunctionNotFound for unknown names and FunctionExecutionFailed when a function throws', async () => {
    expect((await rejectionOf(() => sdk.function.invoke('nope', {}))).code).toBe('FunctionNotFound');
    expect((await rejectionOf(() => sdk.function.invoke('../functions/echo', {}))).code).toBe('FunctionNotFound');
    const failed = await rejectionOf(() => sdk.function.invoke('fail', {}));
    expect(failed).toMatchObject({ code: 'FunctionExecutionFailed', message: expect.stringContaining('the function gave up') });
    expect((await rejectionOf(() => sdk.function.invoke('notAFunction', {}))).code).toBe('FunctionExecutionFailed');
  });

  it('answers FunctionNotFound when the emulator has no functions folder', async () => {
    const bare = await createEmulator({ port: 0 });
    try {
      expect((await rejectionOf(async () => (await anonymousSdk(bare)).function.invoke('echo', {}))).code).toBe('FunctionNotFound');
    } finally {
      await bare.stop();
    }
  });
});
