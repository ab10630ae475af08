export {
  createEmulator,
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_FUNCTION_TIMEOUT_MS,
  DEFAULT_PORT,
  DEFAULT_SPACE_ID,
  DEFAULT_TIMESTAMP_WINDOW_SECONDS,
} from './create-emulator';
export type { Emulator, EmulatorOptions } from './create-emulator';
export { createInProcessEmulator, IN_PROCESS_ENDPOINT } from './in-process';
export type { ClientExchange, ClientRequest, InProcessEmulator } from './in-process';
export type { Faults } from './http/faults';
export { GatewayErrorCode } from './errors';
export type { EmulatorErrorCode } from './errors';
export { DbErrorCode } from '../core/db-error';
export type { CloudFunction, FunctionContext, ServerCollection, ServerDb } from './functions/function-runner';
export type { HoldMatch, WriteHold } from './db/write-holds';
export { OpenApiErrorCode } from './openapi/openapi-error';
