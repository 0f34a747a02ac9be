// The store test suite: one set of cases every ImpersonationStore must pass (the memory store now,
// a Postgres store later). Import it from `@impersonate-kit/server/testing`; it needs vitest.
import type { AuditEvent } from '@impersonate-kit/sdk';
import { describe, expect, it } from 'vitest';
import type { ImpersonationStore } from './store';
import { ActiveSessionExistsError } from './store';
import type { SessionRecord } from './types';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const ref = (id: string) => ({ id, name: id, email: `${id}@example.test` });
let serial = 0;
const uid = (prefix: string) => `${prefix}_${(++serial).toString(16).padStart(8, '0')}${Math.random().toString(16).slice(2, 10)}`;

function session(impersonatorId: string, targetId: string, atMs: number, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: uid('imp'),
    status: 'active',
    impersonator: ref(impersonatorId),
    target: ref(targetId),
    reason: null,
    reasonCategory: null,
    startedAt: iso(atMs),
    lastActivityAt: iso(atMs),
    expiresAt: iso(atMs + 1_800_000),
    expiresBecause: 'max_duration',
    endedAt: null,
    endReason: null,
    restartOf: null,
    restartedBy: null,
    ...overrides,
  };
}

function event(atMs: number, fields: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: uid('evt'),
    at: iso(atMs),
    type: 'consent.granted',
    sessionId: null,
    actor: ref('u_a'),
    impersonator: null,
    impersonated: null,
    reason: null,
    request: null,
    endReason: null,
    ...fields,
  };
}

/**
 * Registers the store suite with vitest: `describeImpersonationStore('memory', () => createMemoryStore())`.
 * `makeStore` must return a fresh, empty store for each case; `cleanup` (optional) releases it.
 */
export function describeImpersonationStore(name: string, makeStore: () => ImpersonationStore | Promise<ImpersonationStore>, cleanup?: (store: ImpersonationStore) => Promise<void>): void {
  const withStore = (run: (store: ImpersonationStore) => Promise<void>) => async () => {
    const store = await makeStore();
    try {
      await run(store);
    } finally {
      await cleanup?.(store);
    }
  };

  describe(`ImpersonationStore: ${name}`, () => {
    it('commits every write of a transaction together', withStore(async (store) => {
      const s = session('u_a', 'u_b', T0);
      await store.transact(async (tx) => {
        await tx.insertSession(s);
        await tx.appendEvent(event(T0, { type: 'impersonation.started', sessionId: s.id }));
      });
      const [read, events] = await store.transact(async (tx) => [await tx.getSession(s.id), await tx.pageEvents({ sessionId: s.id }, { limit: 10, before: null })] as const);
      expect(read).toEqual(s);
      expect(events).toHaveLength(1);
    }));

    it('rolls back every write when the transaction throws', withStore(async (store) => {
      const s = session('u_a', 'u_b', T0);
      await expect(
        store.transact(async (tx) => {
          await tx.insertSession(s);
          await tx.appendEvent(event(T0));
          await tx.putConsent('u_b', { status: 'active', grantedAt: iso(T0), expiresAt: iso(T0 + 3_600_000), durationHours: 1 });
          await tx.putIdempotency('u_a', 'k', { sessionId: s.id, fingerprint: 'f', at: T0 });
          await tx.recordStartAttempt('u_a', T0);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      await store.transact(async (tx) => {
        expect(await tx.getSession(s.id)).toBeNull();
        expect(await tx.getActiveSession('u_a')).toBeNull();
        expect(await tx.pageEvents({}, { limit: 10, before: null })).toEqual([]);
        expect(await tx.getConsent('u_b')).toBeNull();
        expect(await tx.getIdempotency('u_a', 'k')).toBeNull();
        expect((await tx.countStartAttempts('u_a', T0 - 60_000)).count).toBe(0);
      });
    }));

    it('hands out copies: changing a record read changes nothing stored', withStore(async (store) => {
      const s = session('u_a', 'u_b', T0);
      await store.transact((tx) => tx.insertSession(s));
      await store.transact(async (tx) => {
        const read = await tx.getSession(s.id);
        if (read) read.status = 'ended';
      });
      expect((await store.transact((tx) => tx.getSession(s.id)))?.status).toBe('active');
    }));

    it('holds at most one active session per impersonator, even under concurrent inserts', withStore(async (store) => {
      const results = await Promise.allSettled(
        ['u_b', 'u_c', 'u_d', 'u_e'].map((target) =>
          store.transact(async (tx) => {
            if (await tx.getActiveSession('u_a')) throw new ActiveSessionExistsError();
            await tx.insertSession(session('u_a', target, T0));
          }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ActiveSessionExistsError);
      await expect(store.transact((tx) => tx.insertSession(session('u_a', 'u_z', T0)))).rejects.toBeInstanceOf(ActiveSessionExistsError);
      // Ended sessions do not count: the impersonator may start again after an end.
      const active = await store.transact((tx) => tx.getActiveSession('u_a'));
      await store.transact((tx) => tx.updateActiveSession(active?.id ?? '', { status: 'ended', endedAt: iso(T0 + 1), endReason: 'ended' }));
      await store.transact((tx) => tx.insertSession(session('u_a', 'u_z', T0 + 2)));
      expect((await store.transact((tx) => tx.getActiveSession('u_a')))?.target.id).toBe('u_z');
    }));

    it('lets exactly one of concurrent conditional ends win', withStore(async (store) => {
      const s = session('u_a', 'u_b', T0);
      await store.transact((tx) => tx.insertSession(s));
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.transact(async (tx) => {
            const ended = await tx.updateActiveSession(s.id, { status: 'ended', endedAt: iso(T0 + i), endReason: 'ended' });
            if (ended) await tx.appendEvent(event(T0 + i, { type: 'impersonation.ended', sessionId: s.id, endReason: 'ended' }));
            return ended !== null;
          }),
        ),
      );
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      const events = await store.transact((tx) => tx.pageEvents({ sessionId: s.id, type: 'impersonation.ended' }, { limit: 10, before: null }));
      expect(events).toHaveLength(1);
      expect(await store.transact((tx) => tx.getActiveSession('u_a'))).toBeNull();
    }));

    it('marks a session restarted once', withStore(async (store) => {
      const s = session('u_a', 'u_b', T0, { status: 'ended', endedAt: iso(T0), endReason: 'ended' });
      await store.transact((tx) => tx.insertSession(s));
      const wins = await Promise.all([1, 2, 3].map((n) => store.transact((tx) => tx.markRestarted(s.id, `imp_${n}`))));
      expect(wins.filter(Boolean)).toHaveLength(1);
    }));

    it('remembers idempotency records per (viewer, key)', withStore(async (store) => {
      await store.transact((tx) => tx.putIdempotency('u_a', 'key-1', { sessionId: 'imp_1', fingerprint: 'fp', at: T0 }));
      await store.transact(async (tx) => {
        expect(await tx.getIdempotency('u_a', 'key-1')).toEqual({ sessionId: 'imp_1', fingerprint: 'fp', at: T0 });
        expect(await tx.getIdempotency('u_b', 'key-1')).toBeNull();
        expect(await tx.getIdempotency('u_a', 'key-2')).toBeNull();
      });
    }));

    it('counts start attempts of the last window exactly, per viewer', withStore(async (store) => {
      for (let i = 0; i < 10; i++) await store.transact((tx) => tx.recordStartAttempt('u_a', T0 + i * 1_000));
      await store.transact((tx) => tx.recordStartAttempt('u_b', T0));
      await store.transact(async (tx) => {
        expect(await tx.countStartAttempts('u_a', T0)).toEqual({ count: 10, oldest: T0 });
        expect(await tx.countStartAttempts('u_a', T0 + 5_000)).toEqual({ count: 5, oldest: T0 + 5_000 });
        expect((await tx.countStartAttempts('u_b', T0)).count).toBe(1);
        expect((await tx.countStartAttempts('u_c', T0)).count).toBe(0);
      });
    }));

    it('counts concurrent attempts without losing one', withStore(async (store) => {
      await Promise.all(Array.from({ length: 12 }, (_, i) => store.transact((tx) => tx.recordStartAttempt('u_a', T0 + i))));
      expect((await store.transact((tx) => tx.countStartAttempts('u_a', T0))).count).toBe(12);
    }));

    it('pages events newest first by (at, id), with stable keys while new rows arrive', withStore(async (store) => {
      const written: AuditEvent[] = [];
      for (let i = 0; i < 7; i++) {
        const e = event(T0 + Math.floor(i / 2) * 1_000);
        written.push(e);
        await store.transact((tx) => tx.appendEvent(e));
      }
      const expected = [...written].sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1)).map((e) => e.id);
      const first = await store.transact((tx) => tx.pageEvents({}, { limit: 3, before: null }));
      expect(first.map((e) => e.id)).toEqual(expected.slice(0, 3));
      const last = first[2] as AuditEvent;
      await store.transact((tx) => tx.appendEvent(event(T0 + 99_000)));
      const second = await store.transact((tx) => tx.pageEvents({}, { limit: 10, before: { at: Date.parse(last.at), id: last.id } }));
      expect(second.map((e) => e.id)).toEqual(expected.slice(3));
    }));

    it('filters events by session, user and type', withStore(async (store) => {
      await store.transact(async (tx) => {
        await tx.appendEvent(event(T0, { type: 'impersonation.started', sessionId: 'imp_1', impersonator: ref('u_a'), impersonated: ref('u_b') }));
        await tx.appendEvent(event(T0 + 1, { type: 'impersonation.action', sessionId: 'imp_1', impersonator: ref('u_a'), impersonated: ref('u_b') }));
        await tx.appendEvent(event(T0 + 2, { type: 'consent.granted', actor: ref('u_c') }));
      });
      await store.transact(async (tx) => {
        expect((await tx.pageEvents({ sessionId: 'imp_1' }, { limit: 10, before: null })).map((e) => e.type)).toEqual(['impersonation.action', 'impersonation.started']);
        expect((await tx.pageEvents({ userId: 'u_b' }, { limit: 10, before: null })).length).toBe(2);
        expect((await tx.pageEvents({ userId: 'u_c' }, { limit: 10, before: null })).map((e) => e.type)).toEqual(['consent.granted']);
        expect((await tx.pageEvents({ type: 'impersonation.action', userId: 'u_a' }, { limit: 10, before: null })).length).toBe(1);
      });
    }));

    it('pages sessions by impersonator and by target, newest first', withStore(async (store) => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const s = session('u_a', i % 2 ? 'u_b' : 'u_c', T0 + i * 1_000, { status: 'ended', endedAt: iso(T0 + i * 1_000 + 1), endReason: 'ended' });
        ids.push(s.id);
        await store.transact((tx) => tx.insertSession(s));
      }
      await store.transact(async (tx) => {
        const page = await tx.pageSessions({ impersonatorId: 'u_a' }, { limit: 2, before: null });
        expect(page.map((s) => s.id)).toEqual([ids[4], ids[3]]);
        const next = await tx.pageSessions({ impersonatorId: 'u_a' }, { limit: 10, before: { at: T0 + 3_000, id: ids[3] ?? '' } });
        expect(next.map((s) => s.id)).toEqual([ids[2], ids[1], ids[0]]);
        expect((await tx.pageSessions({ targetId: 'u_b' }, { limit: 10, before: null })).map((s) => s.id)).toEqual([ids[3], ids[1]]);
      });
    }));

    it('lists what is due: active sessions and consents past their expiry', withStore(async (store) => {
      const due = session('u_a', 'u_b', T0, { expiresAt: iso(T0 + 10) });
      const later = session('u_c', 'u_b', T0, { expiresAt: iso(T0 + 10_000) });
      await store.transact(async (tx) => {
        await tx.insertSession(due);
        await tx.insertSession(later);
        await tx.putConsent('u_b', { status: 'active', grantedAt: iso(T0), expiresAt: iso(T0 + 5), durationHours: 1 });
        await tx.putConsent('u_d', { status: 'revoked', grantedAt: iso(T0), expiresAt: iso(T0 + 5), durationHours: 1 });
      });
      await store.transact(async (tx) => {
        expect((await tx.listDueSessions(T0 + 10, 10)).map((s) => s.id)).toEqual([due.id]);
        expect((await tx.listDueConsents(T0 + 10, 10)).map((c) => c.userId)).toEqual(['u_b']);
        expect((await tx.listActiveSessionsByTarget('u_b')).map((s) => s.id).sort()).toEqual([due.id, later.id].sort());
      });
    }));

    it('keeps any string exactly, NUL characters and lone surrogates included', withStore(async (store) => {
      // Reasons and request bodies come from users: a store stores them as given, never refuses them.
      const hostile = 'a\u0000b \ud800 c\udfff \u202e\\u0000"';
      const s = session('u_a', 'u_b', T0, { reason: hostile });
      const e = event(T0, { type: 'impersonation.action', sessionId: s.id, reason: hostile, request: { method: 'POST', path: `/x?q=${hostile}`, status: 0, body: { [hostile]: [hostile, { nested: hostile }] } } });
      await store.transact(async (tx) => {
        await tx.insertSession(s);
        await tx.appendEvent(e);
      });
      await store.transact((tx) => tx.setActionStatus(e.id, 400));
      const [read, events] = await store.transact(async (tx) => [await tx.getSession(s.id), await tx.pageEvents({ sessionId: s.id }, { limit: 10, before: null })] as const);
      expect(read?.reason).toBe(hostile);
      expect(events).toEqual([{ ...e, request: { ...e.request, status: 400 } }]);
    }));

    it('records the status of an action written before the call ran', withStore(async (store) => {
      const e = event(T0, { type: 'impersonation.action', sessionId: 'imp_1', request: { method: 'POST', path: '/x', status: 0, body: null } });
      await store.transact((tx) => tx.appendEvent(e));
      await store.transact((tx) => tx.setActionStatus(e.id, 201));
      const [read] = await store.transact((tx) => tx.pageEvents({ sessionId: 'imp_1' }, { limit: 1, before: null }));
      expect(read?.request?.status).toBe(201);
    }));
  });
}
