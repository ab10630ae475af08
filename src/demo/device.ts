/**
 * The demo's device is the browser profile: one id, kept in `localStorage`, and one IndexedDB
 * database that every tab of the demo shares (mpsync's `web()` lets one tab hold it and the others
 * go through that tab).
 */
export interface Device {
  /** Short id shown on the page, e.g. `device-3f9a2c`. */
  readonly name: string;
  /** The IndexedDB database of the device's cache and queue. */
  readonly databaseName: string;
}

const DEVICE_KEY = 'mpsync-demo-device';

/** The database every tab of the demo shares. */
export const DEMO_DATABASE = 'mpsync-demo';

/**
 * The databases of earlier versions of the demo, which made one device per tab (`mpsync-demo-tab-…`,
 * named in that tab's `sessionStorage`): nobody opens them again, so the demo pushes what waits in
 * them and deletes them (`leftovers.ts`).
 */
export const TAB_DATABASE = /^mpsync-demo-tab-[0-9a-z]{4,12}$/;

/** Where the demo keeps the device's id: `localStorage`, or a stand-in. */
export type ProfileStorage = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * This browser profile's device: the one remembered in `storage`, or a new one.
 *
 * @example
 * const kept = new Map<string, string>();
 * const storage = { getItem: (key: string) => kept.get(key) ?? null, setItem: (key: string, value: string) => void kept.set(key, value) };
 * profileDevice(storage, () => 0.5); // { name: 'device-i00000', databaseName: 'mpsync-demo' }
 * profileDevice(storage).name; // 'device-i00000'
 */
export function profileDevice(storage: ProfileStorage, random: () => number = Math.random): Device {
  let name = storage.getItem(DEVICE_KEY);
  if (name === null || !/^device-[0-9a-z]{4,12}$/.test(name)) {
    name = `device-${Math.floor(random() * 36 ** 6)
      .toString(36)
      .padStart(6, '0')}`;
    storage.setItem(DEVICE_KEY, name);
  }
  return { name, databaseName: DEMO_DATABASE };
}
