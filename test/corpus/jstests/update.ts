import type { CorpusCase } from '../types';
import { arrayFilterCases } from './update-array-filters';
import { arrayUpdateCases } from './update-arrays';
import { fieldUpdateCases } from './update-fields';
import { pathUpdateCases } from './update-paths';
import { renameCases } from './update-rename';
import { upsertCases } from './upsert';

/** Cases transcribed from MongoDB's jstests; each names its source file. */
export const updateCases: CorpusCase[] = [...renameCases, ...arrayUpdateCases, ...arrayFilterCases, ...fieldUpdateCases, ...pathUpdateCases, ...upsertCases];
