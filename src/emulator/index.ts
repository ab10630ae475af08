export { createEmulator, DEFAULT_CLIENT_SECRET, DEFAULT_PORT, DEFAULT_SPACE_ID } from './create-emulator';
export type { Emulator, EmulatorOptions } from './create-emulator';
export type { Faults } from './http/faults';
export { GatewayErrorCode } from './errors';
export type { EmulatorErrorCode } from './errors';
export { DbErrorCode } from '../core/db-error';
export type { CloudFunction, FunctionContext, ServerCollection, ServerDb } from './functions/function-runner';
export type { HoldMatch, WriteHold } from './db/write-holds';
