// migrate(): the package's own migrations, safe when every instance runs them at boot at once.
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresStore } from '../../postgres';
import type { TestDatabase } from './database';
import { createTestDatabase } from './database';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('migrate');
  // Start from nothing: down to an empty schema, as a new database is.
  await database.query('drop table impersonation_start_attempts, impersonation_idempotency, impersonation_consents, impersonation_event_users, impersonation_events, impersonation_sessions, impersonation_migrations, impersonation_migrations_lock');
});
afterAll(() => database?.drop());

it('creates the schema once when four instances migrate at the same time, and again is a no-op', async () => {
  const stores = [1, 2, 3, 4].map(() => database.store(2));
  await Promise.all(stores.map((store) => store.migrate()));
  await stores[0]?.migrate();
  const applied = await database.query<{ name: string }>('select name from impersonation_migrations order by name');
  expect(applied.rows.map((r) => r.name)).toEqual(['0001_initial']);
  const indexes = await database.query<{ indexname: string }>("select indexname from pg_indexes where tablename like 'impersonation_%' order by indexname");
  expect(indexes.rows.map((r) => r.indexname)).toEqual(
    expect.arrayContaining(['impersonation_sessions_active_impersonator', 'impersonation_events_by_session', 'impersonation_event_users_pkey', 'impersonation_events_by_type', 'impersonation_events_by_time', 'impersonation_sessions_by_target']),
  );
});

it('refuses options without exactly one of connectionString and pool, saying what it needs', () => {
  expect(() => createPostgresStore({ connectionString: undefined })).toThrow(/connectionString.*pool/);
  const pool = new pg.Pool({ connectionString: database.url });
  expect(() => createPostgresStore({ connectionString: database.url, pool })).toThrow(/exactly one/);
  void pool.end();
});

it('leaves a pool it was given open on close', async () => {
  const pool = new pg.Pool({ connectionString: database.url, max: 1 });
  const store = createPostgresStore({ pool });
  await store.transact((tx) => tx.getSession('none'));
  await store.close();
  expect((await pool.query('select 1 as one')).rows[0]).toEqual({ one: 1 });
  await pool.end();
});
