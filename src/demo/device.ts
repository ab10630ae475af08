/**
 * Each tab of the demo is its own device: its own id, kept in `sessionStorage` so that it survives
 * a reload of that tab (and only of that tab), and its own IndexedDB database named after it.
 */
export interface Device {
  /** Short id shown on the page, e.g. `tab-3f9a`. */
  readonly name: string;
  /** The IndexedDB database of this tab's cache and queue. */
  readonly databaseName: string;
}

const DEVICE_KEY = 'mpsync-demo-device';

/** What the demo keeps per tab: `sessionStorage`, or a stand-in. */
export type TabStorage = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * This tab's device: the one remembered in `storage`, or a new one (also when `fresh`: the
 * remembered one is open in another tab, which happens when the browser duplicates a tab and its
 * `sessionStorage` with it).
 *
 * @example fragment
 * const device = tabDevice(sessionStorage); // { name: 'tab-3f9a', databaseName: 'mpsync-demo-tab-3f9a' }
 */
export function tabDevice(storage: TabStorage, fresh = false, random: () => number = Math.random): Device {
  let name = fresh ? null : storage.getItem(DEVICE_KEY);
  if (name === null || !/^tab-[0-9a-z]{4,12}$/.test(name)) {
    name = `tab-${Math.floor(random() * 36 ** 6)
      .toString(36)
      .padStart(6, '0')}`;
    storage.setItem(DEVICE_KEY, name);
  }
  return { name, databaseName: `mpsync-demo-${name}` };
}
