import { mkdir, open, readdir, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { MpsyncError } from '../core/errors';
import { FolderLockedError, lockFolder, type FolderLock } from '../node/folder-lock';
import { SerialQueue } from '../core/serial-queue';
import { isPlainObject, type JsonObject } from '../core/json';
import type { StorageBackend, StoredRecord } from './backend';
import { checkQuota, encodeBatch, utf8Bytes, type EncodedBatch } from './batch';

/** Options of {@link fileStorage}. */
export interface FileStorageOptions {
  /**
   * The data folder; created if missing. One backend at a time may use it: the first holds a lock
   * file in it (`.mpsync.lock`) until `close()`, and another opener, in this process or another,
   * fails with `STORAGE_IN_USE`. A lock left by a process that crashed is taken over.
   */
  readonly dir: string;
  /**
   * Soft cap, in bytes, on the live data (UTF-8 bytes of every record's key and JSON value, not the
   * log files). A commit that would grow the data past it rejects with `QUOTA_EXCEEDED`. Default: none.
   */
  readonly quotaBytes?: number;
  /** A namespace's log is compacted once it is over twice its live data and over this size. Default 1 MiB. */
  readonly compactionMinBytes?: number;
}

interface Log {
  readonly path: string;
  /**
   * Each live record's size in UTF-8 bytes (key and JSON text), by key: the sizes the quota and
   * the compaction threshold need, not the texts. The texts stay in the log file, where a later
   * load and the compaction read them; keeping them here too held the whole cache in memory twice
   * (about 1.3 times its JSON bytes beside the client's parsed rows, measured on 10,000 todos).
   */
  readonly records: Map<string, number>;
  /**
   * The values the replay parsed, by key, until the namespace's first `load` takes them: a cold
   * open then parses every stored byte once instead of twice. A commit before that load puts a
   * fresh parse of its values here (never the caller's objects), and the map goes at the first
   * load, so a value is never handed out twice; later loads read the log again.
   */
  unread: Map<string, JsonObject> | undefined;
  liveBytes: number;
  fileBytes: number;
  handle: FileHandle | undefined;
  /** Whether the folder was synced since the file was created, so its name survives a power cut. */
  named: boolean;
  /** Whether the manifest lists the namespace (so a later loss of its log is noticed). */
  listed: boolean;
}

/** The file naming every namespace whose log holds at least one commit. */
const MANIFEST = 'manifest.json';

const LINE_BYTES = 1 << 20;
const noop = (): void => undefined;

/**
 * A backend in a Node data folder: one append-only log per namespace (`ns-<name>.log`), one JSON
 * line per commit (`{"p":[[key,value],...],"d":[key,...]}`), written with one write and
 * `fdatasync`ed before the commit resolves. On open the lines are replayed in order; a torn last
 * line (a crash mid-append: bytes after the last newline) is cut off, but a complete line that is
 * not a commit fails the open with `STORAGE_CORRUPT` (the file was damaged; nothing is cut). A log much larger than its live data is compacted into a
 * temporary file, synced, renamed over the log, and the folder synced: a crash leaves either log
 * whole. Calls run one at a time in call order. In memory it keeps only each record's size: a load
 * after the first and a compaction read the values back from the log.
 *
 * @example
 * const storage = fileStorage({ dir: './data/client' });
 * await storage.commit('todos', { puts: [{ key: 'a', value: { title: 'milk' } }], deletes: [] });
 */
export function fileStorage(options: FileStorageOptions): StorageBackend {
  const { dir } = options;
  const compactionMinBytes = options.compactionMinBytes ?? 1 << 20;
  let logs: Map<string, Log> | undefined;
  // Held from the first call until close(), across forget(): a reopen after a failed undo is ours.
  let lock: FolderLock | undefined;
  const calls = new SerialQueue();

  const openAll = async (): Promise<Map<string, Log>> => {
    if (lock === undefined) {
      await mkdir(dir, { recursive: true });
      lock = await lockFolder(dir);
    }
    return openLogs(dir);
  };

  const queue = <T>(task: (logs: Map<string, Log>) => Promise<T>): Promise<T> =>
    calls.run(async () => task((logs ??= await openAll()))).catch((error: unknown) => Promise.reject(storageError(error)));

  // After a failed undo a log ends in unknown bytes: forget all; the next call's replay cuts them.
  const forget = async (): Promise<void> => {
    const open = logs;
    logs = undefined;
    for (const log of open?.values() ?? []) await log.handle?.close().catch(noop);
  };

  const append = async (log: Log, text: string): Promise<void> => {
    const data = Buffer.from(text, 'utf8');
    try {
      log.handle ??= await open(log.path, 'a');
      await writeAll(log.handle, data);
      await log.handle.datasync();
      if (!log.named) await syncDir(dir);
      log.named = true;
    } catch (error) {
      try {
        await log.handle?.truncate(log.fileBytes);
        await log.handle?.datasync();
      } catch {
        await forget();
      }
      throw error;
    }
    log.fileBytes += data.length;
  };

  const compact = async (log: Log): Promise<void> => {
    const tmp = `${log.path}.tmp`;
    let handle: FileHandle | undefined;
    let bytes = 0;
    try {
      await rm(tmp, { force: true });
      handle = await open(tmp, 'a');
      // The live texts are read back from the log (the last put of each key), not kept in memory.
      const texts = new Map<string, string>();
      await scanLog(log.path, log.fileBytes, (line) => applyTexts(texts, line));
      for (const line of compactLines(texts)) {
        const data = Buffer.from(line, 'utf8');
        await writeAll(handle, data);
        bytes += data.length;
      }
      await handle.datasync();
      await rename(tmp, log.path);
    } catch {
      // The log is untouched and the commit is durable already; compaction is retried next commit.
      await handle?.close().catch(noop);
      await rm(tmp, { force: true }).catch(noop);
      return;
    }
    await log.handle?.close().catch(noop);
    log.handle = handle;
    log.fileBytes = bytes;
    // Old or new log: both hold the same records, so a lost rename costs nothing.
    await syncDir(dir).catch(noop);
  };

  const commit = async (all: Map<string, Log>, namespace: string, encoded: EncodedBatch): Promise<void> => {
    const log = all.get(namespace) ?? {
      path: join(dir, fileName(namespace)),
      records: new Map<string, number>(),
      unread: undefined,
      liveBytes: 0,
      fileBytes: 0,
      handle: undefined,
      named: false,
      listed: false,
    };
    const { records } = log;
    if (encoded.puts.length === 0 && !encoded.deletes.some((key) => records.has(key))) return;
    const delta = sizeDelta(records, encoded);
    let used = 0;
    for (const other of all.values()) used += other.liveBytes;
    checkQuota(used, delta, options.quotaBytes);
    // Kept even if the append fails, so its open handle is closed with the others.
    all.set(namespace, log);
    await append(log, formatLine(encoded));
    applySizes(records, encoded);
    if (log.unread !== undefined) {
      for (const [key, json] of encoded.puts) log.unread.set(key, JSON.parse(json) as JsonObject);
      for (const key of encoded.deletes) log.unread.delete(key);
    }
    log.liveBytes += delta;
    // Listed only once a commit is in the log, so a listed namespace never has a log without one.
    // The commit is durable already: a failure here is retried at the next commit, not reported.
    if (!log.listed) {
      log.listed = true;
      await writeManifest(dir, all).catch(() => {
        log.listed = false;
      });
    }
    // Compacted size is about the live data plus a few bytes of framing per record.
    if (log.fileBytes > compactionMinBytes && log.fileBytes > 2 * (log.liveBytes + 8 * records.size + 64)) await compact(log);
  };

  return {
    kind: 'file',
    load: (namespace) =>
      queue(async (all) => {
        const log = all.get(namespace);
        if (log === undefined) return [];
        let values = log.unread;
        log.unread = undefined;
        if (values === undefined) {
          const read = new Map<string, JsonObject>();
          await scanLog(log.path, log.fileBytes, (line) => applyValues(read, line));
          values = read;
        }
        const out: StoredRecord[] = [];
        for (const [key, value] of values) out.push({ key, value });
        return out;
      }),
    commit(namespace, batch) {
      // Encoded now, not when its turn comes: the caller may change the objects as soon as this returns.
      let encoded: EncodedBatch;
      try {
        encoded = encodeBatch(namespace, batch);
      } catch (error) {
        return Promise.reject(storageError(error));
      }
      return queue((all) => commit(all, namespace, encoded));
    },
    drop: (namespace) =>
      queue(async (all) => {
        const log = all.get(namespace);
        if (log === undefined) return;
        // Unlisted first: a crash before the file is gone leaves an unlisted log, which reopens as it was.
        await writeManifest(dir, all, namespace);
        log.listed = false;
        await log.handle?.close();
        log.handle = undefined;
        await rm(log.path, { force: true });
        all.delete(namespace);
        // The file is gone from the folder now; a failed folder sync cannot be undone, so it is not an error.
        await syncDir(dir).catch(noop);
      }),
    namespaces: () => queue((all) => Promise.resolve([...all].filter(([, log]) => log.records.size > 0).map(([name]) => name))),
    close: () =>
      calls.run(async () => {
        await forget();
        const held = lock;
        lock = undefined;
        await held?.release();
      }),
  };
}

async function openLogs(dir: string): Promise<Map<string, Log>> {
  await mkdir(dir, { recursive: true });
  const logs = new Map<string, Log>();
  // A manifest write that never reached its rename: the old manifest stands.
  await rm(join(dir, `${MANIFEST}.tmp`), { force: true });
  const listed = await readManifest(dir);
  for (const file of await readdir(dir)) {
    const namespace = namespaceOf(file.replace(/\.tmp$/, ''));
    if (namespace === undefined) continue;
    // A leftover temporary file is a compaction that never reached its rename: the log is whole.
    if (file.endsWith('.tmp')) await rm(join(dir, file), { force: true });
    else logs.set(namespace, await replay(join(dir, file), listed?.has(namespace) === true));
  }
  // A namespace the manifest lists once held commits: its log must not have vanished.
  for (const namespace of listed ?? []) {
    if (!logs.has(namespace))
      throw new MpsyncError(
        'STORAGE_CORRUPT',
        `${join(dir, fileName(namespace))} is missing, but ${join(dir, MANIFEST)} says namespace ${JSON.stringify(namespace)} held data`,
      );
  }
  // A folder from before the manifest, or logs whose listing was lost: listed now.
  if (listed === undefined || [...logs.values()].some((log) => !log.listed)) {
    await writeManifest(dir, logs);
    for (const log of logs.values()) log.listed = log.fileBytes > 0;
  }
  await syncDir(dir);
  return logs;
}

async function readManifest(dir: string): Promise<Set<string> | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST), 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const names = isPlainObject(parsed) ? parsed['namespaces'] : undefined;
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) throw new MpsyncError('STORAGE_CORRUPT', `${join(dir, MANIFEST)} is damaged`);
  return new Set(names);
}

// Written whole to a temporary file and renamed over the old one: a crash leaves either manifest.
async function writeManifest(dir: string, logs: ReadonlyMap<string, Log>, without?: string): Promise<void> {
  const names = [...logs.keys()].filter((name) => name !== without && (logs.get(name)?.fileBytes ?? 0) > 0).sort();
  const tmp = join(dir, `${MANIFEST}.tmp`);
  const handle = await open(tmp, 'w');
  try {
    await writeAll(handle, Buffer.from(JSON.stringify({ namespaces: names }), 'utf8'));
    await handle.datasync();
  } finally {
    await handle.close();
  }
  await rename(tmp, join(dir, MANIFEST));
  await syncDir(dir);
}

async function replay(path: string, listed: boolean): Promise<Log> {
  const buffer = await readFile(path);
  if (listed && buffer.length === 0) throw new MpsyncError('STORAGE_CORRUPT', `${path} is empty, but the manifest says it held data`);
  const records = new Map<string, number>();
  const unread = new Map<string, JsonObject>();
  const last = buffer.lastIndexOf(0x0a);
  let valid = 0;
  while (valid <= last) {
    const end = buffer.indexOf(0x0a, valid);
    const line = parseLine(buffer.toString('utf8', valid, end));
    // A torn append never ends with its newline (the newline is its last byte): a complete line
    // that is not a commit means the file was damaged, and cutting it would drop acknowledged data.
    if (line === undefined) throw new MpsyncError('STORAGE_CORRUPT', `${path} is damaged at byte ${valid}: a complete line is not a commit`);
    applySizes(records, line);
    applyValues(unread, line);
    valid = end + 1;
  }
  if (valid < buffer.length) {
    const handle = await open(path, 'r+');
    try {
      await handle.truncate(valid);
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }
  let liveBytes = 0;
  for (const bytes of records.values()) liveBytes += bytes;
  return { path, records, unread, liveBytes, fileBytes: valid, handle: undefined, named: true, listed };
}

/**
 * Calls `onLine` with each commit of the first `bytes` bytes of a log, in order: the bytes this
 * backend wrote and synced itself (a replay checked them when the folder opened), so a line that
 * is not a commit now means the file changed under the open backend.
 */
async function scanLog(path: string, bytes: number, onLine: (line: ParsedLine) => void): Promise<void> {
  const handle = await open(path, 'r');
  let buffer: Buffer;
  try {
    buffer = Buffer.alloc(bytes);
    for (let offset = 0; offset < bytes;) {
      const { bytesRead } = await handle.read(buffer, offset, bytes - offset, offset);
      if (bytesRead === 0) throw new MpsyncError('STORAGE_CORRUPT', `${path} is shorter than this backend wrote it`);
      offset += bytesRead;
    }
  } finally {
    await handle.close();
  }
  for (let start = 0; start < bytes;) {
    const end = buffer.indexOf(0x0a, start);
    const line = end < 0 ? undefined : parseLine(buffer.toString('utf8', start, end));
    if (line === undefined) throw new MpsyncError('STORAGE_CORRUPT', `${path} changed while it was open: byte ${start} does not start a commit`);
    onLine(line);
    start = end + 1;
  }
}

// What `recordBytes` counts, with Buffer's native count for the JSON text (which JSON.stringify
// made well-formed, so both count alike) instead of a loop over every character.
function sizeOf(key: string, json: string): number {
  return utf8Bytes(key) + Buffer.byteLength(json, 'utf8');
}

/** How many bytes applying `batch` adds to the live data whose sizes `sizes` holds; negative when it frees more. */
function sizeDelta(sizes: ReadonlyMap<string, number>, batch: EncodedBatch): number {
  let delta = 0;
  for (const [key, json] of batch.puts) delta += sizeOf(key, json) - (sizes.get(key) ?? 0);
  for (const key of batch.deletes) delta -= sizes.get(key) ?? 0;
  return delta;
}

function applySizes(sizes: Map<string, number>, batch: EncodedBatch): void {
  for (const [key, json] of batch.puts) sizes.set(key, sizeOf(key, json));
  for (const key of batch.deletes) sizes.delete(key);
}

function applyTexts(texts: Map<string, string>, line: ParsedLine): void {
  for (const [key, json] of line.puts) texts.set(key, json);
  for (const key of line.deletes) texts.delete(key);
}

function applyValues(values: Map<string, JsonObject>, line: ParsedLine): void {
  line.puts.forEach(([key], i) => values.set(key, line.values[i]!));
  for (const key of line.deletes) values.delete(key);
}

function formatLine(batch: EncodedBatch): string {
  const puts = batch.puts.map(([key, json]) => `[${JSON.stringify(key)},${json}]`).join(',');
  return `{"p":[${puts}],"d":${JSON.stringify(batch.deletes)}}\n`;
}

// Lines of about LINE_BYTES each: no giant string for a large namespace, few writes for a small one.
function* compactLines(records: Map<string, string>): Generator<string> {
  let puts: (readonly [string, string])[] = [];
  let bytes = 0;
  for (const entry of records) {
    puts.push(entry);
    bytes += entry[0].length + entry[1].length;
    if (bytes < LINE_BYTES) continue;
    yield formatLine({ puts, deletes: [] });
    [puts, bytes] = [[], 0];
  }
  // An empty namespace keeps one (empty) commit: a listed log is never an empty file.
  if (puts.length > 0 || records.size === 0) yield formatLine({ puts, deletes: [] });
}

/** A replayed commit: its batch in storage form, and each put's value as parsed (`values[i]` is `puts[i]`'s). */
interface ParsedLine extends EncodedBatch {
  readonly values: readonly JsonObject[];
}

function parseLine(text: string): ParsedLine | undefined {
  let line: unknown;
  try {
    line = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isPlainObject(line) || !Array.isArray(line['p']) || !Array.isArray(line['d'])) return undefined;
  const puts: [string, string][] = [];
  const values: JsonObject[] = [];
  for (const put of line['p'] as unknown[]) {
    if (!Array.isArray(put) || put.length !== 2 || typeof put[0] !== 'string' || !isPlainObject(put[1])) return undefined;
    puts.push([put[0], JSON.stringify(put[1])]);
    // Parsed from JSON text, so it is JSON.
    values.push(put[1] as JsonObject);
  }
  const deletes: unknown[] = line['d'];
  return deletes.every((key) => typeof key === 'string') ? { puts, deletes, values } : undefined;
}

async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  for (let offset = 0; offset < data.length;) offset += (await handle.write(data, offset, data.length - offset)).bytesWritten;
}

async function syncDir(dir: string): Promise<void> {
  // Windows cannot open a folder for syncing, and its rename is durable without it.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

// Lower-case letters, digits, `-` and `_` stay; every other UTF-8 byte becomes `+hh`. Names stay
// distinct on case-insensitive file systems, and the `ns-` start avoids Windows device names.
function fileName(namespace: string): string {
  let name = 'ns-';
  for (const byte of Buffer.from(namespace, 'utf8')) {
    const char = String.fromCharCode(byte);
    name += /[a-z0-9_-]/.test(char) ? char : `+${byte.toString(16).padStart(2, '0')}`;
  }
  name += '.log';
  if (name.length > 240 || namespaceOf(name) !== namespace) {
    throw new MpsyncError('INVALID_ARGUMENT', `namespace ${JSON.stringify(namespace.slice(0, 80))} cannot be a file name (too long or not valid Unicode)`);
  }
  return name;
}

function namespaceOf(file: string): string | undefined {
  const match = /^ns-((?:[a-z0-9_-]|\+[0-9a-f]{2})*)\.log$/.exec(file);
  try {
    // `+hh` is `%hh` in disguise; decodeURIComponent also rejects bytes that are not UTF-8.
    return match === null ? undefined : decodeURIComponent((match[1] ?? '').replaceAll('+', '%'));
  } catch {
    return undefined;
  }
}

function storageError(error: unknown): MpsyncError {
  if (error instanceof MpsyncError) return error;
  if (error instanceof FolderLockedError) {
    return new MpsyncError('STORAGE_IN_USE', `the data folder is used by another client: ${error.message}; close it, or use another folder`, { cause: error });
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new MpsyncError('QUOTA_EXCEEDED', 'the disk is full', { cause: error });
  return new MpsyncError('STORAGE_FAILED', `file storage failed: ${String(error)}`, { cause: error });
}
