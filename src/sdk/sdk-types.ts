import type { CollectionCommand } from './commands';

/**
 * The parts of the official SDK's `MPServerless` instance mpsync uses. Typed loosely on purpose:
 * the SDK ships `any`-typed declarations, and mpsync passes calls through unchanged.
 */
export interface MpServerlessLike {
  readonly db: {
    /** The SDK's collection object; mpsync calls its 15 methods by name (see {@link SdkCollection}). */
    collection(name: string): object;
    startTransaction?(): Promise<unknown>;
  };
  readonly user?: {
    authorize?(options?: Record<string, unknown>): Promise<unknown>;
    getInfo?(options?: Record<string, unknown>): Promise<unknown>;
  };
}

/**
 * The SDK's current access token, if it holds one. The SDK keeps it on `user` (its typings declare
 * it protected, so it is not part of {@link MpServerlessLike}).
 *
 * @example
 * if (!accessTokenOf(mpServerless)) await mpServerless.user?.authorize?.({ authProvider: 'alipay_openapi' });
 */
export function accessTokenOf(mp: MpServerlessLike): string | undefined {
  const token = (mp.user as { accessToken?: unknown } | undefined)?.accessToken;
  return typeof token === 'string' && token !== '' ? token : undefined;
}

/** One call of an SDK collection: the SDK's arguments in, `{ success, affectedDocs, result, ... }` out. */
export type SdkMethod = (...args: unknown[]) => Promise<SdkAnswer>;

/** An SDK collection: its 15 calls, keyed by command (the list is `COLLECTION_COMMANDS`). */
export type SdkCollection = { readonly [C in CollectionCommand]: SdkMethod };

/** What an SDK database call resolves to. */
export interface SdkAnswer {
  readonly success: boolean;
  readonly affectedDocs?: number;
  readonly result?: unknown;
  readonly [key: string]: unknown;
}
