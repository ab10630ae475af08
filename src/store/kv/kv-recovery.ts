import { MpsyncError } from '../../core/errors';
import type { Rows } from './kv-compaction';
import { parseDirectory, parsePage, parsePageKey, type Page } from './kv-pages';
import type { KvPort } from './kv-port';
import { openKv, readRecord } from './kv-state';

/** What recovery found: every namespace's rows, and the seq and page id a new store must start above. */
export interface Recovered {
  readonly records: Map<string, Rows>;
  readonly seq: number;
  readonly maxId: number;
}

/**
 * The records of a store whose head is gone, from its segments: each names its namespace and
 * commit, so replaying them all in commit order gives the last state (it may include a commit
 * that never reached its commit point; segments a compaction replaced restate nothing newer).
 * Throws `STORAGE_CORRUPT` for any segment that cannot be read; nothing is removed here.
 *
 * @example fragment
 * const { records, seq, maxId } = segmentsWithoutHead(port, 'mpsync:', port.keys(), readText);
 */
export function segmentsWithoutHead(prefix: string, keys: readonly string[], readText: (id: number, parts: number) => string): Recovered {
  const groups = new Map<number, { parts: number; count: number }>();
  for (const key of keys) {
    const name = parsePageKey(prefix, key);
    if (name === undefined) continue;
    const group = groups.get(name.id) ?? { parts: name.parts, count: 0 };
    if (group.parts !== name.parts) throw new MpsyncError('STORAGE_CORRUPT', `entries of segment ${name.id} disagree; nothing was removed`);
    group.count++;
    groups.set(name.id, group);
  }
  const pages: { id: number; page: Page }[] = [];
  let maxId = 0;
  let seq = 0;
  for (const [id, group] of groups) {
    if (group.count !== group.parts)
      throw new MpsyncError('STORAGE_CORRUPT', `segment ${id} has ${group.count} of its ${group.parts} entries; nothing was removed`);
    maxId = Math.max(maxId, id);
    const text = readText(id, group.parts);
    // Directories name no records; the segments do.
    if (parseDirectory(text) !== undefined) continue;
    const page = parsePage(text);
    pages.push({ id, page });
    seq = Math.max(seq, page.seq);
  }
  pages.sort((x, y) => x.page.seq - y.page.seq || x.id - y.id);
  const records = new Map<string, Rows>();
  for (const { page } of pages) {
    const rows = records.get(page.namespace) ?? new Map<string, string | null>();
    for (const [key, value] of page.records) rows.set(key, value === null ? null : JSON.stringify(value));
    records.set(page.namespace, rows);
  }
  return { records, seq, maxId };
}

/**
 * The records of a store in the first layout (kv-layout.ts), after that layout's own repair of
 * a crash (openKv).
 *
 * @example fragment
 * const { records, seq } = firstLayout(port, 'mpsync:');
 */
export function firstLayout(port: KvPort, prefix: string): Recovered {
  const legacy = openKv(port, prefix);
  const records = new Map<string, Rows>();
  for (const [namespace, space] of legacy.spaces) {
    const rows: Rows = new Map();
    for (const [key, version] of space.records) rows.set(key, readRecord(port, legacy, space, key, version));
    records.set(namespace, rows);
  }
  return { records, seq: legacy.seq, maxId: 0 };
}
