/** What the official SDK hands a platform function: one options object with `complete`. */
export interface SdkCall {
  readonly [key: string]: unknown;
  readonly complete: (result: Record<string, unknown>) => void;
}

/** The browser features the adapter uses; `window` has them all. */
export interface FetchWindow {
  fetch(input: string, init?: RequestInit): Promise<Response>;
  setTimeout(handler: () => void, timeout?: number): number;
  clearTimeout(id: number | undefined): void;
  readonly AbortController: typeof AbortController;
  readonly FormData: typeof FormData;
}

/** The platform functions the official SDK needs (its `App` argument), for a web page. */
export interface FetchSdkAdapter {
  request(options: SdkCall): void;
  uploadFile(options: SdkCall): void;
  getAuthCode(options: SdkCall): void;
  getFileInfo(options: SdkCall): void;
  getImageInfo(options: SdkCall): void;
  /**
   * A `filePath` for `mp.file.uploadFile({ filePath })` that stands for `file` (a `File` from an
   * `<input type="file">`, or any `Blob`). The SDK wants a path ending in a known extension, so
   * the name must have one (`photo.png`). Each path is good for one upload.
   */
  filePathFor(file: Blob, name: string): string;
}

/** Options of {@link fetchSdkAdapter}. */
export interface FetchSdkAdapterOptions {
  /**
   * The SDK builds every upload URL as `https://`; URLs for these hosts are fetched over http
   * (a local emulator). Default: loopback hosts (`127.0.0.1`, `localhost`, `[::1]`).
   */
  readonly plainHttpHosts?: readonly string[];
  /** Reads a `filePath` that was not made by `filePathFor` (Node: the file system). Default: `fetch` it. */
  readonly readFile?: (path: string) => Promise<Blob>;
  /** The code `getAuthCode` answers (which third-party user logs in); absent, it fails as in a web page. */
  readonly authCode?: string;
}

/** The message `getAuthCode` fails with: a web page has no third-party login code. */
export const WEB_AUTH_CODE_UNAVAILABLE = 'getAuthCode is not available in a web page: use anonymous authorization';

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];
const FILE_SCHEME = 'mpsync-file://';
const DEFAULT_TIMEOUT_MS = 5000;

// Paths made by `filePathFor`, shared by every adapter of the page: the web file keeper reads the
// file an app names by such a path, and hands the SDK one for a kept file.
const registeredFiles = new Map<string, Blob>();
let fileCounter = 0;

/**
 * A `filePath` the SDK's `uploadFile` accepts for `file` (see `FetchSdkAdapter.filePathFor`); good
 * for one upload through any adapter of this page.
 *
 * @example fragment
 * await mpServerless.file.uploadFile({ filePath: registerUploadFile(input.files[0], 'photo.png') });
 */
export function registerUploadFile(file: Blob, name: string): string {
  const path = `${FILE_SCHEME}${++fileCounter}/${name}`;
  registeredFiles.set(path, file);
  return path;
}

/** The file a path of {@link registerUploadFile} stands for, if it was not uploaded yet. */
export function registeredUploadFile(path: string): Blob | undefined {
  return registeredFiles.get(path);
}

/**
 * The platform functions the official SDK needs in a browser: `request` over `fetch`,
 * `uploadFile` as a `FormData` POST, `getFileInfo`/`getImageInfo` from the file's `Blob`, and a
 * `getAuthCode` that fails (a web page has no third-party login; authorize anonymously). Each
 * reports through `complete` exactly once and never throws, as the SDK requires; a failure is
 * reported in a shape the SDK turns into a rejection (`errMsg: 'request:fail …'`, or `err`).
 *
 * @example
 * const adapter = fetchSdkAdapter(window);
 * const mpServerless = new MPServerless(adapter, { appId, spaceId, clientSecret, endpoint });
 * await mpServerless.init({ authType: 'anonymous' });
 * await mpServerless.file.uploadFile({ filePath: adapter.filePathFor(input.files[0], 'photo.png') });
 */
export function fetchSdkAdapter(win: FetchWindow = globalWindow(), options: FetchSdkAdapterOptions = {}): FetchSdkAdapter {
  const plainHosts = options.plainHttpHosts ?? LOOPBACK;
  const files = registeredFiles;

  const toFetchUrl = (url: string): string => {
    const parsed = new URL(url);
    if (parsed.protocol === 'https:' && plainHosts.includes(parsed.hostname)) parsed.protocol = 'http:';
    return parsed.toString();
  };
  const fileOf = async (path: string): Promise<Blob> => {
    const registered = files.get(path);
    if (registered) return registered;
    if (options.readFile) return options.readFile(path);
    // blob:, data: and http(s) URLs; a fragment (blob:…#photo.png) only names the file for the SDK.
    const response = await win.fetch(path.replace(/#.*$/, ''));
    if (response.status >= 400) throw new Error(`HTTP ${response.status} for ${path}`);
    return response.blob();
  };

  return {
    request(o) {
      let done = false;
      let timer: number | undefined;
      const finish = (result: Record<string, unknown>) => {
        if (done) return;
        done = true;
        win.clearTimeout(timer);
        o.complete(result);
      };
      try {
        const controller = new win.AbortController();
        const timeout = typeof o.timeout === 'number' && o.timeout > 0 ? o.timeout : DEFAULT_TIMEOUT_MS;
        timer = win.setTimeout(() => {
          controller.abort();
          finish({ errMsg: 'request:fail timeout' });
        }, timeout);
        win
          .fetch(toFetchUrl(String(o.url)), {
            method: typeof o.method === 'string' ? o.method : 'POST',
            headers: stringHeaders(o.headers ?? o.header),
            body: typeof o.data === 'string' ? o.data : JSON.stringify(o.data ?? {}),
            signal: controller.signal,
          })
          .then(async (response) => {
            const text = await response.text();
            finish({ data: parseMaybeJson(text), status: response.status, statusCode: response.status, headers: headersOf(response) });
          })
          .catch((error: unknown) => finish({ errMsg: `request:fail ${messageOf(error)}` }));
      } catch (error) {
        finish({ errMsg: `request:fail ${messageOf(error)}` });
      }
    },
    uploadFile(o) {
      const path = String(o.filePath);
      // `err` (not `errMsg`) is what the SDK reports as a failure for anything but `request`.
      const fail = (error: unknown) => o.complete({ err: `uploadFile:fail ${messageOf(error)}` });
      fileOf(path)
        .then((blob) => {
          const form = new win.FormData();
          for (const [k, v] of Object.entries((o.formData ?? {}) as Record<string, unknown>)) form.append(k, String(v));
          form.append(typeof o.name === 'string' ? o.name : 'file', blob, typeof o.fileName === 'string' ? o.fileName : 'file');
          // fetch sets the multipart boundary itself, so the SDK's Content-Type must not be passed on.
          const headers = Object.fromEntries(Object.entries(stringHeaders(o.header)).filter(([k]) => k.toLowerCase() !== 'content-type'));
          return win.fetch(toFetchUrl(String(o.url)), { method: 'POST', headers, body: form });
        })
        .then(async (response) => {
          files.delete(path);
          o.complete({ data: await response.text(), statusCode: response.status, header: headersOf(response) });
        })
        .catch(fail);
    },
    getAuthCode(o) {
      o.complete(options.authCode === undefined ? { err: WEB_AUTH_CODE_UNAVAILABLE } : { authCode: options.authCode });
    },
    getFileInfo(o) {
      fileOf(String(o.filePath))
        .then((blob) => o.complete({ size: blob.size }))
        .catch((error: unknown) => o.complete({ err: `getFileInfo:fail ${messageOf(error)}` }));
    },
    getImageInfo(o) {
      const src = String(o.src);
      const extension = /\.([A-Za-z0-9]+)$/.exec(src.replace(/[?].*$/, ''))?.[1];
      if (extension) {
        o.complete({ type: extension.toLowerCase() });
        return;
      }
      fileOf(src)
        .then((blob) => o.complete({ type: blob.type.split('/')[1] ?? '' }))
        .catch((error: unknown) => o.complete({ err: `getImageInfo:fail ${messageOf(error)}` }));
    },
    filePathFor: registerUploadFile,
  };
}

function stringHeaders(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) out[k] = String(v);
  return out;
}

function headersOf(response: Response): Record<string, string> {
  const out: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    out[key] = value;
  });
  return out;
}

function parseMaybeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function globalWindow(): FetchWindow {
  if (typeof window === 'undefined') throw new TypeError('fetchSdkAdapter() needs a window: pass one, or call it in a web page');
  return window;
}
