import { describe, expect, it } from 'vitest';
import type { MockPreset } from '../types';
import { GOOD_START, expectError, useServer } from './harness';

const mockApi = useServer();
const ALL: MockPreset[] = ['account-admin', 'enterprise', 'consent'];

/** A user without the permission in each preset (u_ada is an admin but neither owner nor super admin). */
const NON_HOLDER: Record<MockPreset, string> = { 'account-admin': 'u_alice', enterprise: 'u_bob', consent: 'u_ada' };

describe('the rules of contract.md, each with its code and status', () => {
  describe.each(ALL)('in the %s preset', (preset) => {
    const setup = () => mockApi({ preset });
    const good = GOOD_START[preset];

    describe('not signed in', () => {
      it('answers 401 unauthenticated to every endpoint', async () => {
        const m = setup();
        m.api.signIn(null);
        for (const [method, path] of [['GET', '/policy'], ['GET', '/viewer'], ['POST', '/sessions'], ['GET', '/consent'], ['GET', '/audit']] as const) {
          expectError(await m.call(method, path, method === 'POST' ? { body: good } : {}), 401, 'unauthenticated');
        }
      });

      it('treats a bearer naming an unknown or suspended user as nobody', async () => {
        const m = setup();
        expectError(await m.call('GET', '/viewer', { as: 'u_ghost' }), 401, 'unauthenticated');
        expectError(await m.call('GET', '/viewer', { as: 'u_sam' }), 401, 'unauthenticated');
      });
    });

    it('refuses a viewer without impersonate:users with 403 forbidden', async () => {
      const m = setup();
      expectError(await m.call('POST', '/sessions', { as: NON_HOLDER[preset], body: good }), 403, 'forbidden');
      const viewer = await m.call('GET', '/viewer', { as: NON_HOLDER[preset] });
      expect(viewer.body).toMatchObject({ permissions: [] });
    });

    it('refuses impersonating yourself with 403 self_impersonation', async () => {
      const m = setup();
      expectError(await m.call('POST', '/sessions', { body: { ...good, targetUserId: 'u_owner' } }), 403, 'self_impersonation');
    });

    describe('no chaining', () => {
      it('refuses a second start while one runs with 409 already_impersonating', async () => {
        const m = setup();
        await m.start(good);
        expectError(await m.call('POST', '/sessions', { body: { ...good, targetUserId: 'u_bob' } }), 409, 'already_impersonating');
      });

      it('refuses a start made as the target (X-Impersonating) with 409 already_impersonating', async () => {
        const m = setup();
        expectError(await m.call('POST', '/sessions', { body: good, headers: { 'X-Impersonating': '1' } }), 409, 'already_impersonating');
      });
    });

    it('answers 404 target_not_found for an unknown user', async () => {
      const m = setup();
      expectError(await m.call('POST', '/sessions', { body: { ...good, targetUserId: 'u_nobody' } }), 404, 'target_not_found');
    });

    describe('an unavailable target', () => {
      it('refuses a suspended user with 403 target_unavailable', async () => {
        const m = setup();
        expectError(await m.call('POST', '/sessions', { body: { ...good, targetUserId: 'u_sam' } }), 403, 'target_unavailable');
      });

      it('refuses a deleted user with 403 target_unavailable', async () => {
        const m = setup();
        m.api.setUserStatus('u_alice', 'deleted');
        expectError(await m.call('POST', '/sessions', { body: good }), 403, 'target_unavailable');
      });
    });

    describe('consent durations', () => {
      it.each([0, 169, 1.5, '2', null])('refuses %j hours with 422 invalid_duration', async (durationHours) => {
        const m = setup();
        expectError(await m.call('PUT', '/consent', { as: 'u_bob', body: { durationHours } }), 422, 'invalid_duration');
      });

      it('refuses a missing duration with 422 invalid_duration and accepts 1 and 168', async () => {
        const m = setup();
        expectError(await m.call('PUT', '/consent', { as: 'u_bob', body: {} }), 422, 'invalid_duration');
        expect((await m.call('PUT', '/consent', { as: 'u_bob', body: { durationHours: 1 } })).status).toBe(200);
        expect((await m.call('PUT', '/consent', { as: 'u_bob', body: { durationHours: 168 } })).status).toBe(200);
      });
    });

    it('answers 404 no_active_session to session operations when none runs', async () => {
      const m = setup();
      expectError(await m.call('GET', '/sessions/current'), 404, 'no_active_session');
      expectError(await m.call('POST', '/sessions/current/activity'), 404, 'no_active_session');
      expectError(await m.call('DELETE', '/sessions/current'), 404, 'no_active_session');
    });

    it('answers 409 restart_not_allowed to restarting a session that is still active', async () => {
      const m = setup();
      const session = await m.start(good);
      expectError(await m.call('POST', `/sessions/${session.id}/restart`), 409, 'restart_not_allowed');
    });

    describe('validation', () => {
      it('answers 422 validation_failed to malformed JSON', async () => {
        const m = setup();
        expectError(await m.call('POST', '/sessions', { rawBody: '{"targetUserId": "u_alice",' }), 422, 'validation_failed');
        expectError(await m.call('PUT', '/consent', { rawBody: 'durationHours=2' }), 422, 'validation_failed');
      });

      it.each([
        ['a missing target', { reason: 'Reproducing a dashboard bug' }],
        ['a numeric target', { targetUserId: 42 }],
        ['a numeric reason', { targetUserId: 'u_alice', reason: 1234567890123 }],
        ['a numeric step-up code', { targetUserId: 'u_alice', stepUpCode: 123456 }],
      ])('answers 422 validation_failed to %s', async (_label, body) => {
        const m = setup();
        expectError(await m.call('POST', '/sessions', { body }), 422, 'validation_failed');
      });

      it('answers 422 validation_failed to malformed JSON on heartbeat, end and revoke, and changes nothing', async () => {
        const m = setup();
        const session = await m.start(good);
        await m.call('PUT', '/consent', { body: { durationHours: 2 } });
        expectError(await m.call('POST', '/sessions/current/activity', { rawBody: '{' }), 422, 'validation_failed');
        expectError(await m.call('DELETE', '/sessions/current', { rawBody: '{' }), 422, 'validation_failed');
        expectError(await m.call('DELETE', '/consent', { rawBody: '{' }), 422, 'validation_failed');
        expect((await m.call<{ session: { id: string } }>('GET', '/sessions/current')).body.session.id).toBe(session.id);
        expect((await m.call<{ consent: { status: string } }>('GET', '/consent')).body.consent.status).toBe('active');
      });

      it('answers 422 validation_failed to a body that is not an object', async () => {
        const m = setup();
        expectError(await m.call('POST', '/sessions', { body: ['u_alice'] }), 422, 'validation_failed');
      });
    });

    describe('rate limit', () => {
      it('allows ten starts a minute and answers the eleventh with 429 rate_limited', async () => {
        const m = setup();
        for (let i = 0; i < 10; i++) {
          await m.start(good);
          expect((await m.call('DELETE', '/sessions/current')).status).toBe(200);
        }
        const refused = await m.call('POST', '/sessions', { body: good });
        expectError(refused, 429, 'rate_limited');
        expect(refused.headers.get('Retry-After')).toBe('60');
        m.clock.advance(60_000);
        await m.start(good);
      });

      it('counts per viewer', async () => {
        const m = setup();
        for (let i = 0; i < 10; i++) {
          await m.start(good);
          await m.call('DELETE', '/sessions/current');
        }
        await m.start(good, { as: 'u_admin' });
      });
    });

    it('eligibility reports the same denials a start would meet', async () => {
      const m = setup();
      const reply = await m.call<{ items: { userId: string; allowed: boolean; denials: string[] }[] }>('GET', '/eligibility?userIds=u_alice,u_owner,u_sam,u_nobody');
      const byId = Object.fromEntries(reply.body.items.map((item) => [item.userId, item]));
      expect(byId.u_alice).toMatchObject({ allowed: true, denials: [] });
      expect(byId.u_owner).toMatchObject({ allowed: false, denials: ['self_impersonation'] });
      expect(byId.u_sam?.denials).toContain('target_unavailable');
      expect(byId.u_nobody).toMatchObject({ allowed: false, denials: ['target_not_found'] });
    });
  });

  describe('admins as targets', () => {
    it('refuses an admin with 403 target_is_admin in enterprise', async () => {
      const m = mockApi({ preset: 'enterprise' });
      expectError(await m.call('POST', '/sessions', { body: { targetUserId: 'u_ada', stepUpCode: '123456' } }), 403, 'target_is_admin');
    });

    it('allows an admin in account-admin', async () => {
      const m = mockApi({ preset: 'account-admin' });
      await m.start({ ...GOOD_START['account-admin'], targetUserId: 'u_ada' });
    });

    it('allows an admin who consented in consent', async () => {
      const m = mockApi({ preset: 'consent' });
      await m.call('PUT', '/consent', { as: 'u_ada', body: { durationHours: 1 } });
      await m.start({ targetUserId: 'u_ada' });
    });
  });

  describe('protected roles', () => {
    it('refuses a billing user with 403 target_protected_role in enterprise', async () => {
      const m = mockApi({ preset: 'enterprise' });
      expectError(await m.call('POST', '/sessions', { body: { targetUserId: 'u_bill', stepUpCode: '123456' } }), 403, 'target_protected_role');
    });

    it('allows a billing user in account-admin', async () => {
      const m = mockApi({ preset: 'account-admin' });
      await m.start({ ...GOOD_START['account-admin'], targetUserId: 'u_bill' });
    });
  });

  describe('prior login', () => {
    it('refuses a user who never signed in with 403 target_never_logged_in in account-admin', async () => {
      const m = mockApi({ preset: 'account-admin' });
      expectError(await m.call('POST', '/sessions', { body: { ...GOOD_START['account-admin'], targetUserId: 'u_nora' } }), 403, 'target_never_logged_in');
    });

    it('allows them in enterprise', async () => {
      const m = mockApi({ preset: 'enterprise' });
      await m.start({ targetUserId: 'u_nora', stepUpCode: '123456' });
    });
  });

  describe('consent', () => {
    it('refuses a user who never consented with 403 consent_required', async () => {
      const m = mockApi({ preset: 'consent' });
      expectError(await m.call('POST', '/sessions', { body: { targetUserId: 'u_bob' } }), 403, 'consent_required');
    });

    it('refuses a user whose consent lapsed with 403 consent_expired', async () => {
      const m = mockApi({ preset: 'consent' });
      await m.call('PUT', '/consent', { as: 'u_bob', body: { durationHours: 1 } });
      m.clock.advance(3_600_000);
      expectError(await m.call('POST', '/sessions', { body: { targetUserId: 'u_bob' } }), 403, 'consent_expired');
    });

    it('refuses a user who revoked consent with 403 consent_required', async () => {
      const m = mockApi({ preset: 'consent' });
      await m.call('DELETE', '/consent', { as: 'u_alice' });
      expectError(await m.call('POST', '/sessions', { body: { targetUserId: 'u_alice' } }), 403, 'consent_required');
    });

    it('needs no consent in account-admin', async () => {
      const m = mockApi({ preset: 'account-admin' });
      await m.start({ ...GOOD_START['account-admin'], targetUserId: 'u_bob' });
    });
  });

  describe('reasons', () => {
    const base = { targetUserId: 'u_alice' };

    describe('when required (account-admin, 10..500 characters)', () => {
      it.each([
        ['missing', {}],
        ['blank after trim', { reason: '          \n ' }],
        ['9 characters', { reason: 'too short' }],
        ['501 characters', { reason: 'x'.repeat(501) }],
        ['a category not in the list', { reason: 'Reproducing a dashboard bug', reasonCategory: 'Curiosity' }],
      ])('refuses a reason %s with 422 invalid_reason', async (_label, extra) => {
        const m = mockApi({ preset: 'account-admin' });
        expectError(await m.call('POST', '/sessions', { body: { ...base, ...extra } }), 422, 'invalid_reason');
      });

      it('accepts 10 and 500 characters, stored trimmed', async () => {
        const m = mockApi({ preset: 'account-admin' });
        const short = await m.start({ ...base, reason: '  exactly10!  ' });
        expect(short.reason).toBe('exactly10!');
        await m.call('DELETE', '/sessions/current');
        const long = await m.start({ ...base, reason: 'y'.repeat(500) });
        expect(long.reason).toHaveLength(500);
      });
    });

    describe.each(['enterprise', 'consent'] as const)('when optional (%s)', (preset) => {
      const extra = preset === 'enterprise' ? { stepUpCode: '123456' } : {};

      it('starts without a reason and stores null', async () => {
        const m = mockApi({ preset });
        const session = await m.start({ ...base, ...extra, reason: '   ' });
        expect(session.reason).toBeNull();
      });

      it('still refuses 501 characters and any category with 422 invalid_reason', async () => {
        const m = mockApi({ preset });
        expectError(await m.call('POST', '/sessions', { body: { ...base, ...extra, reason: 'x'.repeat(501) } }), 422, 'invalid_reason');
        expectError(await m.call('POST', '/sessions', { body: { ...base, ...extra, reasonCategory: 'Support' } }), 422, 'invalid_reason');
      });
    });
  });

  describe('step-up (enterprise)', () => {
    it('answers 403 step_up_required without a code', async () => {
      const m = mockApi({ preset: 'enterprise' });
      expectError(await m.call('POST', '/sessions', { body: { targetUserId: 'u_alice' } }), 403, 'step_up_required');
    });

    it('answers 403 step_up_invalid to a wrong code', async () => {
      const m = mockApi({ preset: 'enterprise' });
      expectError(await m.call('POST', '/sessions', { body: { targetUserId: 'u_alice', stepUpCode: '654321' } }), 403, 'step_up_invalid');
    });

    it('runs wrong codes into the rate limit', async () => {
      const m = mockApi({ preset: 'enterprise' });
      for (let i = 0; i < 10; i++) expectError(await m.call('POST', '/sessions', { body: { targetUserId: 'u_alice', stepUpCode: String(100000 + i) } }), 403, 'step_up_invalid');
      expectError(await m.call('POST', '/sessions', { body: { targetUserId: 'u_alice', stepUpCode: '123456' } }), 429, 'rate_limited');
    });

    it('needs no code in account-admin', async () => {
      const m = mockApi({ preset: 'account-admin' });
      await m.start(GOOD_START['account-admin']);
    });
  });

  describe('order of checks', () => {
    it('reports authentication before anything else, then body shape, then permission', async () => {
      const m = mockApi({ preset: 'account-admin' });
      m.api.signIn(null);
      expectError(await m.call('POST', '/sessions', { rawBody: '{' }), 401, 'unauthenticated');
      expectError(await m.call('POST', '/sessions', { as: 'u_alice', rawBody: '{' }), 422, 'validation_failed');
      expectError(await m.call('POST', '/sessions', { as: 'u_alice', body: { targetUserId: 'u_alice' } }), 403, 'forbidden');
    });

    it('reports target checks before the reason', async () => {
      const m = mockApi({ preset: 'account-admin' });
      expectError(await m.call('POST', '/sessions', { body: { targetUserId: 'u_sam' } }), 403, 'target_unavailable');
    });
  });
});
