/** The 15 collection operations of the official SDK, by name. */
export const COLLECTION_OPS = [
  'aggregate', 'count', 'deleteMany', 'deleteOne', 'distinct', 'find', 'findOne', 'findOneAndDelete',
  'findOneAndReplace', 'findOneAndUpdate', 'insertMany', 'insertOne', 'replaceOne', 'updateMany', 'updateOne',
] as const;

/** One of {@link COLLECTION_OPS}. */
export type CollectionOp = (typeof COLLECTION_OPS)[number];
