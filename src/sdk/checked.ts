import { MpsyncError } from '../core/errors';
import { classifySdkError } from './errors';
import { COLLECTION_COMMANDS, type CollectionCommand } from './commands';
import type { SdkAnswer, SdkCollection, SdkMethod } from './sdk-types';

/**
 * The SDK's collection with every answer checked: a call that resolves without `success: true`
 * (a gateway page, an empty body, `{ success: false, error }` passed through by a platform
 * adapter) throws instead of reading as "no document" or "nothing matched". Replication must never
 * take a failed call for an empty answer: a missing document would be cached as deleted, an
 * unmatched compare-and-set as a conflict.
 */
export function checkedCollection(sdk: object): SdkCollection {
  // The SDK's object is untyped and may lack a call; each call is looked up when it is made.
  const collection = sdk as Partial<SdkCollection>;
  const checked = {} as Record<CollectionCommand, SdkMethod>;
  for (const name of COLLECTION_COMMANDS) {
    checked[name] = async (...args: unknown[]) => {
      const call = collection[name];
      if (!call) throw new MpsyncError('UNAVAILABLE', `the SDK's collection has no ${name}()`);
      return checkAnswer(await call.apply(collection, args), name);
    };
  }
  return checked;
}

/** The answer itself when it says `success: true`; otherwise the error it carries, or `UNAVAILABLE`. */
function checkAnswer(answer: unknown, call: string): SdkAnswer {
  if (typeof answer === 'object' && answer !== null && (answer as { success?: unknown }).success === true) return answer as SdkAnswer;
  const error = typeof answer === 'object' && answer !== null ? (answer as { error?: unknown }).error : undefined;
  // The server's error with its code, classified as any thrown SDK error is.
  if (typeof error === 'object' && error !== null && 'code' in error) throw classifySdkError(error);
  throw new MpsyncError('UNAVAILABLE', `${call}: the server's answer did not report success: ${preview(answer)}`);
}

function preview(answer: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(answer) ?? String(answer);
  } catch {
    text = String(answer);
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
