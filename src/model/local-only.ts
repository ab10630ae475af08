/**
 * Rows of mpsync's own bookkeeping that share the document collection with the app's cached
 * documents (so that they commit in the same storage transaction as a write) but never leave the
 * device. Their collection names start with `$`, which an app's collection name cannot
 * (`checkOptions` refuses it), so they can never meet an app's documents.
 */
export const RECEIPTS_COLLECTION = '$receipts';

/**
 * Whether the rows of `coll` stay on the device: the replication neither pushes nor pulls them.
 *
 * @example
 * isLocalOnly('$receipts'); // true
 * isLocalOnly('todos');     // false
 */
export function isLocalOnly(coll: string): boolean {
  return coll.startsWith('$');
}
