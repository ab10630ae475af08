import type { FileKeeper } from '../../model/file-keeper';
import type { StorageBackend } from '../../store/backend';
import { UPLOADS_NAMESPACE_PREFIX, type UploadRecord } from './upload-queue';

/**
 * Removes the kept files that no stored upload record names: a file is kept before its record is
 * stored, so a kill in between leaves a copy that nothing would ever remove (on mini-programs it
 * counts against the saved-file quota). Run before the uploader accepts anything, so no file this
 * client is keeping at the moment is taken for an orphan. The records of every partition count:
 * a queue waits for its own user, and the keeper is shared by all of them.
 *
 * @returns the kept paths removed (empty when the keeper cannot list its own files)
 */
export async function sweepKeptFiles(storage: StorageBackend, keeper: FileKeeper): Promise<string[]> {
  const kept = await keeper.list();
  if (!kept || kept.length === 0) return [];
  const named = new Set<string>();
  for (const namespace of await storage.namespaces()) {
    if (!namespace.startsWith(UPLOADS_NAMESPACE_PREFIX)) continue;
    for (const stored of await storage.load(namespace)) named.add((stored.value as unknown as UploadRecord).keptPath);
  }
  const removed: string[] = [];
  for (const file of kept) {
    if (named.has(file.keptPath)) continue;
    await keeper.remove(file.keptPath);
    removed.push(file.keptPath);
  }
  return removed;
}
