import type { CorpusCase } from '../types';
import { aggregateCases } from './aggregate';
import { queryCases } from './query';
import { sortCases } from './sort';
import { updateCases } from './update';

/**
 * Cases transcribed from MongoDB's own test suite (the `jstests/` folder of the public
 * mongodb/mongo repository), so the corpus is not only what this project believes MongoDB does.
 * Every case names the jstest it comes from in `source`.
 */
export const JSTESTS_CASES: readonly CorpusCase[] = [...queryCases, ...sortCases, ...updateCases, ...aggregateCases];
