import type { JsonValue } from '../../core/json';
import { EmulatorError, GatewayErrorCode } from '../errors';

/**
 * A cloud function's return value as it travels: JSON (Dates become ISO strings), or `undefined`
 * for no data. A value JSON cannot carry (circular, a BigInt) fails the call with
 * `FunctionExecutionFailed` rather than an internal error.
 *
 * @example
 * functionAnswer('hello', { at: new Date(0) }); // { at: '1970-01-01T00:00:00.000Z' }
 */
export function functionAnswer(name: unknown, result: unknown): JsonValue | undefined {
  let text: string | undefined;
  try {
    text = JSON.stringify(result);
  } catch (error) {
    throw new EmulatorError(
      GatewayErrorCode.FunctionExecutionFailed,
      `function ${String(name)} returned a value that cannot travel as JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  // undefined, a function or a symbol: no data.
  return text === undefined ? undefined : (JSON.parse(text) as JsonValue);
}
