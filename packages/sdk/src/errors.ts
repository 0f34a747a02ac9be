import type { ErrorCode } from './types';
import { ERROR_CODES } from './types';

/** A typed failure from the impersonation API or the client itself (network, time-out, malformed answer). */
export class ImpersonationError extends Error {
  /** The contract's error code, or a client-side one such as `network_error`. */
  declare readonly code: ErrorCode;
  /** The HTTP status; 0 when no answer arrived. */
  declare readonly status: number;
  /** Extra facts the server sent, such as the field that failed. */
  declare readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, status = 0, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    Object.assign(this, { name: 'ImpersonationError', code, status, details });
  }
}

/** True when `value` is an ImpersonationError (also across bundle copies). */
export function isImpersonationError(value: unknown): value is ImpersonationError {
  return (
    value instanceof ImpersonationError ||
    (value instanceof Error && value.name === 'ImpersonationError' && isErrorCode((value as { code?: unknown }).code))
  );
}

/** True when `value` is one of the known error codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return (ERROR_CODES as readonly unknown[]).includes(value);
}

/** Wraps anything thrown into an ImpersonationError, keeping the original as `cause`. */
export function toImpersonationError(error: unknown): ImpersonationError {
  return isImpersonationError(error)
    ? error
    : new ImpersonationError('internal_error', error instanceof Error ? error.message : String(error), 0, undefined, { cause: error });
}

/**
 * True when a request's answer was lost: it may have been acted on without us hearing it (no
 * answer, a time-out, a 5xx, a 2xx we could not read). Such a request is safe to send again only
 * with the same Idempotency-Key.
 */
export function isLostAnswer(error: ImpersonationError): boolean {
  const { code, status } = error;
  return code === 'network_error' || code === 'timeout' || status > 499 || (code === 'invalid_response' && status < 400);
}
