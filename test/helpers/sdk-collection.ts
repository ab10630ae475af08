import { COLLECTION_COMMANDS, type CollectionCommand } from '../../src/sdk/commands';
import type { SdkCollection, SdkMethod } from '../../src/sdk/sdk-types';

/**
 * An SDK collection for unit tests: the calls a test gives, and every other call rejecting, so a
 * call the test did not expect fails loudly instead of reading as an empty answer.
 */
export function fakeCollection(calls: Partial<SdkCollection>): SdkCollection {
  const collection = {} as Record<CollectionCommand, SdkMethod>;
  for (const name of COLLECTION_COMMANDS) collection[name] = calls[name] ?? (() => Promise.reject(new Error(`unexpected ${name}() call`)));
  return collection;
}
