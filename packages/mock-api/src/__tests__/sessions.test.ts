import type { AuditEvent, Session } from '@impersonate-kit/sdk';
import { describe, expect, it } from 'vitest';
import type { MockPreset } from '../types';
import { GOOD_START, T0, expectError, useServer } from './harness';

const mockApi = useServer();
const at = (ms: number) => new Date(ms).toISOString();
type SessionReply = { session: Session; serverTime: string };

describe('sessions', () => {
  describe('starting', () => {
    it('answers 201 with the session, its deadline and the server time', async () => {
      const m = mockApi({ preset: 'account-admin' });
      const reply = await m.call<SessionReply>('POST', '/sessions', { body: GOOD_START['account-admin'] });
      expect(reply.status).toBe(201);
      expect(reply.body.serverTime).toBe(at(T0));
      expect(reply.body.session).toMatchObject({
        status: 'active',
        impersonator: { id: 'u_owner', name: 'Olivia Owner', email: 'olivia@acme.test' },
        target: { id: 'u_alice' },
        reason: 'Reproducing a dashboard bug',
        reasonCategory: 'Troubleshooting',
        startedAt: at(T0),
        lastActivityAt: at(T0),
        expiresAt: at(T0 + 30 * 60_000),
        expiresBecause: 'max_duration',
        endedAt: null,
        endReason: null,
        restartOf: null,
      });
      expect(reply.body.session.id).toMatch(/^imp_/);
    });

    it('shows the session on /viewer and /sessions/current', async () => {
      const m = mockApi();
      const session = await m.start(GOOD_START['account-admin']);
      expect((await m.call('GET', '/viewer')).body).toMatchObject({ user: { id: 'u_owner' }, permissions: ['impersonate:users'], session: { id: session.id } });
      expect((await m.call('GET', '/sessions/current')).body).toMatchObject({ session: { id: session.id }, serverTime: at(T0) });
    });

    it('ends with End session: status ended, endReason ended, and nothing current', async () => {
      const m = mockApi();
      await m.start(GOOD_START['account-admin']);
      m.clock.advance(5_000);
      const ended = await m.call<SessionReply>('DELETE', '/sessions/current');
      expect(ended.body.session).toMatchObject({ status: 'ended', endReason: 'ended', endedAt: at(T0 + 5_000) });
      expectError(await m.call('GET', '/sessions/current'), 404, 'no_active_session');
      expect((await m.call('GET', '/viewer')).body).toMatchObject({ session: null });
    });
  });

  describe('Idempotency-Key', () => {
    it('answers the same key within 10 minutes with the same session, never a second one', async () => {
      const m = mockApi();
      const headers = { 'Idempotency-Key': 'start-1' };
      const first = await m.start(GOOD_START['account-admin'], { headers });
      m.clock.advance(9 * 60_000);
      const again = await m.start(GOOD_START['account-admin'], { headers });
      expect(again.id).toBe(first.id);
      expect(m.api.getState().sessions).toHaveLength(1);
      expect(m.api.getState().events.filter((e) => e.type === 'impersonation.started')).toHaveLength(1);
    });

    it('replays even after the session ended, showing it ended', async () => {
      const m = mockApi();
      const headers = { 'Idempotency-Key': 'start-2' };
      const first = await m.start(GOOD_START['account-admin'], { headers });
      await m.call('DELETE', '/sessions/current');
      const again = await m.start(GOOD_START['account-admin'], { headers });
      expect(again).toMatchObject({ id: first.id, status: 'ended' });
    });

    it('forgets the key after 10 minutes', async () => {
      const m = mockApi();
      const headers = { 'Idempotency-Key': 'start-3' };
      const first = await m.start(GOOD_START['account-admin'], { headers });
      await m.call('DELETE', '/sessions/current');
      m.clock.advance(10 * 60_000);
      const second = await m.start(GOOD_START['account-admin'], { headers });
      expect(second.id).not.toBe(first.id);
    });

    it('keeps a start’s key apart from a restart’s: the restart still makes a new session', async () => {
      const m = mockApi();
      const headers = { 'Idempotency-Key': 'reused' };
      const first = await m.start(GOOD_START['account-admin'], { headers });
      await m.call('DELETE', '/sessions/current');
      const restarted = await m.call<SessionReply>('POST', `/sessions/${first.id}/restart`, { headers });
      expect(restarted.status).toBe(201);
      expect(restarted.body.session).toMatchObject({ status: 'active', restartOf: first.id });
      const again = await m.call<SessionReply>('POST', `/sessions/${first.id}/restart`, { headers });
      expect(again.body.session.id).toBe(restarted.body.session.id);
    });

    it('keeps keys apart per viewer', async () => {
      const m = mockApi();
      const headers = { 'Idempotency-Key': 'same' };
      const mine = await m.start(GOOD_START['account-admin'], { headers });
      const theirs = await m.start(GOOD_START['account-admin'], { headers, as: 'u_admin' });
      expect(theirs.id).not.toBe(mine.id);
      expect(theirs.impersonator.id).toBe('u_admin');
    });
  });

  describe('expiry is lazy and exact', () => {
    it('account-admin: active 1 ms before expiresAt, ended as expired at it, with one ended event', async () => {
      const m = mockApi({ preset: 'account-admin' });
      const session = await m.start(GOOD_START['account-admin']);
      m.clock.advance(30 * 60_000 - 1);
      expect((await m.call('GET', '/sessions/current')).status).toBe(200);
      m.clock.advance(1);
      expectError(await m.call('GET', '/sessions/current'), 404, 'no_active_session');
      const seen = await m.call<SessionReply>('GET', `/sessions/${session.id}`);
      expect(seen.body.session).toMatchObject({ status: 'ended', endReason: 'expired', endedAt: session.expiresAt });
      await m.call('GET', `/sessions/${session.id}`);
      const ended = m.api.getState().events.filter((e) => e.type === 'impersonation.ended');
      expect(ended).toEqual([expect.objectContaining({ sessionId: session.id, endReason: 'expired', at: session.expiresAt })]);
    });

    it('a heartbeat does not stretch a fixed limit', async () => {
      const m = mockApi({ preset: 'account-admin' });
      const session = await m.start(GOOD_START['account-admin']);
      m.clock.advance(20 * 60_000);
      const beat = await m.call<SessionReply>('POST', '/sessions/current/activity');
      expect(beat.body.session.expiresAt).toBe(session.expiresAt);
      expect(beat.body.session.lastActivityAt).toBe(at(T0 + 20 * 60_000));
    });

    it('a call at expiresAt cannot end the session as ended: it already expired', async () => {
      const m = mockApi({ preset: 'account-admin' });
      await m.start(GOOD_START['account-admin']);
      m.clock.advance(30 * 60_000);
      expectError(await m.call('DELETE', '/sessions/current'), 404, 'no_active_session');
    });
  });

  describe('idle timeout (enterprise, 1 h)', () => {
    it('expires after an hour without activity as idle_timeout', async () => {
      const m = mockApi({ preset: 'enterprise' });
      const session = await m.start(GOOD_START.enterprise);
      expect(session).toMatchObject({ expiresBecause: 'idle', expiresAt: at(T0 + 3_600_000) });
      m.clock.advance(3_600_000 - 1);
      expect((await m.call('GET', '/sessions/current')).status).toBe(200);
      m.clock.advance(1);
      expectError(await m.call('GET', '/sessions/current'), 404, 'no_active_session');
      expect((await m.call<SessionReply>('GET', `/sessions/${session.id}`)).body.session).toMatchObject({ endReason: 'idle_timeout', endedAt: at(T0 + 3_600_000) });
    });

    it('a heartbeat moves the idle deadline', async () => {
      const m = mockApi({ preset: 'enterprise' });
      await m.start(GOOD_START.enterprise);
      m.clock.advance(50 * 60_000);
      const beat = await m.call<SessionReply>('POST', '/sessions/current/activity');
      expect(beat.body.session).toMatchObject({ lastActivityAt: at(T0 + 50 * 60_000), expiresAt: at(T0 + 110 * 60_000), expiresBecause: 'idle' });
      m.clock.advance(59 * 60_000);
      expect((await m.call('GET', '/sessions/current')).status).toBe(200);
      m.clock.advance(60_000);
      expectError(await m.call('GET', '/sessions/current'), 404, 'no_active_session');
    });

    it('a sample-app call counts as activity', async () => {
      const m = mockApi({ preset: 'enterprise' });
      await m.start(GOOD_START.enterprise);
      m.clock.advance(30 * 60_000);
      await m.app('GET', '/projects');
      expect((await m.call<SessionReply>('GET', '/sessions/current')).body.session.expiresAt).toBe(at(T0 + 90 * 60_000));
    });
  });

  describe('restart', () => {
    it.each(['account-admin', 'enterprise', 'consent'] as MockPreset[])('%s: starts a new session with the same target and reason after the old one ended', async (preset) => {
      const m = mockApi({ preset });
      const first = await m.start(GOOD_START[preset]);
      await m.call('DELETE', '/sessions/current');
      m.clock.advance(1_000);
      // Restart is a real start: where the policy asks for a second factor, it asks again.
      const body = preset === 'enterprise' ? { stepUpCode: '123456' } : {};
      const reply = await m.call<SessionReply>('POST', `/sessions/${first.id}/restart`, { body });
      expect(reply.status).toBe(201);
      expect(reply.body.session).toMatchObject({ status: 'active', target: first.target, reason: first.reason, reasonCategory: first.reasonCategory, restartOf: first.id, startedAt: at(T0 + 1_000) });
      expect(reply.body.session.id).not.toBe(first.id);
    });

    it('asks for the second factor again in enterprise: missing 403 step_up_required, wrong 403 step_up_invalid', async () => {
      const m = mockApi({ preset: 'enterprise' });
      const first = await m.start(GOOD_START.enterprise);
      await m.call('DELETE', '/sessions/current');
      expectError(await m.call('POST', `/sessions/${first.id}/restart`), 403, 'step_up_required');
      expectError(await m.call('POST', `/sessions/${first.id}/restart`, { body: { stepUpCode: '000000' } }), 403, 'step_up_invalid');
      expect((await m.call('POST', `/sessions/${first.id}/restart`, { body: { stepUpCode: '123456' } })).status).toBe(201);
    });

    it('refuses a restart later than the restart window after the end with 409 restart_not_allowed', async () => {
      const m = mockApi();
      const first = await m.start(GOOD_START['account-admin']);
      await m.call('DELETE', '/sessions/current');
      m.clock.advance(600_001);
      expectError(await m.call('POST', `/sessions/${first.id}/restart`), 409, 'restart_not_allowed');
    });

    it('restarts an expired session', async () => {
      const m = mockApi({ preset: 'account-admin' });
      const first = await m.start(GOOD_START['account-admin']);
      m.clock.advance(30 * 60_000);
      expect((await m.call('POST', `/sessions/${first.id}/restart`)).status).toBe(201);
    });

    describe('refuses with 409 restart_not_allowed', () => {
      it('a second restart of the same session', async () => {
        const m = mockApi();
        const first = await m.start(GOOD_START['account-admin']);
        await m.call('DELETE', '/sessions/current');
        await m.call('POST', `/sessions/${first.id}/restart`);
        await m.call('DELETE', '/sessions/current');
        expectError(await m.call('POST', `/sessions/${first.id}/restart`), 409, 'restart_not_allowed');
      });

    });

    it('answers someone else’s session like a missing one: 404 not_found', async () => {
      const m = mockApi();
      const first = await m.start(GOOD_START['account-admin']);
      await m.call('DELETE', '/sessions/current');
      expectError(await m.call('POST', `/sessions/${first.id}/restart`, { as: 'u_admin' }), 404, 'not_found');
    });

    describe('also refuses with 409 restart_not_allowed', () => {

      it('any session when the policy forbids restarts', async () => {
        const m = mockApi({ policy: { session: { restartAllowed: false } } });
        const first = await m.start(GOOD_START['account-admin']);
        await m.call('DELETE', '/sessions/current');
        expectError(await m.call('POST', `/sessions/${first.id}/restart`), 409, 'restart_not_allowed');
      });
    });

    it('answers 404 not_found for an unknown session', async () => {
      const m = mockApi();
      expectError(await m.call('POST', '/sessions/imp_missing/restart'), 404, 'not_found');
    });

    it('still applies the target rules: a suspended target cannot be restarted', async () => {
      const m = mockApi();
      const first = await m.start(GOOD_START['account-admin']);
      await m.api.setUserStatus('u_alice', 'suspended');
      expectError(await m.call('POST', `/sessions/${first.id}/restart`), 403, 'target_unavailable');
    });

    it('refuses while another session runs with 409 already_impersonating', async () => {
      const m = mockApi();
      const first = await m.start(GOOD_START['account-admin']);
      await m.call('DELETE', '/sessions/current');
      await m.start({ ...GOOD_START['account-admin'], targetUserId: 'u_bob' });
      expectError(await m.call('POST', `/sessions/${first.id}/restart`), 409, 'already_impersonating');
    });
  });

  describe('ending from outside', () => {
    it('a suspended or deleted target ends its sessions as target_unavailable', async () => {
      const m = mockApi();
      const session = await m.start(GOOD_START['account-admin']);
      m.clock.advance(2_000);
      await m.api.setUserStatus('u_alice', 'suspended');
      expect((await m.call<SessionReply>('GET', `/sessions/${session.id}`)).body.session).toMatchObject({ endReason: 'target_unavailable', endedAt: at(T0 + 2_000) });
    });

    it('logging the impersonator out ends their session as logged_out', async () => {
      const m = mockApi();
      const session = await m.start(GOOD_START['account-admin']);
      m.api.signOut();
      expectError(await m.call('GET', '/viewer'), 401, 'unauthenticated');
      expect((await m.call<SessionReply>('GET', `/sessions/${session.id}`, { as: 'u_owner' })).body.session).toMatchObject({ endReason: 'logged_out' });
    });
  });

  describe('reading one session', () => {
    it('lets its impersonator, its target and a permission holder read it; others get 404 not_found, exactly like a missing one', async () => {
      const m = mockApi();
      const session = await m.start(GOOD_START['account-admin']);
      for (const viewer of ['u_owner', 'u_alice', 'u_admin']) expect((await m.call('GET', `/sessions/${session.id}`, { as: viewer })).status).toBe(200);
      const hidden = await m.call('GET', `/sessions/${session.id}`, { as: 'u_bob' });
      expectError(hidden, 404, 'not_found');
      expect(hidden.body).toEqual((await m.call('GET', '/sessions/imp_missing', { as: 'u_bob' })).body);
      expectError(await m.call('GET', `/sessions/${session.id}/events`, { as: 'u_bob' }), 404, 'not_found');
    });

    it('answers 404 not_found for an unknown id', async () => {
      const m = mockApi();
      expectError(await m.call('GET', '/sessions/imp_missing'), 404, 'not_found');
      expectError(await m.call('GET', '/sessions/imp_missing/events'), 404, 'not_found');
    });
  });

  describe('listing', () => {
    it('lists the sessions the viewer ran, and those that ran as them, newest first', async () => {
      const m = mockApi();
      const first = await m.start(GOOD_START['account-admin']);
      await m.call('DELETE', '/sessions/current');
      const second = await m.start({ ...GOOD_START['account-admin'], targetUserId: 'u_bob' });
      const mine = await m.call<{ items: Session[]; nextCursor: string | null }>('GET', '/sessions?role=impersonator');
      expect(mine.body.items.map((s) => s.id)).toEqual([second.id, first.id]);
      expect(mine.body.nextCursor).toBeNull();
      const asAlice = await m.call<{ items: Session[] }>('GET', '/sessions?role=impersonated', { as: 'u_alice' });
      expect(asAlice.body.items.map((s) => s.id)).toEqual([first.id]);
    });

    it('answers 422 validation_failed without a valid role', async () => {
      const m = mockApi();
      expectError(await m.call('GET', '/sessions'), 422, 'validation_failed');
      expectError(await m.call('GET', '/sessions?role=admin'), 422, 'validation_failed');
    });

    it('writes started and ended events the target can read', async () => {
      const m = mockApi();
      const session = await m.start(GOOD_START['account-admin']);
      await m.call('DELETE', '/sessions/current');
      const events = await m.call<{ items: AuditEvent[] }>('GET', `/sessions/${session.id}/events`, { as: 'u_alice' });
      expect(events.body.items.map((e) => [e.type, e.endReason])).toEqual([
        ['impersonation.ended', 'ended'],
        ['impersonation.started', null],
      ]);
    });
  });
});
