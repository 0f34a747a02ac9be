// The contract's resources as small shape checks. Extra fields are allowed (the contract may be
// added to); missing or mistyped ones are named with their path.
import { isRecord } from './expect';
import { fail } from './outcome';

/** Checks one value; returns what is wrong with it, or null. */
export type Shape = (value: unknown, path: string) => string | null;

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** Any JSON value, even absent. */
export const anything: Shape = () => null;
/** A string. */
export const str: Shape = (v, p) => (typeof v === 'string' ? null : `${p} is not a string`);
/** A boolean. */
export const bool: Shape = (v, p) => (typeof v === 'boolean' ? null : `${p} is not a boolean`);
/** A whole number. */
export const int: Shape = (v, p) => (typeof v === 'number' && Number.isInteger(v) ? null : `${p} is not a whole number`);
/** An ISO-8601 UTC instant such as `2026-11-21T10:15:23.000Z`. */
export const iso: Shape = (v, p) => (typeof v === 'string' && ISO_UTC.test(v) && !Number.isNaN(Date.parse(v)) ? null : `${p} is not an ISO-8601 UTC time (saw ${JSON.stringify(v)})`);

/** One of these exact values. */
export function oneOf(...values: readonly (string | number | boolean)[]): Shape {
  return (v, p) => ((values as readonly unknown[]).includes(v) ? null : `${p} is ${JSON.stringify(v)}, not one of ${values.map((x) => JSON.stringify(x)).join(', ')}`);
}

/** The shape or null. */
export function nullable(shape: Shape): Shape {
  return (v, p) => (v === null ? null : shape(v, p));
}

/** An array whose every item has `shape`. */
export function arrayOf(shape: Shape): Shape {
  return (v, p) => {
    if (!Array.isArray(v)) return `${p} is not an array`;
    for (const [i, item] of v.entries()) {
      const problem = shape(item, `${p}[${i}]`);
      if (problem) return problem;
    }
    return null;
  };
}

/** An object with at least these fields. */
export function obj(fields: Record<string, Shape>): Shape {
  return (v, p) => {
    if (!isRecord(v)) return `${p} is not an object`;
    for (const [key, shape] of Object.entries(fields)) {
      if (!(key in v) && shape !== anything) return `${p}.${key} is missing`;
      const problem = shape(v[key], `${p}.${key}`);
      if (problem) return problem;
    }
    return null;
  };
}

/** Both shapes. */
export function both(a: Shape, b: Shape): Shape {
  return (v, p) => a(v, p) ?? b(v, p);
}

/** The contract's end reasons. */
export const END_REASONS = ['ended', 'expired', 'idle_timeout', 'consent_revoked', 'target_unavailable', 'logged_out'] as const;
/** The contract's audit event types. */
export const EVENT_TYPES = ['impersonation.started', 'impersonation.ended', 'impersonation.action', 'consent.granted', 'consent.revoked', 'consent.expired'] as const;

/** `UserRef`. */
export const userRef = obj({ id: str, name: str, email: str });
/** `UserSummary`. */
export const userSummary = obj({ id: str, name: str, email: str, roles: arrayOf(str), status: oneOf('active', 'suspended', 'deleted'), lastLoginAt: nullable(iso) });

const sessionFields = obj({
  id: both(str, (v, p) => (typeof v === 'string' && v.startsWith('imp_') ? null : `${p} does not start with "imp_"`)),
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
  endReason: nullable(oneOf(...END_REASONS)),
  restartOf: nullable(str),
});

/** `Session`, with its status agreeing with `endedAt` and `endReason`. */
export const session: Shape = (v, p) =>
  sessionFields(v, p) ??
  (() => {
    const s = v as { status: string; endedAt: unknown; endReason: unknown };
    const ended = s.endedAt !== null && s.endReason !== null;
    const open = s.endedAt === null && s.endReason === null;
    if (s.status === 'active' && !open) return `${p} is active but has endedAt/endReason`;
    if (s.status === 'ended' && !ended) return `${p} is ended but lacks endedAt or endReason`;
    return null;
  })();

/** `Policy`. */
export const policy = obj({
  preset: oneOf('account-admin', 'enterprise', 'consent', 'custom'),
  permission: oneOf('impersonate:users'),
  canImpersonateAdmins: bool,
  protectedRoles: arrayOf(str),
  requirePriorLogin: bool,
  reason: obj({ required: bool, minLength: int, maxLength: int, categories: arrayOf(str) }),
  stepUp: obj({ required: bool }),
  consent: obj({ required: bool, minHours: oneOf(1), maxHours: oneOf(168), presetHours: arrayOf(int) }),
  session: obj({ maxDurationSeconds: nullable(int), idleTimeoutSeconds: nullable(int), restartAllowed: bool, restartWindowSeconds: int }),
  blockedActions: arrayOf(str),
});

/** `Viewer`. */
export const viewer = obj({ user: userSummary, permissions: arrayOf(str), session: nullable(session), serverTime: iso });
/** `Eligibility`. */
export const eligibility = obj({ userId: str, allowed: bool, denials: arrayOf(str), consentExpiresAt: nullable(iso) });
/** `Consent`. */
export const consent = obj({ status: oneOf('active', 'inactive'), grantedAt: nullable(iso), expiresAt: nullable(iso), durationHours: nullable(int) });
/** `AuditEvent`. */
export const auditEvent = obj({
  id: str,
  at: iso,
  type: oneOf(...EVENT_TYPES),
  sessionId: nullable(str),
  actor: userRef,
  impersonator: nullable(userRef),
  impersonated: nullable(userRef),
  reason: nullable(str),
  request: nullable(obj({ method: str, path: str, status: int, body: anything })),
  endReason: nullable(oneOf(...END_REASONS)),
});

/** A page of `item`: `{ items, nextCursor }`. */
export function page(item: Shape): Shape {
  return obj({ items: arrayOf(item), nextCursor: nullable(str) });
}

/** `{ session, serverTime }`. */
export const sessionAnswer = obj({ session, serverTime: iso });
/** `{ consent, serverTime }`. */
export const consentAnswer = obj({ consent, serverTime: iso });

/** Fails the case when `value` does not have `shape`; `where` names the answer ("GET /viewer as u_owner"). */
export function expectShape<T>(where: string, value: unknown, shape: Shape, name = 'answer'): T {
  const problem = shape(value, name);
  if (problem) fail(`${where}: ${problem}`);
  return value as T;
}
