import type { StorageBackend } from '../store/backend';

/** Who the cache belongs to: a signed-in user, or nobody in particular (the device). */
export interface Identity {
  /** The user id the service gave a third-party login; `null` for the device partition. */
  readonly userId: string | null;
  /** How to authorize as this identity. */
  readonly auth: Readonly<Record<string, unknown>>;
}

// A namespace of its own in the app's storage, beside the partitions' data.
const NAMESPACE = 'mpsync/identity';

/**
 * The partition of an identity. Anonymous logins get a new user id at every authorization, so
 * their data lives in the device partition; a third-party login has a stable id and its own.
 */
export function partitionOf(spaceId: string, userId: string | null): string {
  return userId === null ? `${spaceId}/device` : `${spaceId}/user/${userId}`;
}

/** The identity the app last signed in as in this space, if it did not sign out. */
export async function loadIdentity(storage: StorageBackend, spaceId: string): Promise<Identity | undefined> {
  const record = (await storage.load(NAMESPACE)).find((r) => r.key === spaceId);
  const value = record?.value as { userId?: unknown; auth?: unknown } | undefined;
  if (!value || typeof value.userId !== 'string' || typeof value.auth !== 'object' || value.auth === null) return undefined;
  return { userId: value.userId, auth: value.auth as Record<string, unknown> };
}

/** Remembers the signed-in identity for the next start (`null`: signed out). */
export async function saveIdentity(storage: StorageBackend, spaceId: string, identity: Identity | null): Promise<void> {
  if (identity === null || identity.userId === null) await storage.commit(NAMESPACE, { puts: [], deletes: [spaceId] });
  else await storage.commit(NAMESPACE, { puts: [{ key: spaceId, value: { userId: identity.userId, auth: { ...identity.auth } as never } }], deletes: [] });
}
