import { MpsyncError } from '../../core/errors';
import { EMPTY_HEAD, formatHead, HEAD, parseHead, parseVersion, versionKeys, versionStem, type VersionName } from './kv-layout';
import { kvEntryBytes, type Garbage, type KvPort } from './kv-port';

/** The committed version of one record. */
export interface LiveVersion {
  readonly seq: number;
  /** Chunks: 1 = one whole entry. */
  readonly count: number;
  /** Bytes of its entries; `undefined` until first read (opening reads key names only). */
  bytes: number | undefined;
}

/** One namespace: its id in port keys, and its records by key. */
export interface KvSpace {
  readonly id: number;
  readonly records: Map<string, LiveVersion>;
}

/** What kvStorage knows about the port between calls; rebuilt from the port on open. */
export interface KvState {
  readonly prefix: string;
  seq: number;
  next: number;
  spaces: Map<string, KvSpace>;
  headBytes: number;
  /** Sum of the known `bytes` of live versions. */
  recordBytes: number;
  /** Live versions whose bytes are not known yet. */
  unmeasured: number;
  garbage: Garbage[];
}

interface Found {
  readonly keys: string[];
  readonly count: number;
}

/**
 * Opens the store: reads the head and the key names (no values), then removes what no committed
 * state refers to — versions newer than the head (a commit that never reached its commit point),
 * versions of unknown namespaces (dropped), versions superseded by a newer one, and then the
 * tombstones that won. Removing superseded versions before tombstones keeps a crash in between
 * from bringing a deleted record back. Any failure rejects the open: a later seq must never be
 * reused while entries of an uncommitted one are still there.
 *
 * @example fragment
 * const state = openKv(port, 'mpsync:');
 */
export function openKv(port: KvPort, prefix: string): KvState {
  const headKey = prefix + HEAD;
  let headText = port.get(headKey);
  const head = parseHead(headText);
  const portKeys = port.keys();
  if (headText === undefined) {
    const orphans = portKeys.filter((key) => parseVersion(prefix, key) !== undefined).length;
    if (orphans > 0)
      throw new MpsyncError('STORAGE_CORRUPT', `the mpsync head entry ${headKey} is missing but ${orphans} record entries exist; they were kept`);
    headText = formatHead(EMPTY_HEAD);
    port.set(headKey, headText);
  }
  const spaces = new Map<string, KvSpace>();
  const byId = new Map<number, KvSpace>();
  for (const [name, id] of Object.entries(head.ns)) {
    const space: KvSpace = { id, records: new Map() };
    spaces.set(name, space);
    byId.set(id, space);
  }
  const groups = new Map<string, { space: KvSpace; key: string; versions: Map<number, Found> }>();
  const doomed: string[] = [];
  for (const portKey of portKeys) {
    const name = parseVersion(prefix, portKey);
    if (name === undefined) continue;
    const space = byId.get(name.nsId);
    if (space === undefined || name.seq > head.seq) {
      doomed.push(portKey);
      continue;
    }
    const id = `${name.nsId}:${name.key}`;
    const group = groups.get(id) ?? { space, key: name.key, versions: new Map<number, Found>() };
    groups.set(id, group);
    addPart(group.versions, name, portKey);
  }
  const tombstones: string[] = [];
  let unmeasured = 0;
  for (const { space, key, versions } of groups.values()) {
    const winner = Math.max(...versions.keys());
    for (const [seq, found] of versions) if (seq !== winner) doomed.push(...found.keys);
    const found = versions.get(winner) as Found;
    if (found.count === 0) {
      tombstones.push(...found.keys);
      continue;
    }
    if (found.keys.length !== found.count) {
      throw new MpsyncError('STORAGE_FAILED', `record ${JSON.stringify(key)} has ${found.keys.length} of its ${found.count} chunks`);
    }
    space.records.set(key, { seq: winner, count: found.count, bytes: undefined });
    unmeasured++;
  }
  for (const portKey of [...doomed, ...tombstones]) port.remove(portKey);
  return {
    prefix,
    seq: head.seq,
    next: head.next,
    spaces,
    headBytes: headText === undefined ? 0 : kvEntryBytes(headKey, headText),
    recordBytes: 0,
    unmeasured,
    garbage: [],
  };
}

function addPart(versions: Map<number, Found>, name: VersionName, portKey: string): void {
  const found = versions.get(name.seq);
  const fits = name.count === 0 || name.index < name.count;
  if (!fits || (found !== undefined && found.count !== name.count)) {
    throw new MpsyncError('STORAGE_FAILED', `inconsistent chunk entry ${portKey}`);
  }
  if (found === undefined) versions.set(name.seq, { keys: [portKey], count: name.count });
  else found.keys.push(portKey);
}

/**
 * The port keys of a live version.
 *
 * @example fragment
 * liveKeys(state, space, 'a', version); // ['mpsync:1:a~5']
 */
export function liveKeys(state: KvState, space: KvSpace, key: string, version: LiveVersion): string[] {
  return versionKeys(versionStem(state.prefix, space.id, key, version.seq), version.count);
}

/**
 * Reads a live version's JSON text, joining its chunks, and learns its size on the way.
 *
 * @example fragment
 * const json = readRecord(port, state, space, 'a', version);
 */
export function readRecord(port: KvPort, state: KvState, space: KvSpace, key: string, version: LiveVersion): string {
  let bytes = 0;
  let json = '';
  for (const portKey of liveKeys(state, space, key, version)) {
    const part = port.get(portKey);
    if (part === undefined) throw new MpsyncError('STORAGE_FAILED', `entry ${portKey} is missing`);
    bytes += kvEntryBytes(portKey, part);
    json += part;
  }
  if (version.bytes === undefined) {
    version.bytes = bytes;
    state.recordBytes += bytes;
    state.unmeasured--;
  }
  return json;
}

/**
 * Bytes the store uses now: head, live versions and garbage. Reads the values it has not sized
 * yet (the first commit after opening pays for the namespaces nobody loaded).
 *
 * @example fragment
 * if (usedBytes(port, state) + added > quotaBytes) throw quotaError();
 */
export function usedBytes(port: KvPort, state: KvState): number {
  if (state.unmeasured > 0) {
    for (const space of state.spaces.values()) {
      for (const [key, version] of space.records) if (version.bytes === undefined) readRecord(port, state, space, key, version);
    }
  }
  let garbage = 0;
  for (const item of state.garbage) garbage += item.bytes;
  return state.headBytes + state.recordBytes + garbage;
}
