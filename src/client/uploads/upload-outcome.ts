import { MpsyncError } from '../../core/errors';
import { classifySdkError } from '../../sdk/errors';
import type { UploadAnswer } from './pending-ref';

// The file service's refusals that a retry of the same upload cannot fix (a size over the space's
// limit, a path that belongs to another user), besides the database's (`classifySdkError`).
const FILE_REFUSALS = new Set(['InvalidParameter', 'FileAccessDenied']);

// Where queued files go on the server: fixed per upload, so a retry replaces instead of adding.
const CLOUD_FOLDER = 'mpsync-uploads';

/**
 * Where upload `id` goes on the server when the app names no `cloudPath`: fixed per upload, so a
 * retry after a lost answer replaces the file instead of adding one.
 */
export function cloudPathFor(id: string, filePath: string): string {
  const extension = /\.([A-Za-z0-9]+)$/.exec(filePath.replace(/#.*$/, ''))?.[1]?.toLowerCase() ?? 'bin';
  return `${CLOUD_FOLDER}/${id}.${extension}`;
}

/** The code a server or SDK error carries, if it is a string. */
export function serverCodeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/**
 * What a failed upload attempt means: `classifySdkError`, with the file service's refusals as
 * `REJECTED` (a retry cannot fix them).
 */
export function uploadFailure(error: unknown): MpsyncError {
  const code = serverCodeOf(error);
  const failure = classifySdkError(error);
  return code !== undefined && FILE_REFUSALS.has(code) ? new MpsyncError('REJECTED', failure.message, { cause: error }) : failure;
}

/** The SDK's `uploadFile` answer, checked. @throws `MpsyncError` `UNAVAILABLE` when it lacks `fileId`/`fileUrl` */
export function answerOf(value: unknown): UploadAnswer {
  const a = value as Partial<Record<keyof UploadAnswer, unknown>> | undefined;
  if (typeof a?.fileId !== 'string' || typeof a.fileUrl !== 'string') {
    throw new MpsyncError('UNAVAILABLE', 'the SDK answered the upload without fileId and fileUrl');
  }
  return { fileId: a.fileId, fileUrl: a.fileUrl, filePath: typeof a.filePath === 'string' ? a.filePath : '' };
}
