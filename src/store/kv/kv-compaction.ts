import type { Page, Segment, Space } from './kv-pages';

/** Where one key's versions are: the segments holding one, oldest first, and what the newest is. */
export interface KeyInfo {
  segments: number[];
  deleted: boolean;
  /** Estimated bytes of the newest version. */
  bytes: number;
}

/** A record's JSON text, or `null` for a deletion, by key. */
export type Rows = Map<string, string | null>;

/** A namespace with this many segments under half the segment size has them merged. */
const SMALL_SEGMENTS = 8;

/**
 * What a record costs inside a segment, about: `["key",json],`.
 *
 * @example
 * estimate('a', '{}'); // 9
 */
export function estimate(key: string, json: string | null): number {
  return key.length + (json === null ? 1 : json.length) + 6;
}

/**
 * The segments a compaction should fold into new ones at the end of the log: the small ones once
 * there are {@link SMALL_SEGMENTS} of them, else — once superseded bytes outweigh both the live
 * ones and 4 segments — the mostly superseded ones, most superseded first, about 16 segments'
 * worth at a time. Empty when the log is fine as it is.
 *
 * @example fragment
 * chooseCompaction(space, 64 * 1024); // []
 */
export function chooseCompaction(space: Space, segmentBytes: number): Segment[] {
  const small = space.segments.filter((segment) => segment.bytes < segmentBytes / 2);
  if (small.length >= SMALL_SEGMENTS) return small;
  let live = 0;
  let total = 0;
  for (const segment of space.segments) {
    live += segment.live;
    total += segment.bytes;
  }
  if (total - live <= Math.max(live, 4 * segmentBytes)) return [];
  const stale = space.segments.filter((segment) => segment.live < segment.bytes / 2).sort((a, b) => b.bytes - b.live - (a.bytes - a.live));
  let budget = 16 * segmentBytes;
  return stale.filter((segment, i) => (budget -= segment.bytes) >= 0 || i === 0);
}

/**
 * The rows that restate what the chosen segments still mean: each key's newest version when it
 * lies in them, and a deletion only while an older version of the key lives on in a segment
 * left in place. Keys whose newest version lies elsewhere are dropped.
 *
 * @example fragment
 * compactionRows(new Map([[3, page]]), index); // [['a', '{"n":1}']]
 */
export function compactionRows(pages: ReadonlyMap<number, Page>, index: ReadonlyMap<string, KeyInfo>): [string, string | null][] {
  const rows: [string, string | null][] = [];
  const seen = new Set<string>();
  for (const page of pages.values()) {
    for (const key of page.records.keys()) {
      if (seen.has(key)) continue;
      seen.add(key);
      const info = index.get(key) as KeyInfo;
      const newest = info.segments[info.segments.length - 1] as number;
      if (!pages.has(newest)) continue;
      if (!info.deleted) rows.push([key, JSON.stringify((pages.get(newest) as Page).records.get(key))]);
      else if (info.segments.some((id) => !pages.has(id))) rows.push([key, null]);
    }
  }
  return rows;
}
