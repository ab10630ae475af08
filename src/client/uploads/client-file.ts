import { isRetryable, MpsyncError } from '../../core/errors';
import { classifySdkError } from '../../sdk/errors';
import type { JsonObject } from '../../core/json';
import { isPlainObject } from '../../core/json';
import type { Platform } from '../../model/platform';
import type { StatusStore } from '../../model/status';
import { pendingIdOf, type UploadAnswer } from './pending-ref';
import { cloudPathFor } from './upload-outcome';
import type { SdkFileService, Uploader } from './uploader';

/**
 * `client.file`: the SDK's `mpServerless.file` with `uploadFile` and `deleteFile` that work offline;
 * every other member (`info`, …) is the SDK's own.
 */
export interface ClientFile {
  /**
   * The SDK's `uploadFile(options)`, same options and answer `{ fileId, fileUrl, filePath }`. Online,
   * with no upload waiting, it is the SDK's call. Otherwise (offline, not yet authorized, or uploads
   * waiting, which keep their order) the file is kept on the device and queued, and the answer holds
   * pending references (`mpsync-pending:…`) to store in documents: they are replaced by the real
   * values once the upload is confirmed, and no other device ever sees them.
   *
   * @throws `MpsyncError` `QUOTA_EXCEEDED` when the file does not fit the platform's saved-file limit,
   *   `INVALID_ARGUMENT` for options the SDK would refuse
   * @example
   * const { fileId, fileUrl } = await client.file.uploadFile({ filePath: tempFilePath });
   * await client.db.collection('reports').insertOne({ site: 'B-12', photo: fileUrl, photoId: fileId });
   */
  uploadFile(options: Readonly<Record<string, unknown>>): Promise<UploadAnswer>;
  /**
   * The SDK's `deleteFile(url)`. A pending reference cancels its upload (the fields that hold it
   * become `null`) and answers `{ success: true }`; a real one goes to the SDK (it needs the network).
   */
  deleteFile(url: string): Promise<unknown>;
  /** The SDK's other file calls, unchanged. */
  readonly [call: string]: unknown;
}

/** What {@link clientFile} needs: the SDK's file service and, when the platform keeps files, the current partition's uploader. */
export interface ClientFileDeps {
  readonly sdk: SdkFileService | undefined;
  readonly uploader: () => Promise<Uploader | undefined>;
  readonly platform: Platform;
  readonly status: StatusStore;
}

// The extensions the SDK's uploadFile accepts (it refuses any other before sending anything).
const SDK_EXTENSIONS = new Set(
  'jpg jpeg png gif webp bmp wbmp svg image audio au mp2 mp3 3gpp mp4 mpeg flv avi video wmv mpg mpga pdf xls xlsx doc docx ppt pptx txt'.split(' '),
);

/**
 * Builds `client.file` over the SDK's file service.
 *
 * @example fragment
 * const file = clientFile({ sdk: mpServerless.file, uploader: async () => session.uploader, platform, status });
 */
export function clientFile(deps: ClientFileDeps): ClientFile {
  const sdk = deps.sdk;
  const own = {
    async uploadFile(options: Readonly<Record<string, unknown>>): Promise<UploadAnswer> {
      if (!isPlainObject(options) || typeof options.filePath !== 'string' || options.filePath === '') {
        throw new MpsyncError('INVALID_ARGUMENT', 'uploadFile needs { filePath } (the path of a local file)');
      }
      const extension =
        options.filePath
          .replace(/^.*:\/\//, '')
          .split('.')
          .pop()
          ?.toLowerCase() ?? '';
      if (!SDK_EXTENSIONS.has(extension))
        throw new MpsyncError('INVALID_ARGUMENT', `uploadFile does not support .${extension} files (the SDK's list: ${[...SDK_EXTENSIONS].join(', ')})`);
      const uploader = await deps.uploader();
      if (!uploader) {
        if (!sdk) throw new MpsyncError('INVALID_ARGUMENT', 'this MPServerless instance has no file service');
        return (await sdk.uploadFile({ ...options })) as UploadAnswer;
      }
      const { filePath, ...rest } = options;
      const id = uploader.newId();
      const queued = JSON.parse(JSON.stringify(rest)) as JsonObject;
      if (typeof queued.cloudPath !== 'string') queued.cloudPath = cloudPathFor(id, filePath);
      const direct = deps.platform.isOnline() !== false && deps.status.get().authorized && deps.status.get().pendingUploads === 0;
      if (direct && sdk) {
        try {
          // The same fixed place as a queued retry would use: if this attempt landed and only its
          // answer was lost, the retry replaces the file.
          return (await sdk.uploadFile({ ...options, cloudPath: queued.cloudPath })) as UploadAnswer;
        } catch (error) {
          // A network failure: the file waits in the queue instead. Any other failure is the SDK's answer.
          if (!isRetryable(classifySdkError(error, deps.platform.classifyError?.bind(deps.platform)).code)) throw error;
        }
        // The user may have switched during the attempt: the file goes to the current queue, whose
        // uploader is open (a closed one's sweep-safe wait is over).
        return ((await deps.uploader()) ?? uploader).accept(filePath, queued, id);
      }
      return uploader.accept(filePath, queued, id);
    },
    async deleteFile(url: string): Promise<unknown> {
      const id = pendingIdOf(url);
      if (id !== undefined) {
        const uploader = await deps.uploader();
        if (uploader?.has(id)) {
          await uploader.cancel(id);
          return { success: true };
        }
        throw new MpsyncError('INVALID_ARGUMENT', `no upload waits for ${url}: it was completed, cancelled or belongs to another user`);
      }
      if (!sdk) throw new MpsyncError('INVALID_ARGUMENT', 'this MPServerless instance has no file service');
      return sdk.deleteFile(url);
    },
  };
  // The SDK's file service is the prototype, so its other calls (`info`, …) run on it unchanged;
  // no Proxy, which some older mini-program engines lack.
  return Object.assign(Object.create(sdk ?? null) as object, own);
}
