import { describe, expect, it } from 'vitest';
import { ImpersonationError, isErrorCode, isImpersonationError, toImpersonationError } from '../errors';
import { ERROR_CODES } from '../types';

describe('ImpersonationError', () => {
  it('carries code, message, status, details and cause', () => {
    const cause = new Error('root');
    const error = new ImpersonationError('invalid_reason', 'Too short', 422, { minLength: 10 }, { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'ImpersonationError', code: 'invalid_reason', message: 'Too short', status: 422, details: { minLength: 10 } });
    expect(error.cause).toBe(cause);
  });

  it('defaults to status 0 (no answer) and no details', () => {
    const error = new ImpersonationError('network_error', 'Offline');
    expect(error.status).toBe(0);
    expect(error.details).toBeUndefined();
  });
});

describe('isImpersonationError', () => {
  it('recognises its own instances', () => {
    expect(isImpersonationError(new ImpersonationError('timeout', 'slow'))).toBe(true);
  });

  it('recognises one from another copy of the bundle by name and code', () => {
    const foreign = Object.assign(new Error('x'), { name: 'ImpersonationError', code: 'forbidden', status: 403 });
    expect(isImpersonationError(foreign)).toBe(true);
  });

  it('refuses look-alikes without a known code, and non-errors', () => {
    expect(isImpersonationError(Object.assign(new Error('x'), { name: 'ImpersonationError', code: 'nope' }))).toBe(false);
    expect(isImpersonationError(new Error('plain'))).toBe(false);
    expect(isImpersonationError({ name: 'ImpersonationError', code: 'forbidden' })).toBe(false);
    expect(isImpersonationError(null)).toBe(false);
  });
});

describe('isErrorCode', () => {
  it('accepts every listed code and nothing else', () => {
    for (const code of ERROR_CODES) expect(isErrorCode(code)).toBe(true);
    expect(isErrorCode('FORBIDDEN')).toBe(false);
    expect(isErrorCode('')).toBe(false);
    expect(isErrorCode(403)).toBe(false);
    expect(isErrorCode(undefined)).toBe(false);
  });
});

describe('toImpersonationError', () => {
  it('returns an ImpersonationError as it is', () => {
    const error = new ImpersonationError('aborted', 'Cancelled');
    expect(toImpersonationError(error)).toBe(error);
  });

  it('wraps any other error as internal_error, keeping message and cause', () => {
    const cause = new TypeError('x is undefined');
    expect(toImpersonationError(cause)).toMatchObject({ code: 'internal_error', message: 'x is undefined', status: 0, cause });
  });

  it('wraps thrown non-errors too', () => {
    expect(toImpersonationError('just a string')).toMatchObject({ code: 'internal_error', message: 'just a string', cause: 'just a string' });
  });
});
