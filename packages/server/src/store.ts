// The storage seam: an async, transactional interface that the embedded memory store and a
// database store (e.g. Postgres shared by many server instances) both implement.
import type { AuditEvent, AuditEventType } from '@impersonate-kit/sdk';
import type { ConsentRecord, IdempotencyRecord, SessionRecord } from './types';

/** A position in a newest-first list: items strictly older than `(at, id)` come next. */
export interface PageKey {
  /** Epoch ms of the item (a session's `startedAt`, an event's `at`). */
  at: number;
  id: string;
}

/** A keyset page request: at most `limit` items older than `before` (or the newest when null), newest first by (at desc, id desc). */
export interface PageQuery {
  limit: number;
  before: PageKey | null;
}

/** Which sessions a page lists. */
export type SessionFilter = { impersonatorId: string } | { targetId: string };

/** Which events a page lists; every given field must match (`userId` = actor, impersonator or impersonated). */
export interface EventFilter {
  sessionId?: string;
  userId?: string;
  type?: AuditEventType;
}

/** The fields an update of an active session may change. */
export type SessionPatch = Partial<Pick<SessionRecord, 'status' | 'endedAt' | 'endReason' | 'lastActivityAt' | 'expiresAt' | 'expiresBecause'>>;

/** Thrown by `insertSession` when the impersonator already runs an active session (Postgres: the partial unique index). */
export class ActiveSessionExistsError extends Error {
  constructor() {
    super('The impersonator already runs an active session.');
    this.name = 'ActiveSessionExistsError';
  }
}

/**
 * One transaction's view of the store. Every method sees the writes made earlier in the same
 * transaction. Records handed out are copies: changing them changes nothing until written back.
 */
export interface StoreTx {
  /** The session with this id, or null. */
  getSession(id: string): Promise<SessionRecord | null>;
  /** The session this user runs as impersonator with `status = 'active'`, or null. */
  getActiveSession(impersonatorId: string): Promise<SessionRecord | null>;
  /** Every active session whose target is this user. */
  listActiveSessionsByTarget(targetId: string): Promise<SessionRecord[]>;
  /** Active sessions with `expiresAt <= now`, earliest first, at most `limit`. */
  listDueSessions(now: number, limit: number): Promise<SessionRecord[]>;
  /** Inserts a new session; throws ActiveSessionExistsError when it is active and its impersonator already runs one. */
  insertSession(session: SessionRecord): Promise<void>;
  /**
   * Conditional update `where id = ? and status = 'active'`: returns the updated record, or null when
   * the session is not active (any more). Of concurrent ends, exactly one wins; only the winner writes `impersonation.ended`.
   */
  updateActiveSession(id: string, patch: SessionPatch): Promise<SessionRecord | null>;
  /** Conditional update `set restartedBy = ? where id = ? and restartedBy is null`; false when it was already restarted. */
  markRestarted(id: string, restartedBy: string): Promise<boolean>;
  /** A keyset page of sessions by (startedAt desc, id desc). */
  pageSessions(filter: SessionFilter, page: PageQuery): Promise<SessionRecord[]>;
  /** Appends an audit event (events are never deleted). */
  appendEvent(event: AuditEvent): Promise<void>;
  /** Sets the recorded status of an `impersonation.action` written before the call ran (audit first). */
  setActionStatus(eventId: string, status: number): Promise<void>;
  /** A keyset page of events by (at desc, id desc). */
  pageEvents(filter: EventFilter, page: PageQuery): Promise<AuditEvent[]>;
  /** The user's consent record, or null. */
  getConsent(userId: string): Promise<ConsentRecord | null>;
  /** Grants, replaces, revokes or lapses the user's consent. */
  putConsent(userId: string, consent: ConsentRecord): Promise<void>;
  /** Consents with `status = 'active'` and `expiresAt <= now`, earliest first, at most `limit`. */
  listDueConsents(now: number, limit: number): Promise<{ userId: string; consent: ConsentRecord }[]>;
  /** The record of `(viewerId, key)`, or null (the caller decides whether it is still within its window). */
  getIdempotency(viewerId: string, key: string): Promise<IdempotencyRecord | null>;
  /** Stores (or replaces) the record of `(viewerId, key)`. */
  putIdempotency(viewerId: string, key: string, record: IdempotencyRecord): Promise<void>;
  /** How many start attempts `viewerId` made at or after `sinceMs`, and the oldest of them. */
  countStartAttempts(viewerId: string, sinceMs: number): Promise<{ count: number; oldest: number | null }>;
  /** Records one start attempt; the store may forget attempts older than a minute. */
  recordStartAttempt(viewerId: string, atMs: number): Promise<void>;
}

/**
 * Where sessions, consents, the audit, idempotency keys and start attempts live.
 *
 * `transact(fn)` runs `fn(tx)` atomically and in isolation: either every write of `fn` is
 * committed or, when `fn` throws, none is. `fn` may assume that no other transaction changes
 * what it read (the active session of an impersonator, a session's status, a consent, an
 * idempotency record, the start attempts of a viewer) before it commits: a database store holds
 * row/advisory locks or runs SERIALIZABLE and retries. Because a store may RE-RUN `fn` after a
 * serialization failure, `fn` must not have effects outside `tx` (the server calls hooks only
 * after `transact` resolves). Transactions must not be nested.
 */
export interface ImpersonationStore {
  transact<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Releases connections; the memory store has nothing to release. */
  close?(): Promise<void>;
}
