import type { Doc } from '../core/json';

/** A compiled MongoDB filter. */
export type Predicate = (doc: Doc) => boolean;
