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

/** An SDK collection: the 15 calls, each resolving to `{ success, affectedDocs, result, ... }`. */
export type SdkCollection = Record<string, (...args: unknown[]) => Promise<SdkAnswer>>;

/** What an SDK database call resolves to. */
export interface SdkAnswer {
  readonly success: boolean;
  readonly affectedDocs?: number;
  readonly result?: unknown;
  readonly [key: string]: unknown;
}
