// Four server instances, each with its own pg pool, on one database: the rules hold across them.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PostgresStore } from '../../postgres';
import type { TestDatabase } from './database';
import { createTestDatabase } from './database';
import { count, serversOver, storesOf } from './instances';

let database: TestDatabase;
let stores: PostgresStore[];

beforeAll(async () => {
  database = await createTestDatabase('multi');
  stores = storesOf(database, 4);
});
afterAll(() => database?.drop());
beforeEach(() => database.truncate());

const REASON = { targetUserId: 'u_alice', reason: 'Reproducing a bug' };
const codes = (replies: { body: { error?: { code: string } } }[]) => replies.map((r) => r.body.error?.code ?? 'ok');
const tally = (values: string[]) => values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});

describe('one database, four instances', () => {
  it('20 concurrent starts by one admin with different keys make exactly one session; the rest get 409', async () => {
    const servers = serversOver(stores);
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => servers.at(i).start('u_admin', REASON, { 'Idempotency-Key': `key-${i}` })));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    expect(tally(codes(replies.filter((r) => r.status !== 201)))).toEqual({ already_impersonating: 19 });
    expect(replies.filter((r) => r.status === 409)).toHaveLength(19);
    expect(await count(database, 'impersonation_sessions')).toBe(1);
    expect(await count(database, 'impersonation_events', "type = 'impersonation.started'")).toBe(1);
    // Every instance now sees that one session as the admin's current one.
    const current = await Promise.all(servers.list.map((s) => s.call('GET', '/sessions/current', { as: 'u_admin' })));
    expect(new Set(current.map((r) => r.body.session?.id))).toEqual(new Set([replies.find((r) => r.status === 201)?.body.session?.id]));
  });

  it('20 concurrent starts with the same key answer the same session', async () => {
    const servers = serversOver(stores);
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => servers.at(i).start('u_admin', REASON, { 'Idempotency-Key': 'one-key' })));
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(replies.map((r) => r.body.session?.id)).size).toBe(1);
    expect(await count(database, 'impersonation_sessions')).toBe(1);
    expect(await count(database, 'impersonation_events', "type = 'impersonation.started'")).toBe(1);
    // A replay is not an attempt: the rate limit counted the one start.
    expect(await count(database, 'impersonation_start_attempts')).toBe(1);
  });

  it('counts the rate limit exactly across instances: of 20 concurrent attempts, 10 reach the second factor', async () => {
    const servers = serversOver(stores, { policy: 'enterprise' });
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => servers.at(i).start('u_admin', { targetUserId: 'u_alice', stepUpCode: '000000' })));
    expect(tally(codes(replies))).toEqual({ step_up_invalid: 10, rate_limited: 10 });
    expect(await count(database, 'impersonation_start_attempts')).toBe(10);
    // A minute later the window has room again, on any instance.
    servers.advance(60_000);
    expect((await servers.at(3).start('u_admin', { targetUserId: 'u_alice', stepUpCode: '123456' })).status).toBe(201);
  });

  it('a session that expires while every instance reads it gets exactly one impersonation.ended', async () => {
    let endedHooks = 0;
    const servers = serversOver(stores, { hooks: { onSessionEnded: () => void endedHooks++ } });
    const started = await servers.at(0).start();
    expect(started.status).toBe(201);
    const id = started.body.session?.id;
    servers.set(Date.parse(started.body.session?.expiresAt ?? ''));
    const reads = await Promise.all(
      Array.from({ length: 24 }, (_, i) => {
        const server = servers.at(i);
        if (i % 3 === 0) return server.call('GET', '/sessions/current', { as: 'u_admin' });
        if (i % 3 === 1) return server.call('GET', `/sessions/${id}`, { as: 'u_admin' });
        return server.call('GET', '/viewer', { as: 'u_admin' });
      }),
    );
    for (const [i, reply] of reads.entries()) {
      if (i % 3 === 0) expect(reply.body.error?.code).toBe('no_active_session');
      if (i % 3 === 1) expect(reply.body.session?.status).toBe('ended');
      if (i % 3 === 2) expect(reply.body.session).toBeNull();
    }
    expect(await count(database, 'impersonation_events', "type = 'impersonation.ended' and session_id = $1", [id])).toBe(1);
    expect(endedHooks).toBe(1);
  });

  it('a revoke that races a heartbeat ends the session, every time', async () => {
    const servers = serversOver(stores, { policy: 'consent' });
    for (let round = 0; round < 8; round++) {
      servers.advance(61_000);
      expect((await servers.at(round).call('PUT', '/consent', { as: 'u_alice', body: { durationHours: 24 } })).status).toBe(200);
      const started = await servers.at(round + 1).start('u_admin', { targetUserId: 'u_alice' });
      expect(started.status).toBe(201);
      const [revoke, heartbeat] = await Promise.all([
        servers.at(round + 2).call('DELETE', '/consent', { as: 'u_alice' }),
        servers.at(round + 3).call('POST', '/sessions/current/activity', { as: 'u_admin', body: {} }),
      ]);
      expect(revoke.status).toBe(200);
      expect([200, 404]).toContain(heartbeat.status);
      const after = await servers.at(round).call('GET', `/sessions/${started.body.session?.id}`, { as: 'u_admin' });
      expect(after.body.session).toMatchObject({ status: 'ended', endReason: 'consent_revoked' });
      expect(await count(database, 'impersonation_events', "type = 'impersonation.ended' and session_id = $1", [started.body.session?.id])).toBe(1);
    }
  });

  it('a grant that races a revoke ends consistently: the consent is what the last event says, and the session ended', async () => {
    const servers = serversOver(stores, { policy: 'consent' });
    for (let round = 0; round < 8; round++) {
      servers.advance(61_000);
      await servers.at(round).call('PUT', '/consent', { as: 'u_alice', body: { durationHours: 24 } });
      const started = await servers.at(round + 1).start('u_admin', { targetUserId: 'u_alice' });
      expect(started.status).toBe(201);
      await Promise.all([
        servers.at(round + 2).call('PUT', '/consent', { as: 'u_alice', body: { durationHours: 72 } }),
        servers.at(round + 3).call('DELETE', '/consent', { as: 'u_alice' }),
      ]);
      const consent = (await servers.at(round).call('GET', '/consent', { as: 'u_alice' })).body.consent as { status: string };
      const trail = await servers.at(round).call('GET', '/audit?userId=u_alice&limit=5', { as: 'u_admin' });
      const lastConsentEvent = trail.body.items?.find((e) => e.type?.startsWith('consent.'))?.type;
      expect(consent.status).toBe(lastConsentEvent === 'consent.granted' ? 'active' : 'inactive');
      // Whichever came first, the revoke ended the session, once.
      const after = await servers.at(round).call('GET', `/sessions/${started.body.session?.id}`, { as: 'u_admin' });
      expect(after.body.session).toMatchObject({ status: 'ended', endReason: 'consent_revoked' });
      expect(await count(database, 'impersonation_events', "type = 'impersonation.ended' and session_id = $1", [started.body.session?.id])).toBe(1);
      // A consent that is no longer active leaves no session running on it.
      if (consent.status === 'inactive') expect(await count(database, 'impersonation_sessions', "status = 'active' and target_id = 'u_alice'")).toBe(0);
      // Next round starts from an ended session and whatever consent this one left.
      if (consent.status === 'active') await servers.at(round).call('DELETE', '/consent', { as: 'u_alice' });
    }
  });

  it('a start that races a revoke never leaves a session running without consent', async () => {
    const servers = serversOver(stores, { policy: 'consent' });
    for (let round = 0; round < 8; round++) {
      servers.advance(61_000);
      await servers.at(round).call('PUT', '/consent', { as: 'u_alice', body: { durationHours: 24 } });
      const [start, revoke] = await Promise.all([
        servers.at(round + 1).start('u_admin', { targetUserId: 'u_alice' }),
        servers.at(round + 2).call('DELETE', '/consent', { as: 'u_alice' }),
      ]);
      expect(revoke.status).toBe(200);
      expect([201, 403]).toContain(start.status);
      expect(await count(database, 'impersonation_sessions', "status = 'active' and target_id = 'u_alice'")).toBe(0);
      if (start.status === 201) {
        const after = await servers.at(round).call('GET', `/sessions/${start.body.session?.id}`, { as: 'u_admin' });
        expect(after.body.session).toMatchObject({ status: 'ended', endReason: 'consent_revoked' });
      }
    }
  });
});
