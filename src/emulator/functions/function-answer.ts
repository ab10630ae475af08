import type { JsonValue } from '../../core/json';
import { EmulatorError, GatewayErrorCode } from '../errors';

/**
 * A cloud function's return value as it travels: JSON (Dates become ISO strings), or `undefined`
 * for no data. A value JSON cannot carry (circular, a BigInt) fails the call with
 * `FunctionExecutionFailed` rather than an internal error.
 */
export function functionAnswer(name: unknown, result: unknown): JsonValue | undefined {
  let text: string | undefined;
  try {
    text = JSON.stringify(result);
  } catch (error) {
    throw new EmulatorError(GatewayErrorCode.FunctionExecutionFailed, `function ${String(name)} returned a value that cannot travel as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  // undefined, a function or a symbol: no data.
  return text === undefined ? undefined : (JSON.parse(text) as JsonValue);
}
