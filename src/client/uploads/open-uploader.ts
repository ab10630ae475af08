import type { LocalEngine } from '../../local/local-engine';
import type { NoticeStore } from '../notices';
import type { Random } from '../../core/random';
import type { Scheduler } from '../../core/scheduler';
import type { FileKeeper } from '../../model/file-keeper';
import type { Platform } from '../../model/platform';
import type { StatusStore } from '../../model/status';
import type { SyncOptions } from '../../replication/sync-engine';
import type { SyncClientOptions } from '../options';
import type { StorageBackend } from '../../store/backend';
import { sweepKeptFiles } from './sweep-kept';
import { UploadQueue } from './upload-queue';
import { Uploader, type SdkFileService } from './uploader';

/**
 * The uploader of a partition, over its stored queue; `undefined` when the platform keeps no files
 * or the SDK instance has no file service (uploads then go straight to the SDK).
 */
/** The parts of the client's session context an uploader needs. */
export interface UploaderContext {
  readonly options: SyncClientOptions;
  readonly platform: Platform;
  readonly storage: StorageBackend;
  readonly status: StatusStore;
  readonly scheduler: Scheduler;
  readonly random: Random;
  readonly syncOptions: SyncOptions;
  readonly keeper: FileKeeper | undefined;
}

export async function openUploader(ctx: UploaderContext, partition: string, engine: LocalEngine, notices: NoticeStore): Promise<Uploader | undefined> {
  const file = (ctx.options.mpServerless as { file?: Partial<SdkFileService> }).file;
  if (!ctx.keeper || typeof file?.uploadFile !== 'function' || typeof file.deleteFile !== 'function') return undefined;
  const queue = await UploadQueue.open(ctx.storage, partition);
  // Before the uploader exists, so nothing is being kept by this client while the sweep runs. A
  // failed sweep only leaves orphans for the next start: it must not keep the client from opening.
  await sweepKeptFiles(ctx.storage, ctx.keeper).catch(() => undefined);
  return new Uploader({
    queue,
    keeper: ctx.keeper,
    engine,
    file: file as SdkFileService,
    collections: Object.keys(ctx.options.collections),
    platform: ctx.platform,
    status: ctx.status,
    scheduler: ctx.scheduler,
    random: ctx.random,
    ...(ctx.syncOptions.backoff ? { backoff: ctx.syncOptions.backoff } : {}),
    report: (notice) => notices.add(notice).then(() => undefined),
  });
}
