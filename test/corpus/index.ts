import type { CorpusCase } from './types';
import { commandCases } from './commands';

export type { CorpusCase, CorpusOp } from './types';

/** Every corpus case. Names are unique (checked by the runners). */
export const CORPUS: readonly CorpusCase[] = [...commandCases];
