// Several server instances over one Postgres database, each with its own pool, sharing one
// injected clock (as instances kept in step by NTP share one time).
import type { ImpersonationServerOptions } from '../../server';
import type { PostgresStore } from '../../postgres';
import { T0, testServer } from '../harness';
import type { TestDatabase } from './database';

/** One server per store, all on the same clock. */
export function serversOver(stores: readonly PostgresStore[], overrides: Partial<ImpersonationServerOptions> = {}) {
  let now = T0;
  const list = stores.map((store) => testServer({ clock: { now: () => now }, ...overrides }, store));
  return {
    list,
    /** The instance request `i` goes to: round robin, as a load balancer would. */
    at: (i: number) => list[i % list.length] as (typeof list)[number],
    advance: (ms: number) => void (now += ms),
    set: (ms: number) => void (now = ms),
    now: () => now,
  };
}

/** `count` stores, each over a pool of its own. */
export function storesOf(database: TestDatabase, count: number): PostgresStore[] {
  return Array.from({ length: count }, () => database.store(8));
}

/** A count of rows, e.g. `count(database, "status = 'active'", 'impersonation_sessions')`. */
export async function count(database: TestDatabase, table: string, where = 'true', values: unknown[] = []): Promise<number> {
  const result = await database.query<{ n: string }>(`select count(*) as n from ${table} where ${where}`, values);
  return Number(result.rows[0]?.n ?? 0);
}
