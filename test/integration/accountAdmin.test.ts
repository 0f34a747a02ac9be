// Seeds 000/001 end to end: the sdk drives the account-admin mock through MSW.
import type { ImpersonationClient, Session, SessionChange } from '@impersonate-kit/sdk';
import { ImpersonationError, REDACTED, formatRemaining } from '@impersonate-kit/sdk';
import { beforeEach, describe, expect, it } from 'vitest';
import type { World } from './harness';
import { MINUTE, SECOND, record, refusal, statuses, useMsw } from './harness';

const msw = useMsw();
const REASON = 'Reproduce ticket #4521 on the dashboard';
const PASSWORDS = { currentPassword: 'hunter2-old-secret', newPassword: 'correct-horse-battery' };

describe('account-admin (seeds 000/001): Olivia impersonates Alice', () => {
  let world: World;
  let client: ImpersonationClient;
  let changes: SessionChange[];

  beforeEach(() => {
    world = msw.world({ preset: 'account-admin' });
    changes = [];
    client = world.client({ onSessionChange: (change) => changes.push(change) });
  });

  describe('a reason is required', () => {
    it.each([
      ['missing', undefined],
      ['blank', '     '],
      ['too short', 'bug'],
    ])('a %s reason is refused with invalid_reason (422) and the store stays idle', async (_label, reason) => {
      const error = await refusal(client.session.start({ targetUserId: 'u_alice', reason }));

      expect(error).toBeInstanceOf(ImpersonationError);
      expect(error).toMatchObject({ code: 'invalid_reason', status: 422 });
      expect(client.session.getSnapshot()).toMatchObject({ status: 'idle', session: null, error: { code: 'invalid_reason' } });
      expect(changes).toEqual([]);
      // Nothing started on the server either: the sample app still answers as Olivia herself.
      expect((await world.app('GET', '/me')).body).toMatchObject({ user: { id: 'u_owner' }, impersonator: null, sessionId: null });
    });
  });

  describe('given she starts with a good reason', () => {
    let session: Session;

    beforeEach(async () => {
      session = await client.session.start({ targetUserId: 'u_alice', reason: REASON });
    });

    it('the session is active, for Alice, with the reason', () => {
      expect(client.session.getSnapshot()).toMatchObject({
        status: 'active',
        error: null,
        session: { id: session.id, status: 'active', target: { id: 'u_alice', name: 'Alice Analyst' }, impersonator: { id: 'u_owner' }, reason: REASON, restartOf: null },
      });
      expect(changes).toMatchObject([{ type: 'started', remote: false, session: { id: session.id } }]);
    });

    it('has exactly 30:00 left, counting down with the clock', async () => {
      expect(session.expiresBecause).toBe('max_duration');
      expect(Date.parse(session.expiresAt) - Date.parse(session.startedAt)).toBe(30 * MINUTE);
      expect(client.session.remainingMs()).toBe(30 * MINUTE);
      expect(formatRemaining(client.session.remainingMs())).toBe('30:00');

      await world.advance(1 * SECOND);
      expect(formatRemaining(client.session.remainingMs())).toBe('29:59');

      await world.advance(12 * MINUTE + 59 * SECOND);
      expect(client.session.remainingMs()).toBe(17 * MINUTE);
      expect(formatRemaining(client.session.remainingMs())).toBe('17:00');
    });

    it('a password change is refused with blocked_during_impersonation, as isBlocked said', async () => {
      expect(client.isBlocked('auth.password_reset')).toBe(true);
      // Billing is blocked in enterprise, not here: isBlocked follows the policy in force.
      expect(client.isBlocked('billing.manage')).toBe(false);

      const reply = await world.app('PUT', '/account/password', { body: PASSWORDS });

      expect(reply).toMatchObject({ status: 403, body: { error: { code: 'blocked_during_impersonation', details: { action: 'auth.password_reset' } } } });
    });

    it('the sample app answers as Alice', async () => {
      const projects = await world.app('GET', '/projects');
      const me = await world.app('GET', '/me');

      expect(projects.status).toBe(200);
      expect((projects.body.items as { name: string }[]).map((project) => project.name).sort()).toEqual(['Churn Analysis', 'Customer Interviews', 'Funnel Dashboard']);
      expect(me.body).toMatchObject({ user: { id: 'u_alice', name: 'Alice Analyst' }, impersonator: { id: 'u_owner' }, sessionId: session.id });
    });

    describe('when she ends it', () => {
      let ended: Session;

      beforeEach(async () => {
        ended = await client.session.end();
      });

      it('the store says ended, because "ended", and the app answers as Olivia again', async () => {
        expect(ended).toMatchObject({ id: session.id, status: 'ended', endReason: 'ended' });
        expect(client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'ended', session: { id: session.id } });
        expect(client.session.remainingMs()).toBe(0);
        expect(client.isBlocked('auth.password_reset')).toBe(false);
        expect(changes.map((change) => [change.type, change.endReason])).toEqual([
          ['started', null],
          ['ended', 'ended'],
        ]);
        expect((await world.app('GET', '/me')).body).toMatchObject({ user: { id: 'u_owner' }, impersonator: null });
      });

      it('a restart makes a new active session with restartOf the old one, the same target and reason', async () => {
        await world.advance(2 * MINUTE);

        const restarted = await client.session.restart();

        expect(restarted.id).not.toBe(session.id);
        expect(restarted).toMatchObject({ status: 'active', restartOf: session.id, target: { id: 'u_alice' }, reason: REASON });
        expect(client.session.getSnapshot()).toMatchObject({ status: 'active', session: { id: restarted.id } });
        // A fresh 30 minutes from the restart, not what was left of the old one.
        expect(client.session.remainingMs()).toBe(30 * MINUTE);
        expect(changes.at(-1)).toMatchObject({ type: 'restarted', session: { id: restarted.id } });
      });
    });

    describe('when 30 minutes pass', () => {
      it('one millisecond before expiresAt it is still active, on the client and the server', async () => {
        await world.advance(30 * MINUTE - 1);

        expect(client.session.getSnapshot().status).toBe('active');
        expect(client.session.remainingMs()).toBe(1);
        await client.session.refresh();
        expect(client.session.getSnapshot()).toMatchObject({ status: 'active', session: { status: 'active' } });
      });

      it('at expiresAt it ends as expired, and the store reports it', async () => {
        await world.advance(30 * MINUTE - 1);
        const seen = record(client.session);

        await world.advance(1);

        expect(world.clock.now()).toBe(Date.parse(session.expiresAt));
        expect(client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'expired', session: { id: session.id, endedAt: session.expiresAt } });
        expect(statuses(seen)).toEqual(['ended']);
        expect(changes.at(-1)).toMatchObject({ type: 'ended', endReason: 'expired' });
        expect(client.isBlocked('auth.password_reset')).toBe(false);
      });
    });

    describe('the audit of the session', () => {
      it('has started, each app call (the password redacted) and ended, newest first', async () => {
        await world.app('GET', '/projects');
        await world.app('PUT', '/account/password', { body: PASSWORDS });
        await client.session.end();

        const events = await client.listEvents({ sessionId: session.id });

        expect(events.items.map((event) => event.type)).toEqual(['impersonation.ended', 'impersonation.action', 'impersonation.action', 'impersonation.started']);
        expect(events.items[0]).toMatchObject({ endReason: 'ended', actor: { id: 'u_owner' }, impersonated: { id: 'u_alice' } });
        expect(events.items[1]).toMatchObject({
          reason: REASON,
          request: { method: 'PUT', path: '/api/app/account/password', status: 403, body: { currentPassword: REDACTED, newPassword: REDACTED } },
        });
        expect(events.items[2]).toMatchObject({ request: { method: 'GET', path: '/api/app/projects', status: 200 } });
        expect(events.items[3]).toMatchObject({ reason: REASON, impersonator: { id: 'u_owner' }, impersonated: { id: 'u_alice' } });
        expect(JSON.stringify(events)).not.toContain(PASSWORDS.currentPassword);
        expect(JSON.stringify(events)).not.toContain(PASSWORDS.newPassword);
      });
    });
  });
});
