import type { CorpusCase } from '../types';
import { elemMatchCases } from './query-elemmatch';
import { existsNotCases } from './query-exists-not';
import { nullCases } from './query-null';

/** Cases transcribed from MongoDB's jstests; each names its source file. */
export const queryCases: CorpusCase[] = [...nullCases, ...existsNotCases, ...elemMatchCases];
