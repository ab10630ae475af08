/** Wall-clock time in milliseconds since the epoch. Injected so tests control time. */
export type Now = () => number;

/** The real clock. */
export const systemNow: Now = () => Date.now();
