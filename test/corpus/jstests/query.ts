import type { CorpusCase } from '../types';
import { elemMatchCases } from './query-elemmatch';
import { existsNotCases } from './query-exists-not';
import { nullCases } from './query-null';
import { operatorCases } from './query-operators';

/** Cases transcribed from MongoDB's jstests; each names its source file. */
export const queryCases: CorpusCase[] = [...nullCases, ...existsNotCases, ...elemMatchCases, ...operatorCases];
