// The store's migrations, shipped in the package (no files read at run time) and run by Kysely's
// Migrator. Every list the store pages or looks up has an index that serves it in order.
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { sql } from 'kysely';

// Ids compare byte by byte (COLLATE "C"), as the memory store compares them, whatever the database's locale.
const ID = sql.raw('text collate "C" not null');

async function run(db: Kysely<unknown>, statements: readonly ReturnType<typeof sql>[]): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}

const initial: Migration = {
  async up(db) {
    await run(db, [
      sql`create table impersonation_sessions (
        id ${ID} primary key,
        impersonator_id ${ID},
        target_id ${ID},
        status text not null,
        started_ms bigint not null,
        expires_ms bigint not null,
        restarted_by text collate "C",
        doc text not null,
        state jsonb not null
      )`,
      // One active session per impersonator, held by the database across every instance.
      sql`create unique index impersonation_sessions_active_impersonator on impersonation_sessions (impersonator_id) where status = 'active'`,
      sql`create index impersonation_sessions_by_impersonator on impersonation_sessions (impersonator_id, started_ms, id)`,
      sql`create index impersonation_sessions_by_target on impersonation_sessions (target_id, started_ms, id)`,
      sql`create index impersonation_sessions_active_target on impersonation_sessions (target_id) where status = 'active'`,
      sql`create index impersonation_sessions_due on impersonation_sessions (expires_ms) where status = 'active'`,

      sql`create table impersonation_events (
        id ${ID} primary key,
        at_ms bigint not null,
        type text not null,
        session_id text collate "C",
        doc text not null,
        action_status integer
      )`,
      sql`create index impersonation_events_by_time on impersonation_events (at_ms, id)`,
      sql`create index impersonation_events_by_type on impersonation_events (type, at_ms, id)`,
      sql`create index impersonation_events_by_session on impersonation_events (session_id, at_ms, id) where session_id is not null`,
      sql`create table impersonation_event_users (
        user_id ${ID},
        at_ms bigint not null,
        event_id ${ID} references impersonation_events (id),
        type text not null,
        primary key (user_id, at_ms, event_id)
      )`,
      sql`create index impersonation_event_users_by_type on impersonation_event_users (user_id, type, at_ms, event_id)`,

      sql`create table impersonation_consents (
        user_id ${ID} primary key,
        status text not null,
        expires_ms bigint not null,
        doc jsonb not null
      )`,
      sql`create index impersonation_consents_due on impersonation_consents (expires_ms) where status = 'active'`,

      sql`create table impersonation_idempotency (
        viewer_id ${ID},
        key ${ID},
        at_ms bigint not null,
        session_id text not null,
        fingerprint text not null,
        primary key (viewer_id, key)
      )`,

      sql`create table impersonation_start_attempts (
        viewer_id ${ID},
        at_ms bigint not null,
        seq bigint generated always as identity,
        primary key (viewer_id, at_ms, seq)
      )`,
    ]);
  },
  async down(db) {
    await run(db, [
      sql`drop table impersonation_start_attempts`,
      sql`drop table impersonation_idempotency`,
      sql`drop table impersonation_consents`,
      sql`drop table impersonation_event_users`,
      sql`drop table impersonation_events`,
      sql`drop table impersonation_sessions`,
    ]);
  },
};

/** Every migration, by name; names sort in the order they run. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = { '0001_initial': initial };

/** The in-package provider Kysely's Migrator reads. */
export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return { ...MIGRATIONS };
  },
};
