import { readFile as readFileAsync } from 'node:fs/promises';
import { fetchSdkAdapter, type FetchSdkAdapter, type FetchWindow, type SdkCall } from '../platform/fetch-sdk-adapter';

/** What the official SDK hands a platform `request`/`uploadFile` function: one options object with `complete`. */
export type SdkCallOptions = SdkCall;

/** The platform functions the official SDK needs (its `App` argument). */
export type NodeSdkAdapter = FetchSdkAdapter;

/** Options of {@link nodeSdkAdapter}. */
export interface NodeSdkAdapterOptions {
  /** The code `getAuthCode` returns, i.e. which third-party user logs in. Default `mpsync-node-user`. */
  authCode?: string;
  /** Reads the bytes of a file path given to `file.uploadFile`. Default: the local file system. */
  readFile?: (path: string) => Uint8Array;
  /**
   * The SDK builds every upload URL as `https://`; the emulator speaks plain http. URLs for these
   * hosts are fetched over http. Default: loopback hosts (`127.0.0.1`, `localhost`, `[::1]`).
   */
  plainHttpHosts?: readonly string[];
}

// Node 20 has what a browser page gives the adapter.
const NODE_WINDOW: FetchWindow = {
  fetch: (input, init) => fetch(input, init),
  setTimeout: (handler, timeout) => setTimeout(handler, timeout) as unknown as number,
  clearTimeout: (id) => clearTimeout(id as unknown as ReturnType<typeof setTimeout>),
  AbortController,
  FormData,
};

/**
 * The platform functions the official SDK needs on Node (`request`, `uploadFile`, `getAuthCode`,
 * `getFileInfo`, `getImageInfo`): the web adapter over Node's `fetch`, reading upload files from
 * disk and answering `getAuthCode` with a fixed code. Each reports through `complete` exactly once
 * and never throws, as the SDK requires.
 *
 * @example fragment
 * const MPServerless = createRequire(import.meta.url)('@alicloud/mpserverless-sdk');
 * const mp = new MPServerless(nodeSdkAdapter(), { appId: 'app', spaceId, clientSecret, endpoint });
 * await mp.init({ authType: 'anonymous' });
 */
export function nodeSdkAdapter(options: NodeSdkAdapterOptions = {}): NodeSdkAdapter {
  const stripScheme = (path: string) => path.replace(/^[a-z]+:\/\//i, '');
  const read = async (path: string) => new Blob([new Uint8Array(options.readFile ? options.readFile(path) : await readFileAsync(stripScheme(path)))]);
  return fetchSdkAdapter(NODE_WINDOW, {
    readFile: read,
    authCode: options.authCode ?? 'mpsync-node-user',
    ...(options.plainHttpHosts ? { plainHttpHosts: options.plainHttpHosts } : {}),
  });
}
