import { describe, expect, it } from 'vitest';
import { CodedError } from '../../src/core/coded-error';
import { DbError, DbErrorCode } from '../../src/core/db-error';
import { EmulatorError, errorBody, GatewayErrorCode } from '../../src/emulator/errors';

describe('the error shape the client and the emulator share', () => {
  it('serialises a DbError and an EmulatorError to the same { code, message } wire form', () => {
    const db = new DbError(DbErrorCode.DuplicateKey, 'E11000 duplicate key error: _id "a"');
    const gateway = new EmulatorError(GatewayErrorCode.InvalidSpace, 'no such space');
    expect(JSON.parse(JSON.stringify(db))).toEqual({ code: 'DuplicateKey', message: 'E11000 duplicate key error: _id "a"' });
    expect(JSON.parse(JSON.stringify(gateway))).toEqual({ code: 'InvalidSpace', message: 'no such space' });
    expect([db, gateway].every((e) => e instanceof CodedError)).toBe(true);
    expect([db.name, gateway.name]).toEqual(['DbError', 'EmulatorError']);
  });

  it('answers a failed request with the error body of either, and InternalError for anything else', () => {
    expect(errorBody(new DbError(DbErrorCode.InvalidParameter, 'bad'))).toEqual({ code: 'InvalidParameter', message: 'bad' });
    expect(errorBody(new EmulatorError(GatewayErrorCode.MethodNotFound, 'none'))).toEqual({ code: 'MethodNotFound', message: 'none' });
    expect(errorBody(new TypeError('boom'))).toEqual({ code: 'InternalError', message: 'boom' });
  });
});
