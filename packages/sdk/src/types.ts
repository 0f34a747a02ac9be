// The contract's resources (shared/design/contract.md), as TypeScript types.
// The sdk, the mock backend and the React components all speak these.

/** Every error code the contract names, plus the client-side ones. */
export const ERROR_CODES = [
  'unauthenticated',
  'forbidden',
  'self_impersonation',
  'already_impersonating',
  'target_is_admin',
  'target_protected_role',
  'target_not_found',
  'target_unavailable',
  'target_never_logged_in',
  'consent_required',
  'consent_expired',
  'invalid_reason',
  'step_up_required',
  'step_up_invalid',
  'invalid_duration',
  'no_active_session',
  'restart_not_allowed',
  'blocked_during_impersonation',
  'validation_failed',
  'rate_limited',
  'not_found',
  'idempotency_key_reused',
  'unsupported_media_type',
  'payload_too_large',
  'internal_error',
  // Raised by the client, never by a server:
  'network_error',
  'timeout',
  'invalid_response',
  'aborted',
] as const;

/** A contract error code (or a client-side one such as `network_error`). */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Denial codes that eligibility can report for a target. */
export type DenialCode = Extract<
  ErrorCode,
  | 'forbidden'
  | 'self_impersonation'
  | 'already_impersonating'
  | 'target_is_admin'
  | 'target_protected_role'
  | 'target_not_found'
  | 'target_unavailable'
  | 'target_never_logged_in'
  | 'consent_required'
  | 'consent_expired'
>;

/** The smallest reference to a user. */
export interface UserRef {
  id: string;
  name: string;
  email: string;
}

/** Account status of a user. */
export type UserStatus = 'active' | 'suspended' | 'deleted';

/** A user with roles, status and last login. */
export interface UserSummary extends UserRef {
  roles: string[];
  status: UserStatus;
  lastLoginAt: string | null;
}

/** Policy presets, one per seed, plus a product's own. */
export type PolicyPreset = 'account-admin' | 'enterprise' | 'consent' | 'custom';

/** The impersonation policy in force for the account. */
export interface Policy {
  preset: PolicyPreset;
  permission: 'impersonate:users';
  canImpersonateAdmins: boolean;
  protectedRoles: string[];
  requirePriorLogin: boolean;
  reason: { required: boolean; minLength: number; maxLength: number; categories: string[] };
  stepUp: { required: boolean };
  consent: { required: boolean; minHours: number; maxHours: number; presetHours: number[] };
  /** `restartWindowSeconds`: how long after an end Restart is offered (the contract's default: 600). */
  session: { maxDurationSeconds: number | null; idleTimeoutSeconds: number | null; restartAllowed: boolean; restartWindowSeconds: number };
  blockedActions: string[];
}

/** Why a session ended. */
export type EndReason =
  | 'ended'
  | 'expired'
  | 'idle_timeout'
  | 'consent_revoked'
  | 'target_unavailable'
  | 'logged_out';

/** Which limit sets a session's `expiresAt`. */
export type ExpiresBecause = 'max_duration' | 'idle' | 'consent';

/** One impersonation session, active or ended. */
export interface Session {
  id: string;
  status: 'active' | 'ended';
  impersonator: UserRef;
  target: UserRef;
  reason: string | null;
  reasonCategory: string | null;
  startedAt: string;
  lastActivityAt: string;
  expiresAt: string;
  expiresBecause: ExpiresBecause;
  endedAt: string | null;
  endReason: EndReason | null;
  restartOf: string | null;
}

/** Who is calling, and the session they run, if any. */
export interface Viewer {
  user: UserSummary;
  permissions: string[];
  session: Session | null;
  serverTime: string;
}

/** Whether the viewer may impersonate one user, and why not. */
export interface Eligibility {
  userId: string;
  allowed: boolean;
  denials: ErrorCode[];
  consentExpiresAt: string | null;
}

/** A user's consent to be impersonated. */
export interface Consent {
  status: 'active' | 'inactive';
  grantedAt: string | null;
  expiresAt: string | null;
  durationHours: number | null;
}

/** Audit event types. */
export const AUDIT_EVENT_TYPES = [
  'impersonation.started',
  'impersonation.ended',
  'impersonation.action',
  'consent.granted',
  'consent.revoked',
  'consent.expired',
] as const;

/** One audit event type. */
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** A request recorded during impersonation; `body` is already redacted. */
export interface AuditRequest {
  method: string;
  path: string;
  status: number;
  body: unknown;
}

/** One entry of the audit trail. */
export interface AuditEvent {
  id: string;
  at: string;
  type: AuditEventType;
  sessionId: string | null;
  actor: UserRef;
  impersonator: UserRef | null;
  impersonated: UserRef | null;
  reason: string | null;
  request: AuditRequest | null;
  endReason: EndReason | null;
}

/** A cursor page of a list, newest first. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The error body every failing response carries. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
}

/** What `POST /sessions` takes. */
export interface StartSessionInput {
  targetUserId: string;
  reason?: string;
  reasonCategory?: string;
  stepUpCode?: string;
}

/** What `POST /sessions/{id}/restart` takes: the second factor, where the policy asks for one. */
export interface RestartSessionInput {
  stepUpCode?: string;
}

/** Which side of sessions to list. */
export type SessionRole = 'impersonator' | 'impersonated';

/** Query for `GET /sessions`. */
export interface ListSessionsQuery {
  role: SessionRole;
  cursor?: string;
  limit?: number;
}

/** Query for the audit trail: one session's events or the account's. */
export interface ListEventsQuery {
  sessionId?: string;
  type?: AuditEventType;
  userId?: string;
  cursor?: string;
  limit?: number;
}

/** A session together with the server's clock at the time of the answer. */
export interface SessionResponse {
  session: Session;
  serverTime: string;
}

/** A consent together with the server's clock at the time of the answer. */
export interface ConsentResponse {
  consent: Consent;
  serverTime: string;
}

/** The blocked action keys the contract names; a product can add its own. */
export const BLOCKED_ACTION_KEYS = [
  'api_keys.manage',
  'accounts.list',
  'accounts.switch',
  'accounts.set_default',
  'auth.sign_out',
  'auth.password_reset',
  'auth.two_factor',
  'security.public_access',
  'security.ip_allowlist',
  'billing.manage',
  'team.settings',
  'profile.self',
] as const;

/** One of the contract's blocked action keys. */
export type BlockedActionKey = (typeof BLOCKED_ACTION_KEYS)[number];

/** The permission that lets a user impersonate. */
export const IMPERSONATE_PERMISSION = 'impersonate:users';
