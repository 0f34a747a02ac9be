// Every statement the store runs, EXPLAINed on tables big enough that the planner would rather not
// walk them: none may scan a whole table. (Turning seqscan off would prove nothing.)
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PostgresTx } from '../../postgres/postgresTx';
import type { PostgresSchema } from '../../postgres';
import type { TestDatabase } from './database';
import { createTestDatabase } from './database';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase('indexes');
  // 20k sessions of 200 impersonators (the first 200 active), 100k events (three in four of them actions) over them, 10k consents, keys and attempts.
  await database.query(`
    insert into impersonation_sessions (id, impersonator_id, target_id, status, started_ms, expires_ms, restarted_by, doc, state)
    select 'imp_' || lpad(i::text, 8, '0'), 'u_' || (i % 200), 'u_t' || (i % 1000), case when i < 200 then 'active' else 'ended' end,
           ${T0} + i * 1000, ${T0} + i * 1000 + 1800000, null, '{}', '{}'::jsonb
    from generate_series(0, 19999) as i`);
  // As in life, actions are most of the trail and the other types are rare.
  const type = "case when i % 20 < 15 then 'impersonation.action' else (array['impersonation.started','impersonation.ended','consent.granted','consent.revoked','consent.expired'])[1 + i % 5] end";
  await database.query(`
    insert into impersonation_events (id, at_ms, type, session_id, doc)
    select 'evt_' || lpad(i::text, 9, '0'), ${T0} + i * 10, ${type}, case when i % 20 < 17 then 'imp_' || lpad((i % 20000)::text, 8, '0') end, '{}'
    from generate_series(0, 99999) as i`);
  await database.query(`
    insert into impersonation_event_users (user_id, at_ms, event_id, type)
    select u.id, ${T0} + i * 10, 'evt_' || lpad(i::text, 9, '0'), ${type}
    from generate_series(0, 99999) as i, lateral (values ('u_' || (i % 200)), ('u_t' || (i % 1000))) as u(id)`);
  await database.query(`
    insert into impersonation_consents (user_id, status, expires_ms, doc)
    select 'u_t' || i, case when i % 2 = 0 then 'active' else 'lapsed' end, ${T0} + i * 60000, '{}'::jsonb from generate_series(0, 9999) as i`);
  await database.query(`insert into impersonation_idempotency (viewer_id, key, at_ms, session_id, fingerprint) select 'u_' || (i % 500), 'k' || i, ${T0} + i, 'imp', 'f' from generate_series(0, 19999) as i`);
  await database.query(`insert into impersonation_start_attempts (viewer_id, at_ms) select 'u_' || (i % 500), ${T0} + i from generate_series(0, 19999) as i`);
  await database.query('analyze');
}, 120_000);
afterAll(() => database?.drop());

type Plan = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: Plan[] };

/** Every node of a plan. */
const nodesOf = (plan: Plan): Plan[] => [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];

it('runs every lookup and page of the store on the index made for it', async () => {
  const captured: { sql: string; parameters: readonly unknown[] }[] = [];
  const pool = new pg.Pool({ connectionString: database.url, max: 1 });
  const db = new Kysely<PostgresSchema>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => void (event.level === 'query' && captured.push({ sql: event.query.sql, parameters: event.query.parameters })),
  });
  // What each call must use: the statements it runs that read a table, and the index among them.
  const checks: { name: string; index: string; statements: { sql: string; parameters: readonly unknown[] }[] }[] = [];
  const before = { at: T0 + 50_000 * 10, id: 'evt_000050000' };
  const sessionBefore = { at: T0 + 10_000 * 1000, id: 'imp_00010000' };
  try {
    await db
      .transaction()
      .execute(async (trx) => {
        const tx = new PostgresTx(trx);
        const check = async (name: string, index: string, run: () => Promise<unknown>) => {
          const from = captured.length;
          await run();
          checks.push({ name, index, statements: captured.slice(from).filter((q) => /impersonation_\w+/.test(q.sql) && !/^\s*insert/i.test(q.sql)) });
        };
        await check('getSession', 'impersonation_sessions_pkey', () => tx.getSession('imp_00000042'));
        await check('getActiveSession', 'impersonation_sessions_active_impersonator', () => tx.getActiveSession('u_42'));
        await check('listActiveSessionsByTarget', 'impersonation_sessions_active_target', () => tx.listActiveSessionsByTarget('u_t42'));
        await check('listDueSessions', 'impersonation_sessions_due', () => tx.listDueSessions(T0 + 100_000, 500));
        await check('updateActiveSession', 'impersonation_sessions_pkey', () => tx.updateActiveSession('imp_00000042', { lastActivityAt: new Date(T0).toISOString(), expiresAt: new Date(T0 + 1).toISOString() }));
        await check('markRestarted', 'impersonation_sessions_pkey', () => tx.markRestarted('imp_00000300', 'imp_x'));
        for (const b of [null, sessionBefore]) {
          await check('pageSessions by impersonator', 'impersonation_sessions_by_impersonator', () => tx.pageSessions({ impersonatorId: 'u_42' }, { limit: 51, before: b }));
          await check('pageSessions by target', 'impersonation_sessions_by_target', () => tx.pageSessions({ targetId: 'u_t42' }, { limit: 51, before: b }));
        }
        await check('setActionStatus', 'impersonation_events_pkey', () => tx.setActionStatus('evt_000000002', 200));
        const pages = [
          ['all events by time', {}, 'impersonation_events_by_time'],
          ['events by type', { type: 'consent.revoked' }, 'impersonation_events_by_type'],
          ['events by session', { sessionId: 'imp_00000042' }, 'impersonation_events_by_session'],
          ['events by user', { userId: 'u_42' }, 'impersonation_event_users_pkey'],
          ['events by user and type', { userId: 'u_t42', type: 'impersonation.ended' }, 'impersonation_event_users_by_type'],
          ['events by session, user and type', { sessionId: 'imp_00000042', userId: 'u_42', type: 'impersonation.action' }, 'impersonation_events_by_session'],
        ] as const;
        for (const [name, filter, index] of pages) {
          for (const b of [null, before]) await check(name, index, () => tx.pageEvents(filter, { limit: 51, before: b }));
        }
        await check('getConsent', 'impersonation_consents_pkey', () => tx.getConsent('u_t42'));
        await check('listDueConsents', 'impersonation_consents_due', () => tx.listDueConsents(T0 + 600_000, 500));
        await check('getIdempotency', 'impersonation_idempotency_pkey', () => tx.getIdempotency('u_42', 'k42'));
        await check('putIdempotency (prune)', 'impersonation_idempotency_pkey', () => tx.putIdempotency('u_42', 'k-new', { sessionId: 'imp', fingerprint: 'f', at: T0 + 900_000 }));
        await check('countStartAttempts', 'impersonation_start_attempts_pkey', () => tx.countStartAttempts('u_42', T0 + 10_000));
        await check('recordStartAttempt (prune)', 'impersonation_start_attempts_pkey', () => tx.recordStartAttempt('u_42', T0 + 90_000));
        throw new Error('rollback');
      })
      .catch((error: unknown) => {
        if (!(error instanceof Error) || error.message !== 'rollback') throw error;
      });
    const problems: string[] = [];
    for (const { name, index, statements } of checks) {
      if (statements.length === 0) problems.push(`${name}: ran no statement`);
      const used = new Set<string>();
      for (const { sql, parameters } of statements) {
        const result = await pool.query<{ 'QUERY PLAN': [{ Plan: Plan }] }>(`explain (format json) ${sql}`, [...parameters]);
        for (const node of nodesOf(result.rows[0]?.['QUERY PLAN'][0].Plan as Plan)) {
          if (node['Node Type'] === 'Seq Scan' && node['Relation Name']?.startsWith('impersonation_')) problems.push(`${name}: Seq Scan on ${node['Relation Name']}`);
          if (node['Index Name']) used.add(node['Index Name']);
        }
      }
      if (!used.has(index)) problems.push(`${name}: expected ${index}, used ${[...used].join(', ') || 'no index'}`);
    }
    expect(problems).toEqual([]);
  } finally {
    await db.destroy();
  }
});
