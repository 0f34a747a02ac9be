// createPostgresStore: the ImpersonationStore on Postgres (Kysely over pg), so the database, not
// the process, keeps every rule and any number of server instances can share it.
import type { LogEvent } from 'kysely';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import type { Pool } from 'pg';
import pg from 'pg';
import type { ImpersonationStore, StoreTx } from '../store';
import { migrationProvider } from './migrations';
import { PostgresTx } from './postgresTx';
import type { PostgresSchema } from './schema';
import { POSTGRES_TABLES } from './schema';

/** Where the store connects: a connection string (the store owns and closes its pool) or the host's own pg Pool (left open). */
export interface PostgresStoreOptions {
  /** e.g. `process.env.DATABASE_URL`; exactly one of `connectionString` and `pool`. */
  connectionString?: string | undefined;
  /** A pg Pool the host already runs; `close()` leaves it open. */
  pool?: Pool;
  /** The size of the pool made from `connectionString`; default 10. */
  maxConnections?: number;
  /** How many times a transaction that lost a deadlock or serialization race is re-run; default 10. */
  maxRetries?: number;
  /** Hears every statement (Kysely's `log`: SQL, parameters, duration, error): for metrics, slow-query logs, EXPLAIN. */
  log?: (event: LogEvent) => void;
}

/** The Postgres store: an ImpersonationStore plus its migrations and its Kysely instance. */
export interface PostgresStore extends ImpersonationStore {
  /** Creates or upgrades the tables to the latest migration; safe to call from many instances at once. */
  migrate(): Promise<void>;
  /** Ends the pool the store made (a pool passed in stays open). */
  close(): Promise<void>;
  /** The Kysely instance over the store's pool, typed with the store's tables. */
  readonly db: Kysely<PostgresSchema>;
}

// Deadlock detected, serialization failure: the transaction was rolled back whole and may run again.
const RETRYABLE = new Set(['40P01', '40001']);
// One key for every instance's migrate(): migrations run one instance at a time.
const MIGRATE_LOCK = 'impersonation migrate';

function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

/** The pool the store makes and owns. */
function ownPool(connectionString: string, max: number): Pool {
  const pool = new pg.Pool({ connectionString, max });
  // An idle connection that breaks (the server restarted, an admin ended it) is dropped by pg and
  // replaced on the next query; unheard, its 'error' event would end the whole process.
  pool.on('error', () => undefined);
  return pool;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The store on Postgres. Every `transact` is one READ COMMITTED transaction whose reads take the
 * locks the rules rely on (see PostgresTx); one that loses a deadlock is rolled back and re-run
 * (bounded, with jittered backoff), which the StoreTx contract allows. Run `migrate()` once at boot.
 */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  const { connectionString, pool: given } = options;
  if ((connectionString === undefined || connectionString === '') === (given === undefined)) {
    throw new TypeError('createPostgresStore needs exactly one of `connectionString` (e.g. process.env.DATABASE_URL) and `pool`.');
  }
  const pool = given ?? ownPool(connectionString as string, options.maxConnections ?? 10);
  const maxRetries = options.maxRetries ?? 10;
  const db = new Kysely<PostgresSchema>({ dialect: new PostgresDialect({ pool }), ...(options.log ? { log: options.log } : {}) });
  let closed = false;

  async function transact<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await db
          .transaction()
          .setIsolationLevel('read committed')
          .execute((trx) => fn(new PostgresTx(trx)));
      } catch (error) {
        if (!isRetryable(error) || attempt >= maxRetries) throw error;
        // Jitter spreads the retries of transactions that collided, so they do not collide again.
        await pause(Math.random() * Math.min(100, 5 * 2 ** attempt));
      }
    }
  }

  async function migrate(): Promise<void> {
    await db.connection().execute(async (conn) => {
      await sql`select pg_advisory_lock(hashtextextended(${MIGRATE_LOCK}, 0))`.execute(conn);
      try {
        const migrator = new Migrator({
          db: conn,
          provider: migrationProvider,
          migrationTableName: POSTGRES_TABLES.migrations,
          migrationLockTableName: POSTGRES_TABLES.migrationLock,
        });
        const { error } = await migrator.migrateToLatest();
        if (error) throw error instanceof Error ? error : new Error(`Postgres store migration failed: ${String(error)}`);
      } finally {
        await sql`select pg_advisory_unlock(hashtextextended(${MIGRATE_LOCK}, 0))`.execute(conn);
      }
    });
  }

  return {
    transact,
    migrate,
    db,
    async close() {
      if (closed) return;
      closed = true;
      // Kysely's destroy ends the pool: only for the pool the store made.
      if (!given) await db.destroy();
    },
  };
}
