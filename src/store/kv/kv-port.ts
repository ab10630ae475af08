/**
 * A small synchronous string key-value store: what the mini-program storage APIs
 * (`my/wx/dd.getStorageSync`, `setStorageSync`, `removeStorageSync`, `getStorageInfoSync().keys`)
 * have in common. Platform adapters implement it; `kvStorage()` builds a backend on top.
 *
 * - `get` returns `undefined` for a missing key.
 * - `set` throws when it does not store the value: `MpsyncError('QUOTA_EXCEEDED')` when the store
 *   or the value is too big (WeChat's "exceed storage max size", Alipay's `{error: 12|14}`),
 *   any other error otherwise. A `set` that throws has stored nothing.
 * - `keys` lists every key, including the app's own.
 *
 * @example
 * const port: KvPort = {
 *   get: (key) => { const data: unknown = wx.getStorageSync(key); return typeof data === 'string' && data !== '' ? data : undefined; },
 *   set: (key, value) => wx.setStorageSync(key, value),
 *   remove: (key) => wx.removeStorageSync(key),
 *   keys: () => wx.getStorageInfoSync().keys,
 * };
 */
export interface KvPort {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
  remove(key: string): void;
  keys(): string[];
}

/**
 * The bytes an entry is counted for, against both the per-value limit and the quota: the key and
 * the value each measured as a JSON string literal in UTF-8 (quotes and escapes included). That is
 * at least what any mini-program runtime counts, whether it counts characters, UTF-8 bytes, or the
 * serialised form (where every `"` inside JSON text costs a backslash).
 *
 * @example
 * kvEntryBytes('k', '{"a":1}'); // 14: the key 3 (1 + 2 quotes), the value 11 (7 + 2 quotes + 2 backslashes)
 */
export function kvEntryBytes(key: string, value: string): number {
  return literalBytes(key) + literalBytes(value);
}

/**
 * Bytes of `text` as a JSON string literal in UTF-8.
 *
 * @example
 * literalBytes('a"中'); // 2 quotes + 1 + 2 + 3 = 8
 */
export function literalBytes(text: string): number {
  let bytes = 2;
  for (let i = 0; i < text.length; i++) {
    const width = charBytes(text, i);
    bytes += width;
    if (width === 4) i++;
  }
  return bytes;
}

/**
 * Splits `text` into pieces of at most `budget` bytes each, as counted by {@link literalBytes}
 * without the quotes; a surrogate pair is never cut in two.
 *
 * @example
 * splitByBytes('abcdefgh', 6); // ['abcdef', 'gh']
 */
export function splitByBytes(text: string, budget: number): string[] {
  if (budget < 6) throw new RangeError('a piece must hold at least 6 bytes');
  const pieces: string[] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < text.length;) {
    const width = charBytes(text, i);
    const units = width === 4 ? 2 : 1;
    if (bytes + width > budget) {
      pieces.push(text.slice(start, i));
      start = i;
      bytes = 0;
    }
    bytes += width;
    i += units;
  }
  if (start < text.length || pieces.length === 0) pieces.push(text.slice(start));
  return pieces;
}

/** Bytes of the character at `i` inside a JSON string literal; 4 means a surrogate pair (two units). */
function charBytes(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code === 0x22 || code === 0x5c) return 2;
  if (code < 0x20) return 6;
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return 4;
  }
  // A lone surrogate is escaped as \uXXXX by JSON.stringify.
  if (code >= 0xd800 && code <= 0xdfff) return 6;
  return 3;
}

/** Options of `kvStorage`: the limits of the store under the port. */
export interface KvStorageOptions {
  /**
   * Largest entry the port accepts, key and value together as `kvEntryBytes` counts them
   * (200 KB on Alipay, 1 MB on WeChat). A page bigger than this is split over several entries.
   */
  readonly maxValueBytes: number;
  /**
   * Bytes mpsync may use in the store, its own entries only (10 MB in total on mini-programs, shared
   * with the app's own keys). A commit that would go past it, at its peak, rejects with
   * `QUOTA_EXCEEDED` before writing anything.
   */
  readonly quotaBytes: number;
  /** Start of every key mpsync writes; keys without it are never touched. Default `mpsync:`. */
  readonly prefix?: string;
  /**
   * Size compaction fills segments to (default 64 KB, at most `maxValueBytes`). Larger segments
   * mean fewer storage calls to open a store and more bytes rewritten per compaction.
   */
  readonly pageBytes?: number;
}

/** Entries to remove after a commit point, oldest first; their bytes count as used until then. */
export interface Garbage {
  readonly keys: string[];
  readonly bytes: number;
}

/**
 * Removes garbage, oldest first, and stops at the first failure: the rest stays queued (and
 * counted) for the next commit, and a reopen would find it anyway.
 *
 * @example fragment
 * sweep(port, state);
 */
export function sweep(port: KvPort, state: { readonly garbage: Garbage[] }): void {
  try {
    while (state.garbage.length > 0) {
      const item = state.garbage[0] as Garbage;
      while (item.keys.length > 0) {
        port.remove(item.keys[0] as string);
        item.keys.shift();
      }
      state.garbage.shift();
    }
  } catch {
    // Leftovers cost space only; they never change what a reopen reads.
  }
}

/**
 * Writes entries in order; on failure removes those it wrote and rethrows. If removing them fails
 * too, `onUndoFailed` is called: the caller then drops its in-memory state, so the next call
 * reopens and removes them as leftovers.
 *
 * @example fragment
 * writeEntries(port, [['p/1', '...'], ['p/head', '...']], () => { current = undefined; });
 */
export function writeEntries(port: KvPort, entries: readonly (readonly [string, string])[], onUndoFailed: () => void): void {
  const written: string[] = [];
  try {
    for (const [key, value] of entries) {
      port.set(key, value);
      written.push(key);
    }
  } catch (error) {
    try {
      for (const key of written.reverse()) port.remove(key);
    } catch {
      onUndoFailed();
    }
    throw error;
  }
}
