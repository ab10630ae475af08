/**
 * The parts of the official SDK's `MPServerless` instance mpsync uses. Typed loosely on purpose:
 * the SDK ships `any`-typed declarations, and mpsync passes calls through unchanged.
 */
export interface MpServerlessLike {
  readonly options?: { readonly spaceId?: string };
  readonly db: {
    collection(name: string): SdkCollection;
    startTransaction?(): Promise<unknown>;
  };
  readonly user?: {
    authorize?(options?: Record<string, unknown>): Promise<unknown>;
    getInfo?(options?: Record<string, unknown>): Promise<unknown>;
    readonly accessToken?: string;
  };
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
