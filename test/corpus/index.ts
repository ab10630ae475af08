import type { CorpusCase } from './types';
import { commandCases } from './commands';
import { filterCases } from './filters';
import { hostileCases } from './hostile';
import { JSTESTS_CASES } from './jstests';
import { pipelineCases } from './pipelines';
import { updateCases } from './updates';

export type { CorpusCase, CorpusOp } from './types';

/** Every corpus case. Names are unique (checked by the runners). */
export const CORPUS: readonly CorpusCase[] = [...commandCases, ...filterCases, ...updateCases, ...pipelineCases, ...JSTESTS_CASES, ...hostileCases];
