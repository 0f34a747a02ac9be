// Wrong local clocks and sleeping machines: the server's clock decides, the client follows it.
import type { ImpersonationClient, Session } from '@impersonate-kit/sdk';
import { formatRemaining } from '@impersonate-kit/sdk';
import { beforeEach, describe, expect, it } from 'vitest';
import type { World } from './harness';
import { HOUR, MINUTE, SECOND, useMsw } from './harness';

const msw = useMsw();
const REASON = 'Reproduce ticket #4521 on the dashboard';

describe('clock skew: the countdown runs on server time', () => {
  describe.each([
    ['an hour fast', HOUR],
    ['an hour slow', -HOUR],
  ])('given a client whose clock is %s', (_label, offsetMs) => {
    let world: World;
    let client: ImpersonationClient;
    let session: Session;

    beforeEach(async () => {
      world = msw.world({ preset: 'account-admin' });
      client = world.client({ clockOffsetMs: offsetMs });
      session = await client.session.start({ targetUserId: 'u_alice', reason: REASON });
    });

    it('its own clock really is off the server', () => {
      expect(world.clockOf(client).now() - world.clock.now()).toBe(offsetMs);
      expect(client.serverNow()).toBe(world.clock.now());
    });

    it('still shows exactly 30:00 after the start, and counts down right', async () => {
      expect(client.session.remainingMs()).toBe(30 * MINUTE);
      expect(formatRemaining(client.session.remainingMs())).toBe('30:00');

      await world.advance(10 * MINUTE + 15 * SECOND);

      expect(formatRemaining(client.session.remainingMs())).toBe('19:45');
    });

    it('ends the session at the server\'s expiresAt, to the millisecond', async () => {
      await world.advance(30 * MINUTE - 1);
      expect(client.session.getSnapshot().status).toBe('active');

      await world.advance(1);

      expect(client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'expired', session: { endedAt: session.expiresAt } });
    });
  });
});

describe('a tab asleep for 40 minutes, then woken', () => {
  let world: World;
  let client: ImpersonationClient;
  let session: Session;

  describe('given a 30-minute account-admin session started 5 minutes before the sleep', () => {
    beforeEach(async () => {
      world = msw.world({ preset: 'account-admin' });
      client = world.client({ clockOffsetMs: 0 });
      session = await client.session.start({ targetUserId: 'u_alice', reason: REASON });
      await world.advance(5 * MINUTE);
      world.sleep(40 * MINUTE);
    });

    it('nothing has run while it slept', () => {
      expect(client.session.getSnapshot().status).toBe('active');
      expect(client.session.remainingMs()).toBe(0);
    });

    it('its overdue timers end the session at once, as expired', async () => {
      world.clockOf(client).advance(0);
      await msw.settle();

      expect(client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'expired', session: { id: session.id, endedAt: session.expiresAt } });
    });

    it('a visibility check (refresh) ends it at once, as expired', async () => {
      const state = await client.session.refresh();

      expect(state).toMatchObject({ status: 'ended', endReason: 'expired', session: { endedAt: session.expiresAt } });
    });
  });

  describe('given an enterprise session with an hour of idle time-out, asleep 70 minutes', () => {
    beforeEach(async () => {
      world = msw.world({ preset: 'enterprise' });
      client = world.client({ clockOffsetMs: 0 });
      session = await client.session.start({ targetUserId: 'u_alice', stepUpCode: '123456' });
      world.sleep(70 * MINUTE);
    });

    it('activity on waking does not extend it: it ends as idle_timeout', async () => {
      client.reportActivity();
      await msw.settle();

      expect(client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'idle_timeout', session: { endedAt: session.expiresAt } });
      expect(msw.requests).not.toContain('POST /api/impersonation/sessions/current/activity');
    });
  });
});
