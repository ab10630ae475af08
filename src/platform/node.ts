import { join } from 'node:path';
import { fileStorage } from '../store/file-backend';
import type { Platform } from '../model/platform';
import { nodeFileKeeper } from './node-file-keeper';

/** Options of {@link node}. */
export interface NodePlatformOptions {
  /** Folder of the default storage; default `.mpsync-data/client` under the working directory. */
  readonly dataDir?: string;
  /** Folder of the files that wait for an offline upload; default the data folder's name + `-files`. */
  readonly filesDir?: string;
}

/**
 * The Node.js platform: data in a folder (and files waiting for upload beside it), the network assumed up (a failed request tells
 * otherwise), no app lifecycle. `isOnline()` is `undefined`, and so is the client's
 * `status().online`: Node has no network status to ask, so mpsync tries and a failed request
 * sets `lastError`.
 *
 * @example
 * const client = await createSyncClient({ mpServerless, platform: node({ dataDir: './data' }), collections: { todos: {} } });
 */
export function node(options: NodePlatformOptions = {}): Platform {
  const dir = options.dataDir ?? join(process.cwd(), '.mpsync-data', 'client');
  return {
    name: 'node',
    defaultStorage: () => fileStorage({ dir }),
    fileKeeper: () => nodeFileKeeper({ dir: options.filesDir ?? `${dir}-files` }),
    isOnline: () => undefined,
    onNetworkChange: () => () => undefined,
    onAppShow: () => () => undefined,
    onAppHide: () => () => undefined,
    // Node's fetch (undici) opens as many connections as asked; 16 keeps a server from seeing a
    // burst of hundreds from one client.
    maxConcurrentRequests: 16,
  };
}
