import { classifySdkError } from '../sdk/errors';
import { accessTokenOf, type MpServerlessLike } from '../sdk/sdk-types';

/**
 * Authorizes a following tab's own SDK for the calls that do not go through the leading tab
 * (collections that are not synced, file calls), once, the way the client authorizes its own: with
 * `auth` (default anonymous). A failure rejects with its classified `MpsyncError` and the next call
 * tries again.
 *
 * @example fragment
 * const authorized = ownSdkAuthorizer(mpServerless, options.auth);
 * await authorized(); // then call mpServerless.db.collection('logs').insertOne(...)
 */
export function ownSdkAuthorizer(mp: MpServerlessLike, auth: Readonly<Record<string, unknown>> | undefined): () => Promise<void> {
  let pending: Promise<void> | undefined;
  return () => {
    const user = mp.user;
    if (accessTokenOf(mp) || !user?.authorize) return Promise.resolve();
    pending ??= user
      .authorize({ ...(auth ?? { authType: 'anonymous' }) })
      .then(() => undefined)
      .catch((error: unknown) => {
        pending = undefined;
        throw classifySdkError(error);
      });
    return pending;
  };
}
