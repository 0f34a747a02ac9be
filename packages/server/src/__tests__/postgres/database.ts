// A database of its own for each test file, on the server the `postgres` project provides, so
// files run in parallel; plus what the tests need to reset and inspect it.
import pg from 'pg';
import { inject } from 'vitest';
import { createPostgresStore } from '../../postgres';
import type { PostgresStore } from '../../postgres';
import { POSTGRES_TABLES } from '../../postgres';

/** A fresh, migrated database: its URL, and `drop()` to delete it. */
export interface TestDatabase {
  url: string;
  /** A store over a new pool of its own (one "instance"). */
  store(maxConnections?: number): PostgresStore;
  /** Empties every table the store owns. */
  truncate(): Promise<void>;
  /** Runs one SQL statement on a connection of its own. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
  /** Closes every store made here and drops the database. */
  drop(): Promise<void>;
}

const DATA_TABLES = [POSTGRES_TABLES.eventUsers, POSTGRES_TABLES.events, POSTGRES_TABLES.sessions, POSTGRES_TABLES.consents, POSTGRES_TABLES.idempotency, POSTGRES_TABLES.startAttempts];

async function onServer<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Creates `ik_<label>_<random>` on the provided server and migrates it. */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const server = inject('databaseUrl');
  const name = `ik_${label.replace(/\W/g, '_').toLowerCase()}_${Math.random().toString(16).slice(2, 10)}`;
  await onServer(server, (client) => client.query(`create database "${name}"`));
  const url = new URL(server);
  url.pathname = `/${name}`;
  const dbUrl = url.toString();
  const stores: PostgresStore[] = [];
  const admin = new pg.Pool({ connectionString: dbUrl, max: 2 });
  const make = (maxConnections = 10) => {
    const store = createPostgresStore({ connectionString: dbUrl, maxConnections });
    stores.push(store);
    return store;
  };
  await make(1).migrate();
  return {
    url: dbUrl,
    store: make,
    async truncate() {
      await admin.query(`truncate ${DATA_TABLES.join(', ')}`);
    },
    query: (text, values) => admin.query(text, values),
    async drop() {
      await Promise.all(stores.map((store) => store.close()));
      await admin.end();
      await onServer(server, (client) => client.query(`drop database if exists "${name}" with (force)`));
    },
  };
}
