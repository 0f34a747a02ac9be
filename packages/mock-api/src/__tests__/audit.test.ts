import type { AuditEvent, Page, Session } from '@impersonate-kit/sdk';
import { describe, expect, it } from 'vitest';
import { GOOD_START, expectError, useServer } from './harness';

const mockApi = useServer();
type Events = Page<AuditEvent>;

describe('the audit trail', () => {
  describe('who sees what', () => {
    const withHistory = async () => {
      const m = mockApi({ preset: 'account-admin' });
      const session = await m.start(GOOD_START['account-admin']);
      await m.app('GET', '/projects');
      await m.call('DELETE', '/sessions/current');
      return { m, session };
    };

    it('a permission holder reads the account’s whole trail, newest first', async () => {
      const { m, session } = await withHistory();
      const trail = await m.call<Events>('GET', '/audit', { as: 'u_admin' });
      expect(trail.body.items.map((e) => [e.type, e.sessionId])).toEqual([
        ['impersonation.ended', session.id],
        ['impersonation.action', session.id],
        ['impersonation.started', session.id],
      ]);
    });

    it('a user without the permission cannot read the account trail (403 forbidden)', async () => {
      const { m } = await withHistory();
      expectError(await m.call('GET', '/audit', { as: 'u_alice' }), 403, 'forbidden');
    });

    it('the target sees every session that ran as her and every action in it', async () => {
      const { m, session } = await withHistory();
      const sessions = await m.call<Page<Session>>('GET', '/sessions?role=impersonated', { as: 'u_alice' });
      expect(sessions.body.items.map((s) => s.id)).toEqual([session.id]);
      const events = await m.call<Events>('GET', `/sessions/${session.id}/events`, { as: 'u_alice' });
      expect(events.body.items.map((e) => e.type)).toEqual(['impersonation.ended', 'impersonation.action', 'impersonation.started']);
    });

    it('a bystander sees neither the session nor its events', async () => {
      const { m, session } = await withHistory();
      expect((await m.call<Page<Session>>('GET', '/sessions?role=impersonated', { as: 'u_bob' })).body.items).toEqual([]);
      expectError(await m.call('GET', `/sessions/${session.id}/events`, { as: 'u_bob' }), 404, 'not_found');
    });

    it('in the consent preset an admin without Super Admin or Owner cannot read the trail', async () => {
      const m = mockApi({ preset: 'consent' });
      expectError(await m.call('GET', '/audit', { as: 'u_ada' }), 403, 'forbidden');
      expect((await m.call('GET', '/audit', { as: 'u_admin' })).status).toBe(200);
    });

    it('filters by type, session and user', async () => {
      const { m, session } = await withHistory();
      await m.call('PUT', '/consent', { as: 'u_bob', body: { durationHours: 1 } });
      const byType = await m.call<Events>('GET', '/audit?type=impersonation.action');
      expect(byType.body.items.map((e) => e.type)).toEqual(['impersonation.action']);
      const bySession = await m.call<Events>(`GET`, `/audit?sessionId=${session.id}&type=impersonation.started`);
      expect(bySession.body.items).toHaveLength(1);
      const byUser = await m.call<Events>('GET', '/audit?userId=u_bob');
      expect(byUser.body.items.map((e) => e.type)).toEqual(['consent.granted']);
      expectError(await m.call('GET', '/audit?type=impersonation.paused'), 422, 'validation_failed');
    });
  });

  describe('pages', () => {
    const withEvents = async (count: number) => {
      const m = mockApi({ preset: 'account-admin' });
      for (let i = 0; i < count; i++) await m.api.handle({ method: 'PUT', path: '/api/impersonation/consent', body: { durationHours: 1 + (i % 100) }, viewerId: 'u_bob' });
      return m;
    };

    it('default to 50 items and accept 1..200', async () => {
      const m = await withEvents(210);
      expect((await m.call<Events>('GET', '/audit')).body.items).toHaveLength(50);
      expect((await m.call<Events>('GET', '/audit?limit=1')).body.items).toHaveLength(1);
      expect((await m.call<Events>('GET', '/audit?limit=200')).body.items).toHaveLength(200);
    });

    it.each(['0', '201', '-1', '1.5', 'ten'])('refuse limit=%s with 422 validation_failed', async (limit) => {
      const m = await withEvents(3);
      expectError(await m.call('GET', `/audit?limit=${limit}`), 422, 'validation_failed');
      expectError(await m.call('GET', `/sessions?role=impersonator&limit=${limit}`), 422, 'validation_failed');
    });

    it('refuse a cursor that is not one of theirs with 422 validation_failed', async () => {
      const m = await withEvents(3);
      expectError(await m.call('GET', '/audit?cursor=not-a-cursor'), 422, 'validation_failed');
    });

    it('walk every event exactly once, newest first, and end with a null cursor', async () => {
      const m = await withEvents(7);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: Events } = await m.call<Events>('GET', `/audit?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        seen.push(...page.body.items.map((e) => e.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(m.api.getState().events.map((e) => e.id).reverse());
    });

    it('stay stable while new events arrive between pages', async () => {
      const m = await withEvents(6);
      const all = m.api.getState().events.map((e) => e.id).reverse();
      const first = await m.call<Events>('GET', '/audit?limit=3');
      await withEventsInto(m, 5);
      const second = await m.call<Events>('GET', `/audit?limit=3&cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`);
      expect([...first.body.items, ...second.body.items].map((e) => e.id)).toEqual(all);
      expect(second.body.nextCursor).toBeNull();
    });

    async function withEventsInto(m: Awaited<ReturnType<typeof withEvents>>, count: number) {
      for (let i = 0; i < count; i++) await m.call('PUT', '/consent', { as: 'u_alice', body: { durationHours: 2 } });
    }
  });
});
