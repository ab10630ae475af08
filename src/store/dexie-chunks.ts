import Dexie, { type Table, type Transaction } from 'dexie';
import type { JsonObject } from '../core/json';
import type { StoredRecord } from './backend';
import { checkQuota, recordBytes, type EncodedBatch } from './batch';

/**
 * One IndexedDB record of the chunked layout: a run of puts (and the deletes of the same commit)
 * of one namespace. `text` is a JSON array `[key1, value1, key2, value2, …]`, so loading a chunk
 * is one `JSON.parse`; `seq` orders the chunks of a namespace, and a later chunk wins.
 */
interface Chunk {
  readonly namespace: string;
  readonly seq: number;
  readonly text: string;
  readonly deletes: readonly string[];
}

type ChunkKey = [namespace: string, seq: number];
type ChunkTable = Table<Chunk, ChunkKey>;

/** The first layout: one IndexedDB record per stored record (read only to migrate it). */
interface LegacyRow {
  readonly namespace: string;
  readonly key: string;
  readonly json: string;
}

/** Records per chunk when a namespace is rewritten: few reads at open, small enough to rewrite. */
export const CHUNK_ROWS = 500;
// A namespace is rewritten as full chunks once this many commits were appended since it was last
// (besides the share of its size below), so the records an open reads stay few.
const COMPACT_MIN_COMMITS = 256;
const COMPACT_MIN_BYTES = 1 << 20;

// Any array sorts after every number in IndexedDB, so [ns, []] is above every chunk of namespace ns.
const AFTER_ALL_SEQS: never[] = [];

/** Opens (and, from the first layout, migrates) the database of {@link dexieStorage}. */
export function openChunkDatabase(name: string, options: { readonly indexedDB: IDBFactory; readonly IDBKeyRange: typeof IDBKeyRange }): Dexie {
  const db = new Dexie(name, {
    indexedDB: options.indexedDB,
    IDBKeyRange: options.IDBKeyRange,
    chromeTransactionDurability: 'strict',
    cache: 'disabled',
  });
  db.version(1).stores({ records: '[namespace+key]' });
  // The upgrade runs in the versionchange transaction: a crash during it leaves version 1 intact.
  db.version(2).stores({ records: null, chunks: '[namespace+seq]' }).upgrade(migrateRows);
  return db;
}

async function migrateRows(tx: Transaction): Promise<void> {
  const rows = await tx.table<LegacyRow>('records').toArray();
  const byNamespace = new Map<string, (readonly [string, string])[]>();
  for (const row of rows) {
    let list = byNamespace.get(row.namespace);
    if (list === undefined) byNamespace.set(row.namespace, (list = []));
    list.push([row.key, row.json]);
  }
  const chunks: Chunk[] = [];
  for (const [namespace, entries] of byNamespace) chunks.push(...toChunks(namespace, entries, 1));
  await tx.table<Chunk, ChunkKey>('chunks').bulkPut(chunks);
}

// Entries already encoded as JSON text, cut into chunks numbered from `firstSeq`.
function toChunks(namespace: string, entries: readonly (readonly [string, string])[], firstSeq: number): Chunk[] {
  const chunks: Chunk[] = [];
  for (let i = 0; i < entries.length; i += CHUNK_ROWS) {
    chunks.push({ namespace, seq: firstSeq + chunks.length, text: chunkText(entries.slice(i, i + CHUNK_ROWS)), deletes: [] });
  }
  return chunks;
}

function chunkText(entries: readonly (readonly [string, string])[]): string {
  const parts: string[] = [];
  for (const [key, json] of entries) parts.push(JSON.stringify(key), json);
  return `[${parts.join(',')}]`;
}

function chunkRange(table: ChunkTable, namespace: string) {
  return table.where('[namespace+seq]').between([namespace, -Infinity], [namespace, AFTER_ALL_SEQS], true, true);
}

// The live records of a namespace: its chunks replayed in order.
function replay(chunks: readonly Chunk[]): Map<string, JsonObject> {
  const live = new Map<string, JsonObject>();
  for (const chunk of chunks) {
    for (const key of chunk.deletes) live.delete(key);
    const flat = JSON.parse(chunk.text) as unknown[];
    for (let i = 0; i < flat.length; i += 2) live.set(flat[i] as string, flat[i + 1] as JsonObject);
  }
  return live;
}

/** What an open knows about a namespace, to decide when to rewrite it. */
interface Growth {
  /** Commits appended since the namespace was last rewritten (as far as this storage knows). */
  commits: number;
  /** Their JSON bytes. */
  bytes: number;
  /** Records and JSON bytes it held then. */
  readonly liveRows: number;
  readonly liveBytes: number;
}

/**
 * The chunked layout over one database: a commit appends one chunk (one record, in one
 * transaction, so a crash leaves a prefix of the commits); a namespace whose appended commits
 * grew past a share of its size is rewritten as full chunks of {@link CHUNK_ROWS} records in the
 * same transaction as the commit that crossed it. An open reads a namespace with one range read
 * and one `JSON.parse` per chunk.
 */
export class ChunkStore {
  private readonly growth = new Map<string, Growth>();
  // Per namespace, the bytes of each live record; kept only when there is a quota.
  private sizes: Map<string, Map<string, number>> | undefined;
  // Their sum.
  private used = 0;

  private readonly quotaBytes: number | undefined;

  constructor(quotaBytes: number | undefined) {
    this.quotaBytes = quotaBytes;
  }

  /** Every live record of a namespace. */
  async load(db: Dexie, namespace: string): Promise<StoredRecord[]> {
    const chunks = await chunkRange(db.table('chunks'), namespace).toArray();
    const live = replay(chunks);
    let bytes = 0;
    for (const chunk of chunks) bytes += chunk.text.length;
    // The chunks beyond those of a rewrite count as appended commits; the bytes stored (garbage
    // included) stand for the size, so a rewrite comes after as many bytes again are appended.
    this.growth.set(namespace, { commits: Math.max(0, chunks.length - Math.ceil(live.size / CHUNK_ROWS)), bytes: 0, liveRows: live.size, liveBytes: bytes });
    const records: StoredRecord[] = [];
    for (const [key, value] of live) records.push({ key, value });
    return records;
  }

  /** Applies one non-empty encoded batch in one transaction. */
  async commit(db: Dexie, namespace: string, batch: EncodedBatch): Promise<void> {
    const table = db.table<Chunk, ChunkKey>('chunks');
    const text = chunkText(batch.puts);
    let sizes: { after: Map<string, number>; delta: number } | undefined;
    const growth = this.growth.get(namespace) ?? { commits: 0, bytes: 0, liveRows: 0, liveBytes: 0 };
    const compact =
      growth.commits + 1 > Math.max(COMPACT_MIN_COMMITS, growth.liveRows / 10) || growth.bytes + text.length > Math.max(COMPACT_MIN_BYTES, growth.liveBytes);
    let rewritten: Growth | undefined;
    await db.transaction('rw', table, async () => {
      if (this.quotaBytes !== undefined) sizes = await this.checkQuota(table, namespace, batch, this.quotaBytes);
      const last = (await chunkRange(table, namespace).lastKey()) as unknown;
      const lastSeq = Array.isArray(last) ? (last as unknown[])[1] : undefined;
      const seq = typeof lastSeq === 'number' ? lastSeq + 1 : 1;
      if (!compact) {
        await table.put({ namespace, seq, text, deletes: batch.deletes });
        return;
      }
      // Rewrite the namespace with this batch applied: its chunks are read and replaced in this
      // transaction, so no commit of another storage on this database can come in between.
      const live = replay(await chunkRange(table, namespace).toArray());
      for (const key of batch.deletes) live.delete(key);
      const entries: (readonly [string, string])[] = [];
      const pending = new Map(batch.puts);
      for (const [key, value] of live) if (!pending.has(key)) entries.push([key, JSON.stringify(value)]);
      entries.push(...batch.puts);
      const chunks = toChunks(namespace, entries, seq);
      await chunkRange(table, namespace).delete();
      await table.bulkPut(chunks);
      let bytes = 0;
      for (const chunk of chunks) bytes += chunk.text.length;
      rewritten = { commits: 0, bytes: 0, liveRows: entries.length, liveBytes: bytes };
    });
    this.growth.set(namespace, rewritten ?? { ...growth, commits: growth.commits + 1, bytes: growth.bytes + text.length });
    if (sizes !== undefined && this.sizes !== undefined) {
      this.sizes.set(namespace, sizes.after);
      this.used += sizes.delta;
    }
  }

  /** Removes a namespace in one transaction. */
  async drop(db: Dexie, namespace: string): Promise<void> {
    const table = db.table<Chunk, ChunkKey>('chunks');
    await db.transaction('rw', table, () => chunkRange(table, namespace).delete());
    this.growth.delete(namespace);
    for (const bytes of this.sizes?.get(namespace)?.values() ?? []) this.used -= bytes;
    this.sizes?.delete(namespace);
  }

  /** The namespaces that hold at least one live record. */
  async namespaces(db: Dexie): Promise<string[]> {
    const table = db.table<Chunk, ChunkKey>('chunks');
    // Skip-scan over the primary key: one cursor step per namespace, not per chunk.
    const names: string[] = [];
    let next = await table.orderBy('[namespace+seq]').firstKey();
    while (Array.isArray(next) && typeof next[0] === 'string') {
      const name = next[0];
      // A namespace whose commits deleted every record still has chunks; it holds nothing.
      if ((await this.load(db, name)).length > 0) names.push(name);
      next = await table.where('[namespace+seq]').above([name, AFTER_ALL_SEQS]).firstKey();
    }
    return names;
  }

  /** Forgets what was measured: another storage may write while this one is closed. */
  reset(): void {
    this.growth.clear();
    this.sizes = undefined;
  }

  // The sizes of the namespace's records after the batch, if it fits; measured once for the whole database.
  private async checkQuota(
    table: ChunkTable,
    namespace: string,
    batch: EncodedBatch,
    quotaBytes: number,
  ): Promise<{ after: Map<string, number>; delta: number }> {
    if (this.sizes === undefined) {
      const all = new Map<string, Chunk[]>();
      await table.each((chunk) => {
        const list = all.get(chunk.namespace);
        if (list === undefined) all.set(chunk.namespace, [chunk]);
        else list.push(chunk);
      });
      const sizes = new Map<string, Map<string, number>>();
      for (const [name, chunks] of all) {
        const measured = new Map<string, number>();
        for (const [key, value] of replay(chunks)) measured.set(key, recordBytes(key, JSON.stringify(value)));
        sizes.set(name, measured);
      }
      this.sizes = sizes;
      this.used = 0;
      for (const measured of sizes.values()) for (const bytes of measured.values()) this.used += bytes;
    }
    const after = new Map(this.sizes.get(namespace));
    let delta = 0;
    for (const key of batch.deletes) {
      delta -= after.get(key) ?? 0;
      after.delete(key);
    }
    for (const [key, json] of batch.puts) {
      const bytes = recordBytes(key, json);
      delta += bytes - (after.get(key) ?? 0);
      after.set(key, bytes);
    }
    checkQuota(this.used, delta, quotaBytes);
    return { after, delta };
  }
}
