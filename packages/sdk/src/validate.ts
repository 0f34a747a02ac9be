// Runtime checks for every answer of the contract, built from a few combinators so the sdk stays
// dependency-free. Each validator returns a fresh object holding only the contract's fields (extra
// fields a newer server sends are ignored, never copied), or throws `invalid_response` naming the
// wrong field in `details.path`. A nullable field that is missing reads as null: some serialisers
// drop nulls, and null is exactly what they meant. A required field that is missing is an error.
import { ImpersonationError, isErrorCode } from './errors';
import type {
  AuditEvent,
  Consent,
  ConsentResponse,
  Eligibility,
  EndReason,
  ErrorBody,
  ErrorCode,
  Page,
  Policy,
  Session,
  SessionResponse,
  UserRef,
  UserSummary,
  Viewer,
} from './types';
import { AUDIT_EVENT_TYPES } from './types';

/** A validator: the value to check, the HTTP status it came with, and where it sits in the answer (for the message). */
export type Validator<T> = (value: unknown, status?: number, path?: string) => T;

type Reader<T> = (value: unknown, path: string, status: number) => T;

function fail(path: string, expected: string, value: unknown, status: number): never {
  const got = value !== null && typeof value === 'object' ? (Array.isArray(value) ? 'array' : 'object') : String(value);
  throw new ImpersonationError('invalid_response', `Malformed ${path}: expected ${expected}, got ${got}`, status, { path });
}

/** A leaf reader: the value as it is when `ok` says so. */
function check<T>(ok: (value: unknown) => boolean, expected: string): Reader<T> {
  return (value, path, status) => (ok(value) ? (value as T) : fail(path, expected, value, status));
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// The contract's times are ISO-8601 UTC; an offset is tolerated, a time without any zone is not
// (it would be read as local time and move expiry by the viewer's time zone).
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

const str = check<string>(isString, 'string');
const id = check<string>((value) => isString(value) && value !== '', 'non-empty string');
const bool = check<boolean>((value) => typeof value === 'boolean', 'boolean');
const count = check<number>((value) => Number.isSafeInteger(value) && (value as number) >= 0, 'whole number >= 0');
const httpStatus = check<number>((value) => Number.isInteger(value) && (value as number) >= 100 && (value as number) < 600, 'HTTP status');
const iso = check<string>((value) => isString(value) && ISO_TIME.test(value) && !Number.isNaN(Date.parse(value)), 'ISO time');
const errorCode = check<ErrorCode>(isErrorCode, 'error code');
const record = check<Record<string, unknown>>(isRecord, 'object');
const anything: Reader<unknown> = (value) => (value === undefined ? null : value);

/** The contract's restart window when a server (an older one) does not say: 600 s. */
export const DEFAULT_RESTART_WINDOW_SECONDS = 600;

function withDefault<T>(read: Reader<T>, fallback: T): Reader<T> {
  return (value, path, status) => (value == null ? fallback : read(value, path, status));
}

function oneOf<T extends string>(...values: readonly T[]): Reader<T> {
  return check((value) => values.includes(value as T), values.join('|'));
}

function nullable<T>(read: Reader<T>): Reader<T | null> {
  return (value, path, status) => (value == null ? null : read(value, path, status));
}

function arr<T>(read: Reader<T>): Reader<T[]> {
  return (value, path, status) =>
    Array.isArray(value) ? value.map((item, index) => read(item, `${path}[${index}]`, status)) : fail(path, 'array', value, status);
}

// One reader per field, optional fields included (their reader may answer undefined).
type FieldReaders<T> = { [K in keyof T]-?: Reader<object extends Pick<T, K> ? T[K] | undefined : T[K]> };

function obj<T extends object>(fields: FieldReaders<T>): Reader<T> {
  return (value, path, status) => {
    const input = record(value, path, status);
    const out: Record<string, unknown> = {};
    for (const key in fields) {
      // Own keys only: a field named like an Object.prototype member must not read the inherited one.
      const result = fields[key](Object.hasOwn(input, key) ? input[key] : undefined, `${path}.${key}`, status);
      // Optional fields that are absent stay absent rather than becoming `key: undefined`.
      if (result !== undefined) out[key] = result;
    }
    return out as T;
  };
}

function validator<T>(read: Reader<T>, root: string): Validator<T> {
  return (value, status = 0, path = root) => read(value, path, status);
}

const endReason = oneOf<EndReason>('ended', 'expired', 'idle_timeout', 'consent_revoked', 'target_unavailable', 'logged_out');

const userRef = obj<UserRef>({ id, name: str, email: str });

const userSummary = obj<UserSummary>({
  id,
  name: str,
  email: str,
  roles: arr(str),
  status: oneOf('active', 'suspended', 'deleted'),
  lastLoginAt: nullable(iso),
});

const policy = obj<Policy>({
  preset: oneOf('account-admin', 'enterprise', 'consent', 'custom'),
  permission: oneOf('impersonate:users'),
  canImpersonateAdmins: bool,
  protectedRoles: arr(str),
  requirePriorLogin: bool,
  reason: obj({ required: bool, minLength: count, maxLength: count, categories: arr(str) }),
  stepUp: obj({ required: bool }),
  consent: obj({ required: bool, minHours: count, maxHours: count, presetHours: arr(count) }),
  session: obj({
    maxDurationSeconds: nullable(count),
    idleTimeoutSeconds: nullable(count),
    restartAllowed: bool,
    restartWindowSeconds: withDefault(count, DEFAULT_RESTART_WINDOW_SECONDS),
  }),
  blockedActions: arr(str),
});

const session = obj<Session>({
  id,
  status: oneOf('active', 'ended'),
  impersonator: userRef,
  target: userRef,
  reason: nullable(str),
  reasonCategory: nullable(str),
  startedAt: iso,
  lastActivityAt: iso,
  expiresAt: iso,
  expiresBecause: oneOf('max_duration', 'idle', 'consent'),
  endedAt: nullable(iso),
  endReason: nullable(endReason),
  restartOf: nullable(str),
});

const eligibility = obj<Eligibility>({ userId: id, allowed: bool, denials: arr(errorCode), consentExpiresAt: nullable(iso) });

const consent = obj<Consent>({
  status: oneOf('active', 'inactive'),
  grantedAt: nullable(iso),
  expiresAt: nullable(iso),
  durationHours: nullable(count),
});

const auditEvent = obj<AuditEvent>({
  id,
  at: iso,
  type: oneOf(...AUDIT_EVENT_TYPES),
  sessionId: nullable(str),
  actor: userRef,
  impersonator: nullable(userRef),
  impersonated: nullable(userRef),
  reason: nullable(str),
  request: nullable(obj({ method: str, path: str, status: httpStatus, body: anything })),
  endReason: nullable(endReason),
});

const pageOf = <T>(item: Reader<T>) => obj<Page<T>>({ items: arr(item), nextCursor: nullable(str) });

/** Checks a `UserRef` ({ id, name, email }). */
export const parseUserRef: Validator<UserRef> = /* @__PURE__ */ validator(userRef, 'user');
/** Checks a `UserSummary` (a user with roles, status and last login). */
export const parseUserSummary: Validator<UserSummary> = /* @__PURE__ */ validator(userSummary, 'user');
/** Checks the `Policy` of `GET /policy`. */
export const parsePolicy: Validator<Policy> = /* @__PURE__ */ validator(policy, 'policy');
/** Checks the `Viewer` of `GET /viewer`. */
export const parseViewer: Validator<Viewer> = /* @__PURE__ */ validator(
  obj<Viewer>({ user: userSummary, permissions: arr(str), session: nullable(session), serverTime: iso }),
  'viewer',
);
/** Checks one `Session`. */
export const parseSession: Validator<Session> = /* @__PURE__ */ validator(session, 'session');
/** Checks one `Eligibility`. */
export const parseEligibility: Validator<Eligibility> = /* @__PURE__ */ validator(eligibility, 'eligibility');
/** Checks one `Consent`. */
export const parseConsent: Validator<Consent> = /* @__PURE__ */ validator(consent, 'consent');
/** Checks one `AuditEvent`. */
export const parseAuditEvent: Validator<AuditEvent> = /* @__PURE__ */ validator(auditEvent, 'event');
/** Checks a `{ session, serverTime }` answer. */
export const parseSessionResponse: Validator<SessionResponse> = /* @__PURE__ */ validator(obj<SessionResponse>({ session, serverTime: iso }), 'response');
/** Checks a `{ consent, serverTime }` answer. */
export const parseConsentResponse: Validator<ConsentResponse> = /* @__PURE__ */ validator(obj<ConsentResponse>({ consent, serverTime: iso }), 'response');
/** Checks the `{ items: Eligibility[] }` answer of `GET /eligibility`. */
export const parseEligibilityResponse: Validator<{ items: Eligibility[] }> = /* @__PURE__ */ validator(obj({ items: arr(eligibility) }), 'response');
/** Checks a page of sessions (`GET /sessions`). */
export const parseSessionPage: Validator<Page<Session>> = /* @__PURE__ */ validator(pageOf(session), 'page');
/** Checks a page of audit events (`GET /sessions/{id}/events`, `GET /audit`). */
export const parseAuditEventPage: Validator<Page<AuditEvent>> = /* @__PURE__ */ validator(pageOf(auditEvent), 'page');
/** Checks the contract's error body `{ error: { code, message, details? } }`; absent or null details stay absent. */
export const parseErrorBody: Validator<ErrorBody> = /* @__PURE__ */ validator(
  obj<ErrorBody>({
    error: obj<ErrorBody['error']>({ code: errorCode, message: str, details: (value, path, status) => (value == null ? undefined : record(value, path, status)) }),
  }),
  'body',
);

/** Checks a `Page<T>` whose items `parseItem` checks. */
export function parsePage<T>(value: unknown, parseItem: Validator<T>, status = 0, path = 'page'): Page<T> {
  return pageOf<T>((item, itemPath, itemStatus) => parseItem(item, itemStatus, itemPath))(value, path, status);
}
