import { describe } from 'vitest';
import { HARNESSES } from './harnesses';
import { platformContract } from './platform.contract';

describe.each(HARNESSES.map((harness) => [harness.name, harness] as const))('the %s platform over its stand-in', (_name, harness) => {
  platformContract(harness);
});
