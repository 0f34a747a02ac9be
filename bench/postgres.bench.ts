// The server over the Postgres store, called in-process (no HTTP): what protect() adds to a host
// request, how many starts+ends 1, 2 and 4 instances (each with its own pool) make a second on
// one database, and what an audit page costs at 10k and at 1M events seeded in bulk.
// Postgres: DATABASE_URL (a server where it may CREATE DATABASE), else a throwaway cluster.
import type { AuditEvent, UserSummary } from '@impersonate-kit/sdk';
import type { ImpersonationServer } from '@impersonate-kit/server';
import { createImpersonationServer } from '@impersonate-kit/server';
import type { PostgresStore } from '@impersonate-kit/server/postgres';
import { createPostgresStore } from '@impersonate-kit/server/postgres';
import pg from 'pg';
import { startPostgres } from '../scripts/postgres.mjs';
import { percentile, sample, us } from './measure';
import type { Bench, BenchContext } from './types';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const TARGETS = 500;
const REASON = 'Benchmark: reproduce ticket 4521';
const adminOf = (i: number) => `u_admin${String(i).padStart(2, '0')}`;
const targetOf = (i: number) => `u_t${String(i % TARGETS).padStart(3, '0')}`;

/** Any `u_admin…` id is an admin, any other `u_…` id a member: the throughput bench gives each start its own admin. */
function person(id: string): UserSummary | null {
  if (!id.startsWith('u_')) return null;
  return { id, name: id, email: `${id}@bench.test`, roles: id.startsWith('u_admin') ? ['admin'] : ['member'], status: 'active', lastLoginAt: '2026-01-01T00:00:00.000Z' };
}

function benchServer(store: PostgresStore, clock: { now(): number }): ImpersonationServer {
  return createImpersonationServer({
    store,
    policy: 'account-admin',
    users: { get: async (id) => person(id) },
    hasPermission: (user) => user.roles.includes('admin'),
    authenticate: async (request) => {
      const userId = request.headers.get('authorization')?.slice('Bearer '.length);
      return userId ? { userId, via: 'session' } : null;
    },
    clock,
  });
}

const as = (userId: string) => ({ authorization: `Bearer ${userId}` });

async function start(server: ImpersonationServer, admin: string, target: string): Promise<void> {
  const response = await server.handle(
    new Request('http://bench.test/api/impersonation/sessions', {
      method: 'POST',
      headers: { ...as(admin), 'content-type': 'application/json' },
      body: JSON.stringify({ targetUserId: target, reason: REASON }),
    }),
  );
  if (response.status !== 201) throw new Error(`start answered ${response.status}: ${await response.text()}`);
}

async function end(server: ImpersonationServer, admin: string): Promise<void> {
  const response = await server.handle(new Request('http://bench.test/api/impersonation/sessions/current', { method: 'DELETE', headers: as(admin) }));
  if (response.status !== 200) throw new Error(`end answered ${response.status}: ${await response.text()}`);
}

/** A database of the bench's own on the server, dropped at the end. */
async function benchDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `ik_bench_${Math.random().toString(16).slice(2, 10)}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists "${name}" with (force)`) };
}

async function protectOverhead(context: BenchContext, url: string): Promise<void> {
  const store = createPostgresStore({ connectionString: url, maxConnections: 2 });
  const server = benchServer(store, { now: () => Date.now() });
  const handler = async () => new Response('{"ok":true}', { headers: { 'content-type': 'application/json' } });
  const protectedHandler = server.protect(handler);
  const admin = adminOf(0);
  const request = new Request('http://bench.test/api/projects?page=1', { headers: as(admin) });
  const options = { warmup: 300, iterations: 3_000 };
  const rows: (string | number)[][] = [];
  for (const label of ['no active session (one read-only transaction)', 'active session (audit first: writes an event, then its status)']) {
    if (label.startsWith('active')) await start(server, admin, targetOf(0));
    const direct = await sample(() => handler().then((r) => r.text()), options);
    const wrapped = await sample(() => protectedHandler(request).then((r) => r.text()), options);
    rows.push([label, us(percentile(direct, 50)), us(percentile(wrapped, 50)), us(percentile(wrapped, 50) - percentile(direct, 50)), us(percentile(wrapped, 99) - percentile(direct, 99))]);
  }
  await store.close();
  context.table({
    title: `protect() overhead on a host GET, Postgres store over TCP on 127.0.0.1 (${options.iterations} calls each after ${options.warmup} warm-up)`,
    columns: ['case', 'direct median', 'protected median', 'overhead median', 'overhead p99'],
    rows,
  });
}

/** N instances, 4 workers each; every cycle is one start and one end by an admin of its own (no rate limit, no contention between workers). */
async function startsAndEnds(context: BenchContext, url: string): Promise<void> {
  const WORKERS = 4;
  const SECONDS = 3;
  const rows: (string | number)[][] = [];
  for (const count of [1, 2, 4]) {
    const stores = Array.from({ length: count }, () => createPostgresStore({ connectionString: url, maxConnections: WORKERS }));
    const servers = stores.map((store) => benchServer(store, { now: () => Date.now() }));
    let cycles = 0;
    let serial = 0;
    const began = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - began) / 1e9;
    await Promise.all(
      servers.flatMap((server, instance) =>
        Array.from({ length: WORKERS }, async (_, worker) => {
          while (elapsed() < SECONDS) {
            const admin = `u_admin_${count}_${instance}_${worker}_${serial++}`;
            await start(server, admin, targetOf(serial));
            await end(server, admin);
            cycles++;
          }
        }),
      ),
    );
    const seconds = elapsed();
    rows.push([count, count * WORKERS, cycles, seconds.toFixed(2), Math.round(cycles / seconds)]);
    await Promise.all(stores.map((store) => store.close()));
  }
  context.table({
    title: `starts + ends through handle() on one database (POST /sessions then DELETE /sessions/current; ${SECONDS} s per row; all instances in one process on 2 shared cores)`,
    columns: ['instances (pools)', 'concurrent workers', 'cycles', 'seconds', 'starts+ends per second'],
    rows,
  });
}

// The synthetic trail, in SQL: sessions of 10 events (started, 8 actions, ended), one event a second,
// 20 admins over 500 targets, the same rows the memory bench builds.
const EVENT_SQL = `
  with s as (
    select i, i / 10 as session, i % 10 as step,
           'u_admin' || lpad(((i / 10) % 20)::text, 2, '0') as admin,
           'u_t' || lpad(((i / 10) % 500)::text, 3, '0') as target
    from generate_series($1::bigint, $2::bigint - 1) as i
  ), e as (
    select i, admin, target, ${T0}::bigint + i * 1000 as at_ms,
           'evt_' || lpad(to_hex(i), 24, '0') as id,
           'imp_' || lpad(to_hex(session), 24, '0') as session_id,
           case step when 0 then 'impersonation.started' when 9 then 'impersonation.ended' else 'impersonation.action' end as type, step
    from s
  ), inserted as (
    insert into impersonation_events (id, at_ms, type, session_id, doc, action_status)
    select id, at_ms, type, session_id,
      json_build_object(
        'id', id, 'at', to_char(to_timestamp(at_ms / 1000.0) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'type', type, 'sessionId', session_id,
        'actor', json_build_object('id', admin, 'name', admin, 'email', admin || '@bench.test'),
        'impersonator', json_build_object('id', admin, 'name', admin, 'email', admin || '@bench.test'),
        'impersonated', json_build_object('id', target, 'name', target, 'email', target || '@bench.test'),
        'reason', '${REASON}',
        'request', case when type = 'impersonation.action' then json_build_object('method', 'GET', 'path', '/api/projects?page=' || step, 'status', 200, 'body', null) end,
        'endReason', case when type = 'impersonation.ended' then 'ended' end
      )::text,
      case when type = 'impersonation.action' then 200 end
    from e
    returning id
  )
  insert into impersonation_event_users (user_id, at_ms, event_id, type)
  select u.id, e.at_ms, e.id, e.type from e, lateral (values (e.admin), (e.target)) as u(id)`;

/** A cursor of the same list that points at (at, id): a real cursor of that list with its key swapped. */
function cursorAt(realCursor: string, at: number, id: string): string {
  const text = Buffer.from(realCursor, 'base64url').toString('utf8');
  return Buffer.from(`${text.slice(0, text.indexOf('.'))}.${at.toString(36)}.${id}`, 'utf8').toString('base64url');
}

type Plan = { 'Shared Hit Blocks'?: number; 'Shared Read Blocks'?: number };

async function auditPages(context: BenchContext, url: string): Promise<void> {
  // While `capture` is set, the store's statements are kept, to EXPLAIN ANALYZE the page query the server ran.
  let capture: { sql: string; parameters: readonly unknown[] }[] | null = null;
  const store = createPostgresStore({ connectionString: url, maxConnections: 2, log: (event) => void capture?.push({ sql: event.query.sql, parameters: event.query.parameters }) });
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  const server = benchServer(store, { now: () => T0 + 2_000_000_000 });
  const read = async (query: string) => {
    const response = await server.handle(new Request(`http://bench.test/api/impersonation/audit?${query}`, { headers: as(adminOf(0)) }));
    if (response.status !== 200) throw new Error(`GET /audit?${query} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as { items: AuditEvent[]; nextCursor: string | null };
  };
  // Event i is of session i/10, step i%10, by admin (i/10)%20: the middle event each list holds.
  const middleOf = (size: number, holds: (i: number) => boolean) => {
    let i = Math.floor(size / 2);
    while (!holds(i)) i--;
    return i;
  };
  const lists = [
    { name: 'all events', limit: 50, query: '', holds: () => true },
    { name: 'type=impersonation.started', limit: 50, query: 'type=impersonation.started', holds: (i: number) => i % 10 === 0 },
    { name: `userId=${adminOf(3)}`, limit: 50, query: `userId=${adminOf(3)}`, holds: (i: number) => Math.floor(i / 10) % 20 === 3 },
    // At 10k, this admin has 50 ended sessions: pages of 20 leave a next one.
    { name: `userId=${adminOf(3)}&type=impersonation.ended (limit 20)`, limit: 20, query: `userId=${adminOf(3)}&type=impersonation.ended`, holds: (i: number) => Math.floor(i / 10) % 20 === 3 && i % 10 === 9 },
  ];
  const rows: (string | number)[][] = [];
  let seeded = 0;
  try {
    for (const size of [10_000, 1_000_000]) {
      const seedStart = process.hrtime.bigint();
      for (; seeded < size; seeded = Math.min(size, seeded + 100_000)) await admin.query(EVENT_SQL, [seeded, Math.min(size, seeded + 100_000)]);
      await admin.query('analyze');
      context.note(`seeded ${size.toLocaleString('en-US')} events in bulk (one INSERT … SELECT generate_series per 100k) in ${(Number(process.hrtime.bigint() - seedStart) / 1e9).toFixed(1)} s`);
      for (const list of lists) {
        const query = list.query ? `limit=${list.limit}&${list.query}` : `limit=${list.limit}`;
        const first = await read(query);
        if (first.items.length !== list.limit || !first.nextCursor) throw new Error(`${list.name}: expected a full first page`);
        const middle = middleOf(size, list.holds);
        const deep = `${query}&cursor=${cursorAt(first.nextCursor, T0 + middle * 1000, `evt_${middle.toString(16).padStart(24, '0')}`)}`;
        if ((await read(deep)).items.length !== list.limit) throw new Error(`${list.name}: expected a full deep page`);
        const options = { warmup: 30, iterations: 300 };
        const firstTimes = await sample(() => read(query), options);
        const deepTimes = await sample(() => read(deep), options);
        // What the database did for the deep page, free of this machine's noise: buffers touched and execution time.
        capture = [];
        await read(deep);
        const statement = capture.find((q) => /from "impersonation_event(_user)?s"/.test(q.sql) && /limit/i.test(q.sql));
        capture = null;
        if (!statement) throw new Error(`${list.name}: the page query was not seen`);
        const explained = await admin.query<{ 'QUERY PLAN': [{ Plan: Plan; 'Execution Time': number }] }>(`explain (analyze, buffers, format json) ${statement.sql}`, [...statement.parameters]);
        const report = explained.rows[0]?.['QUERY PLAN'][0];
        const buffers = (report?.Plan['Shared Hit Blocks'] ?? 0) + (report?.Plan['Shared Read Blocks'] ?? 0);
        rows.push([
          size.toLocaleString('en-US'),
          list.name,
          us(percentile(firstTimes, 50)),
          us(percentile(firstTimes, 99)),
          us(percentile(deepTimes, 50)),
          us(percentile(deepTimes, 99)),
          buffers,
          `${(report?.['Execution Time'] ?? Number.NaN).toFixed(2)} ms`,
        ]);
      }
    }
  } finally {
    await admin.end();
    await store.close();
  }
  context.table({
    title: 'GET /audit?limit=50 (or 20) through handle(), Postgres store (300 reads each after 30 warm-up; deep = a cursor halfway down the list)',
    columns: ['events', 'list', 'first page median', 'first page p99', 'deep page median', 'deep page p99', 'deep page: DB buffers', 'deep page: DB execution'],
    rows,
  });
}

const bench: Bench = {
  name: 'postgres',
  async run(context) {
    const given = process.env.DATABASE_URL;
    const cluster = given ? null : await startPostgres();
    const serverUrl = given ?? (cluster?.url as string);
    context.note(given ? 'Postgres: DATABASE_URL' : `Postgres: a throwaway cluster (${serverUrl}), fsync off`);
    const database = await benchDatabase(serverUrl);
    try {
      const setup = createPostgresStore({ connectionString: database.url, maxConnections: 1 });
      await setup.migrate();
      await setup.close();
      // BENCH_PARTS=protect,throughput,audit picks parts (default all).
      const parts = (process.env.BENCH_PARTS ?? 'protect,throughput,audit').split(',');
      if (parts.includes('protect')) await protectOverhead(context, database.url);
      if (parts.includes('throughput')) await startsAndEnds(context, database.url);
      if (parts.includes('audit')) await auditPages(context, database.url);
    } finally {
      await database.drop();
      cluster?.stop();
    }
  },
};

export default bench;
