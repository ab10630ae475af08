import type { CorpusCase } from '../types';
import { countCases } from './query-count';
import { distinctCases } from './query-distinct';
import { elemMatchCases } from './query-elemmatch';
import { existsNotCases } from './query-exists-not';
import { findAndModifyCases } from './query-find-and-modify';
import { logicalCases } from './query-logical';
import { nullCases } from './query-null';
import { operatorCases } from './query-operators';
import { pathCases } from './query-paths';
import { positionalCases } from './query-positional';
import { projectionCases } from './query-projection';

/** Cases transcribed from MongoDB's jstests; each names its source file. */
export const queryCases: CorpusCase[] = [
  ...nullCases,
  ...existsNotCases,
  ...elemMatchCases,
  ...operatorCases,
  ...findAndModifyCases,
  ...distinctCases,
  ...pathCases,
  ...positionalCases,
  ...projectionCases,
  ...countCases,
  ...logicalCases,
];
