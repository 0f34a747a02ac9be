// The tables of the Postgres store, as Kysely sees them. Instants are epoch-ms `bigint`s (the
// server's clock, exactly as it handed them over). Each session and event lives whole in `doc`, as
// JSON *text*: jsonb refuses NUL characters and lone surrogates, and a hostile reason or request
// body must be stored exactly, not refused. What changes later lives in columns of its own.
import type { ColumnType, Generated } from 'kysely';

/** `bigint` columns: pg answers them as strings; we write numbers. */
type Int8 = ColumnType<string, number, number>;
/** `jsonb` columns: written as JSON text, read as parsed values. */
type Json<T> = ColumnType<T, string, string>;

/** The names of every table the store owns (migrations included); all start with `impersonation_`. */
export const POSTGRES_TABLES = {
  sessions: 'impersonation_sessions',
  events: 'impersonation_events',
  eventUsers: 'impersonation_event_users',
  consents: 'impersonation_consents',
  idempotency: 'impersonation_idempotency',
  startAttempts: 'impersonation_start_attempts',
  migrations: 'impersonation_migrations',
  migrationLock: 'impersonation_migrations_lock',
} as const;

/** One session: the partial unique index on `impersonator_id where status = 'active'` holds one active session per impersonator. */
export interface SessionsTable {
  id: string;
  impersonator_id: string;
  target_id: string;
  status: string;
  started_ms: Int8;
  expires_ms: Int8;
  restarted_by: string | null;
  /** The record as inserted (JSON text). */
  doc: string;
  /** The fields updates change (status, ends, activity, deadline): server-made values only. */
  state: Json<Record<string, unknown>>;
}

/** One audit event; never deleted. */
export interface EventsTable {
  id: string;
  at_ms: Int8;
  type: string;
  session_id: string | null;
  /** The event as appended (JSON text). */
  doc: string;
  /** The recorded status of an `impersonation.action` (null for other events): set after the call ran. */
  action_status: number | null;
}

/** One row per distinct user an event names (actor, impersonator, impersonated): the audit by user. */
export interface EventUsersTable {
  user_id: string;
  at_ms: Int8;
  event_id: string;
  type: string;
}

/** A user's consent. */
export interface ConsentsTable {
  user_id: string;
  status: string;
  expires_ms: Int8;
  doc: Json<unknown>;
}

/** One remembered Idempotency-Key of one viewer. */
export interface IdempotencyTable {
  viewer_id: string;
  key: string;
  at_ms: Int8;
  session_id: string;
  fingerprint: string;
}

/** One start attempt, for the rate limit; rows older than the window are deleted as new ones arrive. */
export interface StartAttemptsTable {
  viewer_id: string;
  at_ms: Int8;
  seq: Generated<Int8>;
}

/** The whole schema. */
export interface PostgresSchema {
  impersonation_sessions: SessionsTable;
  impersonation_events: EventsTable;
  impersonation_event_users: EventUsersTable;
  impersonation_consents: ConsentsTable;
  impersonation_idempotency: IdempotencyTable;
  impersonation_start_attempts: StartAttemptsTable;
}
