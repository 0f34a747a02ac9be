// Seed 003 end to end: nothing without the target's consent, which caps the session; the target
// revokes from their own client and the admin's client notices within one poll interval.
import type { ImpersonationClient, Session } from '@impersonate-kit/sdk';
import { ImpersonationError, formatRemaining } from '@impersonate-kit/sdk';
import { beforeEach, describe, expect, it } from 'vitest';
import type { World } from './harness';
import { HOUR, MINUTE, POLL_INTERVAL_MS, refusal, useMsw } from './harness';

const msw = useMsw();

describe('consent (seed 003): Olivia impersonates Bob only while Bob consents', () => {
  let world: World;
  let admin: ImpersonationClient;
  let bob: ImpersonationClient;

  beforeEach(() => {
    world = msw.world({ preset: 'consent' });
    admin = world.client({ as: 'u_owner' });
    // Bob's own client: same backend and clock, his own bearer.
    bob = world.client({ as: 'u_bob' });
  });

  it('without his consent the start is refused with consent_required', async () => {
    const error = await refusal(admin.session.start({ targetUserId: 'u_bob' }));

    expect(error).toBeInstanceOf(ImpersonationError);
    expect(error).toMatchObject({ code: 'consent_required', status: 403 });
    expect(admin.session.getSnapshot()).toMatchObject({ status: 'idle', error: { code: 'consent_required' } });
  });

  describe('given Bob grants consent for 2 hours from his own client', () => {
    let grantedAt: number;

    beforeEach(async () => {
      await world.advance(5 * MINUTE);
      grantedAt = world.clock.now();
      await bob.consent.grant({ durationHours: 2 });
    });

    it("his consent store is active until two hours from now", () => {
      expect(bob.consent.getSnapshot()).toMatchObject({
        status: 'active',
        error: null,
        consent: { status: 'active', durationHours: 2, expiresAt: new Date(grantedAt + 2 * HOUR).toISOString() },
      });
    });

    describe('and Olivia starts a session', () => {
      let session: Session;

      beforeEach(async () => {
        await world.advance(15 * MINUTE);
        session = await admin.session.start({ targetUserId: 'u_bob' });
      });

      it('it is active, and its end is capped by the consent', () => {
        expect(session).toMatchObject({ status: 'active', target: { id: 'u_bob' }, expiresBecause: 'consent', expiresAt: new Date(grantedAt + 2 * HOUR).toISOString() });
        expect(admin.session.remainingMs()).toBe(2 * HOUR - 15 * MINUTE);
        expect(formatRemaining(admin.session.remainingMs())).toBe('1:45:00');
      });

      describe('when Bob revokes from his client', () => {
        beforeEach(async () => {
          await world.app('GET', '/projects');
          await world.advance(7 * MINUTE);
          await bob.consent.revoke();
        });

        it("Bob's store says inactive at once", () => {
          expect(bob.consent.getSnapshot()).toMatchObject({ status: 'inactive', consent: { status: 'inactive' } });
        });

        it("Olivia's client sees consent_revoked within one poll interval", async () => {
          // Nothing told her client yet: only its poll can.
          expect(admin.session.getSnapshot().status).toBe('active');

          await world.advance(POLL_INTERVAL_MS - 1);
          expect(admin.session.getSnapshot().status).toBe('active');
          await world.advance(1);

          expect(admin.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'consent_revoked', session: { id: session.id } });
          expect(admin.isBlocked('profile.self')).toBe(false);
        });

        it('Bob lists the sessions that ran as him, and the events of that one', async () => {
          const sessions = await bob.listSessions({ role: 'impersonated' });
          expect(sessions.items).toMatchObject([{ id: session.id, status: 'ended', endReason: 'consent_revoked', impersonator: { id: 'u_owner', name: 'Olivia Owner' }, target: { id: 'u_bob' } }]);

          const events = await bob.listEvents({ sessionId: session.id });
          expect(events.items.map((event) => event.type)).toEqual(['impersonation.ended', 'impersonation.action', 'impersonation.started']);
          expect(events.items[0]).toMatchObject({ endReason: 'consent_revoked', actor: { id: 'u_bob' } });
          expect(events.items[1]).toMatchObject({ request: { method: 'GET', path: '/api/app/projects', status: 200 } });
        });

        it('a new start is refused with consent_required again', async () => {
          await world.advance(POLL_INTERVAL_MS);

          expect(await refusal(admin.session.start({ targetUserId: 'u_bob' }))).toMatchObject({ code: 'consent_required' });
        });
      });

      describe('when the consent lapses', () => {
        beforeEach(async () => {
          await world.advance(2 * HOUR - 15 * MINUTE, 30_000);
        });

        it('the session ended with it, as expired, at the consent\'s end', () => {
          expect(admin.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'expired', session: { id: session.id, endedAt: session.expiresAt } });
        });

        it("Bob's consent store goes inactive on its own", () => {
          expect(bob.consent.getSnapshot()).toMatchObject({ status: 'inactive' });
        });

        it('the next start is refused with consent_expired', async () => {
          admin.session.dismiss();

          const error = await refusal(admin.session.start({ targetUserId: 'u_bob' }));

          expect(error).toMatchObject({ code: 'consent_expired', status: 403 });
          expect(admin.session.getSnapshot()).toMatchObject({ status: 'idle', error: { code: 'consent_expired' } });
        });
      });
    });
  });
});
