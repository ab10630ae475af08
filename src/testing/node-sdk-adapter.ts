import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';

/** What the official SDK hands a platform `request`/`uploadFile` function: one options object with `complete`. */
export interface SdkCallOptions {
  readonly [key: string]: unknown;
  readonly complete: (result: Record<string, unknown>) => void;
}

/** The platform functions the official SDK needs (its `App` argument). */
export interface NodeSdkAdapter {
  request(options: SdkCallOptions): void;
  uploadFile(options: SdkCallOptions): void;
  getAuthCode(options: SdkCallOptions): void;
  getFileInfo(options: SdkCallOptions): void;
  getImageInfo(options: SdkCallOptions): void;
}

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

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * The platform functions the official SDK needs on Node (`request`, `uploadFile`, `getAuthCode`,
 * `getFileInfo`, `getImageInfo`), built on `fetch`. Each reports through `complete` exactly once
 * and never throws, as the SDK requires.
 *
 * @example
 * const MPServerless = createRequire(import.meta.url)('@alicloud/mpserverless-sdk');
 * const mp = new MPServerless(nodeSdkAdapter(), { appId: 'app', spaceId, clientSecret, endpoint });
 * await mp.init({ authType: 'anonymous' });
 */
export function nodeSdkAdapter(options: NodeSdkAdapterOptions = {}): NodeSdkAdapter {
  const readFile = options.readFile ?? ((path: string) => readFileSync(stripScheme(path)));
  const plainHosts = options.plainHttpHosts ?? LOOPBACK;
  const toFetchUrl = (url: string): string => {
    const parsed = new URL(url);
    if (parsed.protocol === 'https:' && plainHosts.includes(parsed.hostname)) parsed.protocol = 'http:';
    return parsed.toString();
  };
  return {
    request(o) {
      const body = typeof o.data === 'string' ? o.data : JSON.stringify(o.data);
      const timeout = typeof o.timeout === 'number' && o.timeout > 0 ? o.timeout : 5000;
      fetch(toFetchUrl(String(o.url)), {
        method: typeof o.method === 'string' ? o.method : 'POST',
        headers: (o.headers ?? o.header ?? {}) as Record<string, string>,
        body,
        signal: AbortSignal.timeout(timeout),
      })
        .then(async (r) => {
          const text = await r.text();
          o.complete({ data: parseMaybeJson(text), status: r.status, statusCode: r.status, headers: Object.fromEntries(r.headers) });
        })
        .catch((e: unknown) => o.complete({ errMsg: `request:fail ${errorMessage(e)}` }));
    },
    uploadFile(o) {
      let bytes: Uint8Array;
      try {
        bytes = readFile(String(o.filePath));
      } catch (e) {
        o.complete({ errMsg: `uploadFile:fail ${errorMessage(e)}` });
        return;
      }
      const form = new FormData();
      for (const [k, v] of Object.entries((o.formData ?? {}) as Record<string, unknown>)) form.append(k, String(v));
      form.append(typeof o.name === 'string' ? o.name : 'file', new Blob([new Uint8Array(bytes)]), typeof o.fileName === 'string' ? o.fileName : 'file');
      // fetch sets the multipart boundary itself, so the SDK's Content-Type must not be passed on.
      const headers = Object.fromEntries(Object.entries((o.header ?? {}) as Record<string, string>).filter(([k]) => k.toLowerCase() !== 'content-type'));
      fetch(toFetchUrl(String(o.url)), { method: 'POST', headers, body: form })
        .then(async (r) => o.complete({ data: await r.text(), statusCode: r.status, header: Object.fromEntries(r.headers) }))
        .catch((e: unknown) => o.complete({ errMsg: `uploadFile:fail ${errorMessage(e)}` }));
    },
    getAuthCode(o) {
      o.complete({ authCode: options.authCode ?? 'mpsync-node-user' });
    },
    getFileInfo(o) {
      try {
        o.complete({ size: options.readFile ? readFile(String(o.filePath)).byteLength : statSync(stripScheme(String(o.filePath))).size });
      } catch (e) {
        o.complete({ errMsg: `getFileInfo:fail ${errorMessage(e)}` });
      }
    },
    getImageInfo(o) {
      o.complete({ type: extname(String(o.src)).slice(1).toLowerCase() });
    },
  };
}

function stripScheme(path: string): string {
  return path.replace(/^[a-z]+:\/\//i, '');
}

function parseMaybeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
