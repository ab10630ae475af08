import type { CorpusCase } from '../types';

/** Cases transcribed from MongoDB's jstests; each names its source file. */
export const queryCases: CorpusCase[] = [];
