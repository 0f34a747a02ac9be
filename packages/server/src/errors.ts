// Contract errors as thrown values: one status per code, so every route answers the same way.
import type { ErrorBody, ErrorCode } from '@impersonate-kit/sdk';

/** The codes a server answers (the sdk's list minus the client-only ones). */
export type ServerErrorCode = Exclude<ErrorCode, 'network_error' | 'timeout' | 'invalid_response' | 'aborted'>;

/** The HTTP status the contract gives each code a server answers. */
export const STATUS_BY_CODE: Readonly<Record<ServerErrorCode, number>> = {
  unauthenticated: 401,
  forbidden: 403,
  self_impersonation: 403,
  already_impersonating: 409,
  target_is_admin: 403,
  target_protected_role: 403,
  target_not_found: 404,
  target_unavailable: 403,
  target_never_logged_in: 403,
  consent_required: 403,
  consent_expired: 403,
  invalid_reason: 422,
  step_up_required: 403,
  step_up_invalid: 403,
  invalid_duration: 422,
  no_active_session: 404,
  restart_not_allowed: 409,
  blocked_during_impersonation: 403,
  validation_failed: 422,
  rate_limited: 429,
  not_found: 404,
  idempotency_key_reused: 422,
  unsupported_media_type: 415,
  payload_too_large: 413,
  internal_error: 500,
};

/** The message each code answers with unless a route says more. */
export const DEFAULT_MESSAGES: Readonly<Record<ServerErrorCode, string>> = {
  unauthenticated: 'Sign in first.',
  forbidden: 'You do not have permission to do this.',
  self_impersonation: 'You cannot impersonate yourself.',
  already_impersonating: 'You cannot impersonate while an impersonation session is active.',
  target_is_admin: 'Admins cannot be impersonated.',
  target_protected_role: 'This user has a protected role and cannot be impersonated.',
  target_not_found: 'No such user.',
  target_unavailable: 'This user is suspended or deleted.',
  target_never_logged_in: 'This user has never signed in.',
  consent_required: 'This user has not consented to impersonation.',
  consent_expired: "This user's consent to impersonation has expired.",
  invalid_reason: 'The reason does not meet the policy.',
  step_up_required: 'Confirm with your second factor.',
  step_up_invalid: 'The confirmation code is wrong.',
  invalid_duration: 'The duration is not allowed.',
  no_active_session: 'No impersonation session is active.',
  restart_not_allowed: 'This session cannot be restarted.',
  blocked_during_impersonation: 'This action is not allowed while impersonating.',
  validation_failed: 'The request is malformed.',
  rate_limited: 'Too many sessions started; wait a minute.',
  not_found: 'Not found.',
  idempotency_key_reused: 'This Idempotency-Key was used with a different request.',
  unsupported_media_type: 'Send the body as application/json.',
  payload_too_large: 'The body is larger than 64 KiB.',
  internal_error: 'Something went wrong.',
};

/** A refusal the server answers with `{ error: { code, message, details? } }`. */
export class ApiError extends Error {
  readonly code: ServerErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: ServerErrorCode, message?: string, details?: Record<string, unknown>, headers?: Record<string, string>) {
    super(message ?? DEFAULT_MESSAGES[code]);
    this.name = 'ApiError';
    this.code = code;
    this.status = STATUS_BY_CODE[code];
    this.details = details;
    this.headers = headers;
  }
}

/** Throws the contract error `code`. */
export function fail(code: ServerErrorCode, message?: string, details?: Record<string, unknown>): never {
  throw new ApiError(code, message, details);
}

/** A JSON response with the server's security headers. */
export function jsonResponse(body: unknown, status = 200, headers?: Record<string, string>): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...headers },
  });
}

/** The response for an ApiError. */
export function errorResponse(error: ApiError): Response {
  const body: ErrorBody = { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } };
  return jsonResponse(body, error.status, error.headers);
}

/** The response for anything thrown: a contract error as itself, anything else as a bare 500 (logged, never shown). */
export function responseForThrown(error: unknown, log: (message: string, error: unknown) => void): Response {
  if (error instanceof ApiError) return errorResponse(error);
  log('[impersonate-kit/server] internal error', error);
  return errorResponse(new ApiError('internal_error'));
}
