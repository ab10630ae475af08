import { MpsyncError } from '../core/errors';
import { checkKeeperQuota, type FileKeeper, type KeeperLimits } from '../model/file-keeper';
import { errorFacts } from './error-facts';

/** What a failed file call reports (`errMsg` on WeChat, `error`/`errorMessage` on Alipay and DingTalk). */
type FileFail = (error: unknown) => void;

/**
 * The calls of `wx.getFileSystemManager()`, `my.getFileSystemManager()` and
 * `dd.getFileSystemManager()` the file keeper uses (same names and shapes on the three runtimes).
 */
export interface MiniProgramFileSystem {
  saveFile(options: { tempFilePath: string; success?: (result: { savedFilePath: string }) => void; fail?: FileFail }): unknown;
  getFileInfo(options: { filePath: string; success?: (result: { size: number }) => void; fail?: FileFail }): unknown;
  getSavedFileList(options: { success?: (result: { fileList: ReadonlyArray<{ size: number }> }) => void; fail?: FileFail }): unknown;
  removeSavedFile(options: { filePath: string; success?: (result: unknown) => void; fail?: FileFail }): unknown;
}

/**
 * The saved-file limits of the mini-program runtimes: 10 MB of saved files in all (WeChat and
 * Alipay; DingTalk documents none, so the same is assumed), and a single file at most as much.
 */
export const MINI_PROGRAM_FILE_LIMITS: KeeperLimits = { maxFileBytes: 10 * 1024 * 1024, maxTotalBytes: 10 * 1024 * 1024 };

/**
 * Keeps files that wait for an offline upload as the runtime's saved files (`saveFile`, which
 * outlive the app, unlike temporary files), within its saved-file quota.
 *
 * @example fragment
 * const keeper = miniProgramFileKeeper(wx.getFileSystemManager());
 */
export function miniProgramFileKeeper(fs: MiniProgramFileSystem, limits: KeeperLimits = MINI_PROGRAM_FILE_LIMITS): FileKeeper {
  const call = <T>(name: string, run: (success: (result: T) => void, fail: FileFail) => unknown): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      try {
        run(resolve, (error) => reject(fileError(name, error)));
      } catch (error) {
        reject(fileError(name, error));
      }
    });
  const sizeOf = (filePath: string) => call<{ size: number }>('getFileInfo', (success, fail) => fs.getFileInfo({ filePath, success, fail }));
  const bytesUsed = async (): Promise<number> => {
    const { fileList } = await call<{ fileList: ReadonlyArray<{ size: number }> }>('getSavedFileList', (success, fail) =>
      fs.getSavedFileList({ success, fail }),
    );
    return fileList.reduce((sum, file) => sum + (typeof file.size === 'number' ? file.size : 0), 0);
  };
  return {
    limits,
    async save(filePath) {
      let size: number;
      try {
        ({ size } = await sizeOf(filePath));
      } catch (error) {
        throw new MpsyncError('INVALID_ARGUMENT', `cannot read the file to upload (${filePath}): ${error instanceof Error ? error.message : String(error)}`);
      }
      checkKeeperQuota(size, await bytesUsed(), limits);
      const { savedFilePath } = await call<{ savedFilePath: string }>('saveFile', (success, fail) => fs.saveFile({ tempFilePath: filePath, success, fail }));
      return { keptPath: savedFilePath, size };
    },
    async uploadPath(keptPath) {
      try {
        await sizeOf(keptPath);
      } catch {
        throw new MpsyncError('STORAGE_FAILED', `the file kept for upload is gone: ${keptPath}`);
      }
      return keptPath;
    },
    async remove(keptPath) {
      // A file already gone is fine: removal is repeated after a kill.
      await call('removeSavedFile', (success, fail) => fs.removeSavedFile({ filePath: keptPath, success, fail })).catch(() => undefined);
    },
    bytesUsed,
    // `saveFile` picks the saved path itself and the saved-file area holds the app's own files
    // too, so the keeper cannot tell which saved files are its own: it lists none to sweep.
    list: () => Promise.resolve(undefined),
  };
}

function fileError(name: string, error: unknown): MpsyncError {
  const text = errorFacts(error).texts.join(' ') || String(error);
  // WeChat 1300202 "the maximum size of the file storage limit is exceeded"; Alipay 10028.
  const full = /exceed|max size|limit|quota|full|10028|1300202/i.test(text);
  return new MpsyncError(full ? 'QUOTA_EXCEEDED' : 'STORAGE_FAILED', `${name} failed: ${text}`, { cause: error });
}
