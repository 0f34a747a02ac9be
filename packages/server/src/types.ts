// The server's own shapes: what it stores, whom it asks (the host's auth and directory), what it tells hooks.
import type { AuditEvent, Consent, Policy, Session, UserSummary } from '@impersonate-kit/sdk';

/** A policy as a host hands it in: the contract's Policy, its restart window optional (default 600 s). */
export type PolicyInput = Omit<Policy, 'session'> & { session: Omit<Policy['session'], 'restartWindowSeconds'> & { restartWindowSeconds?: number } };

/** The built-in policy presets, one per seed. */
export type PresetName = 'account-admin' | 'enterprise' | 'consent';

/** A stored session: the contract's shape plus the id of the session that restarted it. */
export interface SessionRecord extends Session {
  /** Set once the session was restarted: a session restarts at most once. */
  restartedBy: string | null;
}

/** A user's stored consent; `lapsed` once its time ran out (and `consent.expired` was written). */
export interface ConsentRecord {
  status: 'active' | 'revoked' | 'lapsed';
  grantedAt: string;
  expiresAt: string;
  durationHours: number;
}

/** One remembered `Idempotency-Key` of one viewer: the session it made and the fingerprint of the body that made it. */
export interface IdempotencyRecord {
  sessionId: string;
  fingerprint: string;
  /** When the key was first used, epoch ms. */
  at: number;
}

/** Who a request comes from, as the host's own auth says. */
export interface Authentication {
  /** The REAL user behind the credential. */
  userId: string;
  /** A browser session, or an API token (never impersonated). */
  via: 'session' | 'token';
  /** Set when the credential is itself an impersonated one (an actor token); refused by the whole contract API. */
  impersonatedBy?: string;
}

/** The host's user directory: users live in the host app, not in the store. */
export interface UsersDirectory {
  get(id: string): Promise<UserSummary | null>;
  /** Optional batch read, same order as `ids`. */
  getMany?(ids: readonly string[]): Promise<(UserSummary | null)[]>;
}

/** Who acts in a host API call: the real user, the effective one (the target while impersonating) and the session. */
export interface Actor {
  realUser: UserSummary;
  user: UserSummary;
  session: Session | null;
  via: Authentication['via'];
}

/** The server's clock: only `now()` is read; the server's clock alone decides expiry. */
export interface ServerClock {
  now(): number;
}

/** Where the server reports what it cannot answer with (a hook that threw, an internal error). */
export interface ServerLogger {
  error(message: string, error: unknown): void;
}

/** What a session hook receives: the session as committed and the audit event that recorded the change. */
export interface SessionHookEvent {
  session: Session;
  event: AuditEvent;
}

/** What a consent hook receives. */
export interface ConsentHookEvent {
  userId: string;
  consent: Consent;
  event: AuditEvent;
}

/** Called after the change is committed; a hook that throws or rejects is logged and never breaks the request. */
export interface ServerHooks {
  onSessionStarted?(event: SessionHookEvent): void | Promise<void>;
  onSessionEnded?(event: SessionHookEvent): void | Promise<void>;
  onAction?(event: SessionHookEvent): void | Promise<void>;
  onConsentChanged?(event: ConsentHookEvent): void | Promise<void>;
}

/** One audited host API call. */
export interface ActionRecord {
  method: string;
  /** The path with its query; secret query values are redacted before storage. */
  path: string;
  status: number;
  /** The parsed request body (redacted before storage), or null. */
  body: unknown;
}
