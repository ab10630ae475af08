import type { CorpusCase } from '../types';
import { nullCases } from './query-null';

/** Cases transcribed from MongoDB's jstests; each names its source file. */
export const queryCases: CorpusCase[] = [...nullCases];
