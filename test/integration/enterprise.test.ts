// Seeds 002/004 end to end: admins only, protected roles, a second factor, and the idle time-out.
import type { ImpersonationClient, Session } from '@impersonate-kit/sdk';
import { ImpersonationError, formatRemaining } from '@impersonate-kit/sdk';
import { beforeEach, describe, expect, it } from 'vitest';
import type { World } from './harness';
import { HEARTBEAT_INTERVAL_MS, HOUR, MINUTE, SECOND, record, refusal, statuses, useMsw } from './harness';

const msw = useMsw();
const STEP_UP = '123456';
const heartbeats = () => msw.requests.filter((line) => line === 'POST /api/impersonation/sessions/current/activity');

describe('enterprise (seeds 002/004): Olivia impersonates under admin-only, step-up and idle rules', () => {
  let world: World;
  let client: ImpersonationClient;

  beforeEach(() => {
    world = msw.world({ preset: 'enterprise' });
    client = world.client();
  });

  describe('who cannot be impersonated', () => {
    it.each([
      ['an admin (Ada)', 'u_ada', 'target_is_admin'],
      ['a protected-role target (Bill, billing)', 'u_bill', 'target_protected_role'],
    ])('%s is refused with %s even with the right code, and the store stays idle', async (_label, targetUserId, code) => {
      const error = await refusal(client.session.start({ targetUserId, reason: 'Checking their view', stepUpCode: STEP_UP }));

      expect(error).toBeInstanceOf(ImpersonationError);
      expect(error).toMatchObject({ code, status: 403 });
      expect(client.session.getSnapshot()).toMatchObject({ status: 'idle', session: null, error: { code } });
    });

    it('eligibility says the same before any start', async () => {
      const items = await client.getEligibility(['u_ada', 'u_bill', 'u_alice']);

      expect(items).toMatchObject([
        { userId: 'u_ada', allowed: false, denials: ['target_is_admin'] },
        { userId: 'u_bill', allowed: false, denials: ['target_protected_role'] },
        { userId: 'u_alice', allowed: true, denials: [] },
      ]);
    });
  });

  describe('the second factor', () => {
    it('a start without the code is refused with step_up_required', async () => {
      expect(await refusal(client.session.start({ targetUserId: 'u_alice' }))).toMatchObject({ code: 'step_up_required', status: 403 });
      expect(client.session.getSnapshot().status).toBe('idle');
    });

    it('a wrong code is refused with step_up_invalid', async () => {
      expect(await refusal(client.session.start({ targetUserId: 'u_alice', stepUpCode: '000000' }))).toMatchObject({ code: 'step_up_invalid', status: 403 });
      expect(client.session.getSnapshot().status).toBe('idle');
    });

    it('"123456" starts the session, and no reason is needed since it is optional here', async () => {
      await refusal(client.session.start({ targetUserId: 'u_alice', stepUpCode: '000000' }));

      const session = await client.session.start({ targetUserId: 'u_alice', stepUpCode: STEP_UP });

      expect(session).toMatchObject({ status: 'active', target: { id: 'u_alice' }, reason: null, reasonCategory: null });
      expect(client.session.getSnapshot()).toMatchObject({ status: 'active', error: null, session: { id: session.id } });
    });

    it('a reason given anyway is kept', async () => {
      const session = await client.session.start({ targetUserId: 'u_alice', reason: 'Ticket 88: export fails', stepUpCode: STEP_UP });

      expect(session.reason).toBe('Ticket 88: export fails');
    });
  });

  describe('given an active session', () => {
    let session: Session;
    const startedAt = () => Date.parse(session.startedAt);

    beforeEach(async () => {
      session = await client.session.start({ targetUserId: 'u_alice', stepUpCode: STEP_UP });
    });

    it('has no fixed limit: it expires because of idleness, an hour after the last activity', () => {
      expect(session.expiresBecause).toBe('idle');
      expect(Date.parse(session.expiresAt) - startedAt()).toBe(HOUR);
      expect(formatRemaining(client.session.remainingMs())).toBe('1:00:00');
    });

    it('billing is blocked while impersonating, as isBlocked said', async () => {
      expect(client.isBlocked('billing.manage')).toBe(true);
      expect(client.isBlocked('auth.password_reset')).toBe(false);

      const reply = await world.app('PUT', '/billing', { body: { plan: 'Free' } });

      expect(reply).toMatchObject({ status: 403, body: { error: { code: 'blocked_during_impersonation' } } });
    });

    describe('when an hour passes without activity', () => {
      it('it is still active one millisecond before (polling is not activity)', async () => {
        await world.advance(HOUR - 1);

        expect(client.session.getSnapshot()).toMatchObject({ status: 'active', session: { expiresAt: session.expiresAt } });
        expect(client.session.remainingMs()).toBe(1);
        expect(heartbeats()).toEqual([]);
      });

      it('it ends as idle_timeout at the timer, and the store reports it', async () => {
        await world.advance(HOUR - 1);
        const seen = record(client.session);

        await world.advance(1);

        expect(client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'idle_timeout', session: { id: session.id, endedAt: session.expiresAt } });
        expect(statuses(seen)).toEqual(['ended']);
        const events = await client.listEvents({ sessionId: session.id });
        expect(events.items[0]).toMatchObject({ type: 'impersonation.ended', endReason: 'idle_timeout', at: session.expiresAt });
      });
    });

    describe('activity moves the deadline', () => {
      it('activity within the first minute sends no heartbeat', async () => {
        await world.advance(30 * SECOND);

        client.reportActivity();
        await msw.settle();

        expect(heartbeats()).toEqual([]);
        expect(client.session.getSnapshot().session?.expiresAt).toBe(session.expiresAt);
      });

      it('reportActivity after more than a minute sends one heartbeat, and the hour counts from it', async () => {
        await world.advance(20 * MINUTE);

        client.reportActivity();
        client.reportActivity();
        await msw.settle();

        expect(heartbeats()).toHaveLength(1);
        const moved = new Date(startedAt() + 20 * MINUTE + HOUR).toISOString();
        expect(client.session.getSnapshot().session).toMatchObject({ expiresAt: moved, expiresBecause: 'idle' });
        expect(client.session.remainingMs()).toBe(HOUR);

        // A second heartbeat waits for the next minute.
        await world.advance(HEARTBEAT_INTERVAL_MS - 1);
        client.reportActivity();
        await msw.settle();
        expect(heartbeats()).toHaveLength(1);

        // Past the original deadline it lives on; at the new one it ends.
        await world.advance(40 * MINUTE - (HEARTBEAT_INTERVAL_MS - 1));
        expect(world.clock.now()).toBe(Date.parse(session.expiresAt));
        expect(client.session.getSnapshot().status).toBe('active');
        await world.advance(20 * MINUTE);
        expect(client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'idle_timeout', session: { endedAt: moved } });
      });

      it('sample-app calls count as activity; the client learns the new deadline by its next poll', async () => {
        await world.advance(10 * MINUTE);
        const projects = await world.app('GET', '/projects');
        expect(projects.status).toBe(200);
        const moved = new Date(startedAt() + 10 * MINUTE + HOUR).toISOString();

        await world.advance(30 * SECOND);

        expect(client.session.getSnapshot().session?.expiresAt).toBe(moved);
        await world.advance(50 * MINUTE);
        expect(client.session.getSnapshot().status).toBe('active');
        await world.advance(10 * MINUTE);
        expect(client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'idle_timeout' });
      });
    });
  });
});
