/**
 * The device's files for the mini-program stand-ins: temporary files (a photo just taken), saved
 * files (`getFileSystemManager().saveFile`, which outlive the app) and the runtime's `uploadFile`,
 * a multipart POST to the emulator. One instance stands for one device: it outlives a killed app,
 * as the device's files do, while temporary files do not survive a restart of the runtime.
 */

/** The answer shape every file call reports through `success`/`fail` and then `complete`. */
type Callbacks = { success?: (result: unknown) => void; fail?: (error: unknown) => void; complete?: (result: unknown) => void };

function answer(options: Callbacks, ok: boolean, result: Record<string, unknown>): void {
  (ok ? options.success : options.fail)?.(result);
  options.complete?.(result);
}

/** The saved-file quota of WeChat and Alipay: 10 MB in all. */
export const SAVED_FILE_QUOTA = 10 * 1024 * 1024;

export class StandInFiles {
  readonly #temp = new Map<string, Uint8Array>();
  readonly #saved = new Map<string, Uint8Array>();
  readonly #prefix: string;
  #counter = 0;
  /** How many `uploadFile` calls reached the network. */
  uploads = 0;

  /** @param prefix - the runtime's path scheme (`wxfile://`, `https://resource/`) */
  constructor(prefix: string) {
    this.#prefix = prefix;
  }

  /** A new temporary file, as the camera or chooseImage hands one to the app. */
  addTemp(extension: string, bytes: Uint8Array): string {
    const path = `${this.#prefix}tmp_${++this.#counter}.${extension}`;
    this.#temp.set(path, bytes);
    return path;
  }

  /** The runtime restarted: temporary files are gone, saved files stay. */
  restart(): void {
    this.#temp.clear();
  }

  /** The saved files' paths. */
  savedPaths(): string[] {
    return [...this.#saved.keys()];
  }

  /** The bytes at a temporary or saved path, as the runtime would read them. */
  bytesAt(path: string): Uint8Array | undefined {
    return this.#read(path);
  }

  #read(path: string): Uint8Array | undefined {
    return this.#temp.get(path) ?? this.#saved.get(path);
  }

  /** `getFileSystemManager()`: the calls the file keeper uses, with the runtime's shapes. */
  fileSystemManager(): Record<string, (options: Record<string, unknown> & Callbacks) => void> {
    return {
      saveFile: (o) => {
        const bytes = this.#temp.get(String(o.tempFilePath));
        if (!bytes) return answer(o, false, { errMsg: `saveFile:fail no such file or directory ${String(o.tempFilePath)}` });
        const used = [...this.#saved.values()].reduce((sum, b) => sum + b.byteLength, 0);
        if (used + bytes.byteLength > SAVED_FILE_QUOTA)
          return answer(o, false, { errMsg: 'saveFile:fail the maximum size of the file storage limit is exceeded', errCode: 1300202 });
        // saveFile moves the temporary file: its old path is no longer valid.
        this.#temp.delete(String(o.tempFilePath));
        const savedFilePath = `${this.#prefix}store_${++this.#counter}.${String(o.tempFilePath).split('.').pop() ?? ''}`;
        this.#saved.set(savedFilePath, bytes);
        answer(o, true, { savedFilePath, errMsg: 'saveFile:ok' });
      },
      getFileInfo: (o) => {
        const bytes = this.#read(String(o.filePath));
        answer(o, bytes !== undefined, bytes ? { size: bytes.byteLength, errMsg: 'getFileInfo:ok' } : { errMsg: 'getFileInfo:fail file not exist' });
      },
      getSavedFileList: (o) => {
        const fileList = [...this.#saved].map(([filePath, b]) => ({ filePath, size: b.byteLength, createTime: 0 }));
        answer(o, true, { fileList, errMsg: 'getSavedFileList:ok' });
      },
      removeSavedFile: (o) => {
        const ok = this.#saved.delete(String(o.filePath));
        answer(o, ok, { errMsg: ok ? 'removeSavedFile:ok' : 'removeSavedFile:fail file not exist' });
      },
    };
  }

  /** The runtime's top-level `getFileInfo` and `getImageInfo`, which the SDK calls before an upload. */
  getFileInfo(o: Record<string, unknown> & Callbacks): void {
    const bytes = this.#read(String(o.filePath ?? o.apFilePath));
    answer(o, bytes !== undefined, bytes ? { size: bytes.byteLength } : { errMsg: 'getFileInfo:fail file not exist' });
  }

  getImageInfo(o: Record<string, unknown> & Callbacks): void {
    answer(o, true, { type: String(o.src).split('.').pop() ?? '' });
  }

  /** `uploadFile`: the form and the file as one multipart POST (https on loopback goes over http). */
  uploadFile(o: Record<string, unknown> & Callbacks, offline: boolean): { abort(): void } {
    const bytes = this.#read(String(o.filePath));
    if (offline || !bytes) {
      queueMicrotask(() => answer(o, false, { errMsg: `uploadFile:fail ${offline ? 'network is down' : 'file not exist'}` }));
      return { abort: () => undefined };
    }
    this.uploads++;
    const form = new FormData();
    for (const [k, v] of Object.entries((o.formData ?? {}) as Record<string, unknown>)) form.append(k, String(v));
    form.append(typeof o.name === 'string' ? o.name : 'file', new Blob([new Uint8Array(bytes)]), 'file');
    const url = String(o.url).replace(/^https:\/\/(127\.0\.0\.1|localhost)/, 'http://$1');
    fetch(url, { method: 'POST', body: form })
      .then(async (response) => answer(o, true, { data: await response.text(), statusCode: response.status, header: {} }))
      .catch((error: unknown) => answer(o, false, { errMsg: `uploadFile:fail ${String(error)}` }));
    return { abort: () => undefined };
  }
}

/**
 * Gives a stand-in runtime object the device's files: `getFileSystemManager`, `uploadFile`,
 * `getFileInfo` and `getImageInfo`, the calls the official SDK and the file keeper make.
 *
 * @example
 * const files = new StandInFiles('wxfile://');
 * const wx = withFiles(wechatStandIn({ network: 'none' }).wx, files, () => offline);
 */
export function withFiles<T extends object>(api: T, files: StandInFiles, offline: () => boolean): T {
  return Object.assign(api, {
    getFileSystemManager: () => files.fileSystemManager(),
    uploadFile: (o: Record<string, unknown> & Callbacks) => files.uploadFile(o, offline()),
    getFileInfo: (o: Record<string, unknown> & Callbacks) => files.getFileInfo(o),
    getImageInfo: (o: Record<string, unknown> & Callbacks) => files.getImageInfo(o),
  });
}
