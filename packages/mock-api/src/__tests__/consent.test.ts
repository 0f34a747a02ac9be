import type { AuditEvent, Consent, Eligibility, Session } from '@impersonate-kit/sdk';
import { describe, expect, it } from 'vitest';
import { T0, expectError, useServer } from './harness';

const mockApi = useServer();
const HOUR = 3_600_000;
const at = (ms: number) => new Date(ms).toISOString();
type ConsentReply = { consent: Consent; serverTime: string };
type SessionReply = { session: Session; serverTime: string };

describe('consent', () => {
  describe('the viewer’s own consent', () => {
    it('starts inactive, is granted for whole hours, and is read back with the server time', async () => {
      const m = mockApi({ preset: 'consent' });
      expect((await m.call<ConsentReply>('GET', '/consent', { as: 'u_bob' })).body).toEqual({
        consent: { status: 'inactive', grantedAt: null, expiresAt: null, durationHours: null },
        serverTime: at(T0),
      });
      const granted = await m.call<ConsentReply>('PUT', '/consent', { as: 'u_bob', body: { durationHours: 24 } });
      expect(granted.body.consent).toEqual({ status: 'active', grantedAt: at(T0), expiresAt: at(T0 + 24 * HOUR), durationHours: 24 });
      expect((await m.call<ConsentReply>('GET', '/consent', { as: 'u_bob' })).body.consent.status).toBe('active');
    });

    it('is seeded for u_alice so the consent preset can be tried at once', async () => {
      const m = mockApi({ preset: 'consent' });
      expect((await m.call<ConsentReply>('GET', '/consent', { as: 'u_alice' })).body.consent).toMatchObject({ status: 'active', durationHours: 24 });
    });

    it('shows on eligibility as consentExpiresAt', async () => {
      const m = mockApi({ preset: 'consent' });
      const reply = await m.call<{ items: Eligibility[] }>('GET', '/eligibility?userIds=u_alice,u_bob');
      expect(reply.body.items).toEqual([
        { userId: 'u_alice', allowed: true, denials: [], consentExpiresAt: at(T0 + 24 * HOUR) },
        { userId: 'u_bob', allowed: false, denials: ['consent_required'], consentExpiresAt: null },
      ]);
    });
  });

  describe('given a session capped by consent', () => {
    const begin = async () => {
      const m = mockApi({ preset: 'consent' });
      await m.call('PUT', '/consent', { as: 'u_bob', body: { durationHours: 2 } });
      const session = await m.start({ targetUserId: 'u_bob' });
      return { m, session };
    };

    it('expires with the consent, as expired because of consent', async () => {
      const { m, session } = await begin();
      expect(session).toMatchObject({ expiresAt: at(T0 + 2 * HOUR), expiresBecause: 'consent' });
      m.clock.advance(2 * HOUR - 1);
      expect((await m.call('GET', '/sessions/current')).status).toBe(200);
      m.clock.advance(1);
      expectError(await m.call('GET', '/sessions/current'), 404, 'no_active_session');
      expect((await m.call<SessionReply>('GET', `/sessions/${session.id}`)).body.session).toMatchObject({ endReason: 'expired', endedAt: at(T0 + 2 * HOUR) });
    });

    it('writes consent.expired once when the consent lapses, before the session’s end', async () => {
      const { m } = await begin();
      m.clock.advance(3 * HOUR);
      await m.call('GET', '/viewer');
      await m.call('GET', '/viewer');
      const types = m.api.getState().events.map((e) => e.type);
      expect(types).toEqual(['consent.granted', 'impersonation.started', 'consent.expired', 'impersonation.ended']);
      expect((await m.call<ConsentReply>('GET', '/consent', { as: 'u_bob' })).body.consent.status).toBe('inactive');
    });

    it('ends at once when the user revokes, as consent_revoked', async () => {
      const { m, session } = await begin();
      m.clock.advance(10 * 60_000);
      const revoked = await m.call<ConsentReply>('DELETE', '/consent', { as: 'u_bob' });
      expect(revoked.body.consent.status).toBe('inactive');
      expect((await m.call<SessionReply>('GET', `/sessions/${session.id}`)).body.session).toMatchObject({ status: 'ended', endReason: 'consent_revoked', endedAt: at(T0 + 10 * 60_000) });
      const events = m.api.getState().events.slice(-2);
      expect(events.map((e) => [e.type, e.actor.id])).toEqual([
        ['consent.revoked', 'u_bob'],
        ['impersonation.ended', 'u_bob'],
      ]);
    });

    it('follows a replaced consent: a shorter one pulls the deadline in', async () => {
      const { m } = await begin();
      await m.call('PUT', '/consent', { as: 'u_bob', body: { durationHours: 1 } });
      expect((await m.call<SessionReply>('GET', '/sessions/current')).body.session).toMatchObject({ expiresAt: at(T0 + HOUR), expiresBecause: 'consent' });
    });

    it('allows a restart while consent lasts, and refuses it once consent is gone', async () => {
      const { m, session } = await begin();
      await m.call('DELETE', '/sessions/current');
      const restarted = await m.call<SessionReply>('POST', `/sessions/${session.id}/restart`);
      expect(restarted.status).toBe(201);
      await m.call('DELETE', '/consent', { as: 'u_bob' });
      expectError(await m.call('POST', `/sessions/${restarted.body.session.id}/restart`), 403, 'consent_required');
    });
  });

  describe('outside the consent preset', () => {
    it('revoking does not end sessions that never rested on consent', async () => {
      const m = mockApi({ preset: 'account-admin' });
      await m.call('PUT', '/consent', { as: 'u_alice', body: { durationHours: 1 } });
      await m.start({ targetUserId: 'u_alice', reason: 'Reproducing a dashboard bug' });
      await m.call('DELETE', '/consent', { as: 'u_alice' });
      expect((await m.call<SessionReply>('GET', '/sessions/current')).body.session.status).toBe('active');
    });
  });

  it('records grants and revocations in the audit with the user as actor', async () => {
    const m = mockApi({ preset: 'consent' });
    await m.call('PUT', '/consent', { as: 'u_bob', body: { durationHours: 72 } });
    await m.call('DELETE', '/consent', { as: 'u_bob' });
    const trail = await m.call<{ items: AuditEvent[] }>('GET', '/audit?userId=u_bob');
    expect(trail.body.items.map((e) => [e.type, e.actor.id])).toEqual([
      ['consent.revoked', 'u_bob'],
      ['consent.granted', 'u_bob'],
    ]);
  });
});
