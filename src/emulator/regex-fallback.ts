import { setFlagsFromString } from 'node:v8';

let enabled = false;

/**
 * Makes V8 finish a regular expression that backtracks excessively (`^(a+)+$` on `aaaa…a!`) with
 * its linear-time engine instead of running for seconds or hours: a `$regex` in one request then
 * cannot hold the emulator. Applies to the whole process, once. Patterns the linear engine cannot
 * run (backreferences, lookarounds) still backtrack; the per-command time limit does not stop a
 * single match, so such patterns remain the one way to make one command slow.
 *
 * @example
 * enableRegexBacktrackFallback();
 * /^(a+)+$/.test(`${'a'.repeat(27)}!`); // false, in milliseconds instead of seconds
 */
export function enableRegexBacktrackFallback(): void {
  if (enabled) return;
  enabled = true;
  setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
}
