import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionChange } from '../clientTypes';
import { ImpersonationError } from '../errors';
import { cleanup, installPage, setup, startSession } from './clientHarness';
import { flush, networkError, testPolicy } from './fakeApi';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

afterEach(cleanup);

describe('the session store', () => {
  describe('given a viewer with no session', () => {
    it('loads policy and viewer on the first subscriber, once', async () => {
      const { client, server } = setup();
      expect(client.session.getSnapshot().status).toBe('unknown');
      client.session.subscribe(() => {});
      client.session.subscribe(() => {});
      await flush();
      expect(client.session.getSnapshot()).toEqual({ status: 'idle', session: null, endReason: null, error: null });
      expect(server.count('getPolicy')).toBe(1);
      expect(server.count('getViewer')).toBe(1);
    });

    it('goes to error when the load fails, and a refresh retries', async () => {
      const { client, server } = setup();
      server.offline = true;
      client.session.subscribe(() => {});
      await flush();
      expect(client.session.getSnapshot()).toMatchObject({ status: 'error', error: { code: 'network_error' } });
      server.offline = false;
      await expect(client.session.refresh()).resolves.toMatchObject({ status: 'idle' });
    });

    it('sets no timer and no listener while idle', async () => {
      const page = installPage();
      const { client, clock } = setup();
      client.session.subscribe(() => {});
      await flush();
      expect(clock.pendingTimers()).toBe(0);
      expect(page.listeners()).toBe(0);
    });

    it('keeps the same snapshot, and calls nobody, when a refresh learns nothing', async () => {
      const { client } = setup();
      const listener = vi.fn();
      client.session.subscribe(listener);
      await flush();
      const before = client.session.getSnapshot();
      listener.mockClear();
      await client.session.refresh();
      expect(client.session.getSnapshot()).toBe(before);
      expect(listener).not.toHaveBeenCalled();
    });

    it('picks up a session started elsewhere on refresh', async () => {
      const other = setup();
      const { client } = setup({ with: other });
      await startSession(other.client);
      client.session.subscribe(() => {});
      await flush();
      expect(client.session.getSnapshot().status).toBe('active');
      await other.client.session.end();
      await client.session.refresh();
      expect(client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'ended' });
    });
  });

  describe('when the impersonator starts a session', () => {
    it('goes starting, then active, with one request carrying an Idempotency-Key', async () => {
      const onSessionChange = vi.fn();
      const { client, server } = setup({ onSessionChange });
      client.session.subscribe(() => {});
      await flush();
      const release = server.hold('startSession');
      const started = client.session.start({ targetUserId: 'u_alice', reason: 'Ticket 4521' });
      await flush();
      expect(client.session.getSnapshot().status).toBe('starting');
      release();
      const session = await started;
      expect(client.session.getSnapshot()).toEqual({ status: 'active', session, endReason: null, error: null });
      expect(session.target.id).toBe('u_alice');
      const [input, key] = server.calls.find((call) => call.method === 'startSession')?.args ?? [];
      expect(input).toEqual({ targetUserId: 'u_alice', reason: 'Ticket 4521' });
      expect(key).toEqual(expect.any(String));
      expect(onSessionChange).toHaveBeenCalledTimes(1);
      expect(onSessionChange).toHaveBeenCalledWith({ type: 'started', session, endReason: null, remote: false } satisfies SessionChange);
    });

    it('makes one session of a double click', async () => {
      const { client, server } = setup();
      const first = client.session.start({ targetUserId: 'u_alice' });
      const second = client.session.start({ targetUserId: 'u_alice' });
      expect(second).toBe(first);
      await first;
      expect(server.count('startSession')).toBe(1);
    });

    it('sends a fresh key for every new start', async () => {
      const { client, server } = setup();
      await startSession(client);
      await client.session.end();
      client.session.dismiss();
      await client.session.start({ targetUserId: 'u_bob' });
      const keys = server.calls.filter((call) => call.method === 'startSession').map((call) => call.args[1]);
      expect(keys).toHaveLength(2);
      expect(keys[0]).not.toBe(keys[1]);
    });

    it('goes back to idle with the error when the server refuses', async () => {
      const { client, server } = setup();
      const refused = new ImpersonationError('consent_required', 'Alice has not consented', 403);
      server.failNext('startSession', refused);
      await expect(client.session.start({ targetUserId: 'u_alice' })).rejects.toBe(refused);
      expect(client.session.getSnapshot()).toEqual({ status: 'idle', session: null, endReason: null, error: refused });
    });

    it('refuses a second session without asking the server', async () => {
      const { client, server } = setup();
      await startSession(client);
      await expect(client.session.start({ targetUserId: 'u_bob' })).rejects.toMatchObject({ code: 'already_impersonating', status: 409 });
      expect(server.count('startSession')).toBe(1);
    });

    it('learns the session another tab started when the server says it exists', async () => {
      const other = setup();
      const { client } = setup({ with: other });
      client.session.subscribe(() => {});
      await flush();
      await startSession(other.client);
      await expect(client.session.start({ targetUserId: 'u_bob' })).rejects.toMatchObject({ code: 'already_impersonating' });
      await flush();
      expect(client.session.getSnapshot()).toMatchObject({ status: 'active', session: { target: { id: 'u_alice' } } });
    });
  });

  describe('given an active session of 30 minutes', () => {
    describe('when its time runs out', () => {
      it('is still active 1 ms before, and ended at expiresAt exactly', async () => {
        const onSessionChange = vi.fn();
        const { client, clock } = setup({ onSessionChange });
        await startSession(client);
        clock.advance(30 * MINUTE - 1);
        await flush();
        expect(client.session.getSnapshot().status).toBe('active');
        expect(client.session.remainingMs()).toBe(1);
        clock.advance(1);
        await flush();
        expect(client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'expired' });
        expect(client.session.remainingMs()).toBe(0);
        expect(onSessionChange).toHaveBeenLastCalledWith(expect.objectContaining({ type: 'ended', endReason: 'expired', remote: false }));
      });

      it('asks the server why it ended', async () => {
        const { client, clock, server } = setup({ policy: testPolicy({ maxDurationSeconds: null, idleTimeoutSeconds: 3600 }) });
        await startSession(client);
        const reads = server.count('getSession');
        clock.advance(HOUR);
        await flush();
        expect(server.count('getSession')).toBe(reads + 1);
        expect(client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'idle_timeout', session: { status: 'ended' } });
      });

      it('ends by the local clock with the reason the deadline had when the server cannot be asked', async () => {
        const { client, clock, server } = setup({ policy: testPolicy({ maxDurationSeconds: null, idleTimeoutSeconds: 3600 }) });
        await startSession(client);
        server.offline = true;
        clock.advance(HOUR);
        await flush();
        expect(client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'idle_timeout' });
      });

      it('says "expired" for a maximum duration reached offline', async () => {
        const { client, clock, server } = setup();
        await startSession(client);
        server.offline = true;
        clock.advance(30 * MINUTE);
        await flush();
        expect(client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'expired' });
      });
    });

    describe.each([
      ['an hour ahead', HOUR],
      ['an hour behind', -HOUR],
    ])('when the client clock is %s of the server', (_label, offset) => {
      it('counts down the right time left and ends on the server’s deadline', async () => {
        const { client, clock } = setup({ clientOffsetMs: offset });
        await startSession(client);
        expect(client.session.remainingMs()).toBe(30 * MINUTE);
        clock.advance(10 * MINUTE);
        expect(client.session.remainingMs()).toBe(20 * MINUTE);
        expect(client.serverNow()).toBe(clock.now());
        clock.advance(20 * MINUTE - 1);
        await flush();
        expect(client.session.getSnapshot().status).toBe('active');
        clock.advance(1);
        await flush();
        expect(client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'expired' });
      });
    });

    describe('when the tab sleeps 40 minutes and wakes', () => {
      it('ends at once on focus, with the server’s reason', async () => {
        const page = installPage();
        const { client, clock } = setup();
        await startSession(client);
        clock.set(clock.now() + 40 * MINUTE);
        expect(client.session.remainingMs()).toBe(0);
        page.focus();
        await flush();
        expect(client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'expired' });
      });

      it('ends at once when the page becomes visible, even offline', async () => {
        const page = installPage();
        const { client, clock, server } = setup();
        await startSession(client);
        clock.set(clock.now() + 40 * MINUTE);
        server.offline = true;
        page.show();
        await flush();
        expect(client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'expired' });
      });

      it('ends on the first timer that runs late', async () => {
        const { client, clock } = setup();
        await startSession(client);
        clock.set(clock.now() + 40 * MINUTE);
        clock.advance(0);
        await flush();
        expect(client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'expired' });
      });

      it('does not check while the page stays hidden', async () => {
        const page = installPage();
        const { client, clock, server } = setup();
        await startSession(client);
        const reads = server.count('getSession');
        clock.set(clock.now() + 40 * MINUTE);
        page.document.visibilityState = 'hidden';
        page.document.dispatchEvent(new Event('visibilitychange'));
        await flush();
        expect(server.count('getSession')).toBe(reads);
        expect(client.session.getSnapshot().status).toBe('active');
      });
    });

    describe('when the server ends it (consent revoked)', () => {
      it('learns within one poll interval', async () => {
        const { client, clock, server } = setup();
        await startSession(client);
        server.endActive('consent_revoked');
        clock.advance(30 * SECOND - 1);
        await flush();
        expect(client.session.getSnapshot().status).toBe('active');
        clock.advance(1);
        await flush();
        expect(client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'consent_revoked' });
      });

      it('follows the poll interval it is given', async () => {
        const { client, clock, server } = setup({ pollIntervalMs: 5 * SECOND });
        await startSession(client);
        server.endActive('target_unavailable');
        clock.advance(5 * SECOND);
        await flush();
        expect(client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'target_unavailable' });
      });

      it('re-checks at once when any call fails with a code that says so', async () => {
        const { client, server } = setup();
        await startSession(client);
        server.endActive('consent_revoked');
        server.failNext('listSessions', new ImpersonationError('no_active_session', 'No active session', 404));
        await expect(client.listSessions({ role: 'impersonator' })).rejects.toMatchObject({ code: 'no_active_session' });
        await flush();
        expect(client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'consent_revoked' });
      });

      it('does not re-check for unrelated failures', async () => {
        const { client, server } = setup();
        await startSession(client);
        const reads = server.count('getSession');
        server.failNext('listSessions', networkError());
        await expect(client.listSessions({ role: 'impersonator' })).rejects.toMatchObject({ code: 'network_error' });
        await flush();
        expect(server.count('getSession')).toBe(reads);
      });
    });

    it('keeps the same snapshot across polls that learn nothing', async () => {
      const { client, clock, server } = setup();
      await startSession(client);
      const listener = vi.fn();
      client.session.subscribe(listener);
      const before = client.session.getSnapshot();
      for (let poll = 0; poll < 3; poll += 1) {
        clock.advance(30 * SECOND);
        await flush();
      }
      expect(server.count('getSession')).toBe(3);
      expect(client.session.getSnapshot()).toBe(before);
      expect(listener).not.toHaveBeenCalled();
    });

    describe('with an idle time-out', () => {
      const idlePolicy = testPolicy({ maxDurationSeconds: null, idleTimeoutSeconds: 3600 });

      it('sends the heartbeat at most once a minute, and the answer moves the deadline', async () => {
        const { client, clock, server } = setup({ policy: idlePolicy });
        await startSession(client);
        client.reportActivity();
        await flush();
        expect(server.count('recordActivity')).toBe(0);
        clock.advance(MINUTE);
        client.reportActivity();
        client.reportActivity();
        await flush();
        client.reportActivity();
        await flush();
        expect(server.count('recordActivity')).toBe(1);
        expect(client.session.remainingMs()).toBe(HOUR);
        clock.advance(MINUTE - 1);
        client.reportActivity();
        await flush();
        expect(server.count('recordActivity')).toBe(1);
        clock.advance(1);
        client.reportActivity();
        await flush();
        expect(server.count('recordActivity')).toBe(2);
      });

      it('hears pointer and key activity on the page', async () => {
        const page = installPage();
        const { client, clock, server } = setup({ policy: idlePolicy });
        await startSession(client);
        clock.advance(MINUTE);
        page.window.dispatchEvent(new Event('pointerdown'));
        await flush();
        expect(server.count('recordActivity')).toBe(1);
        clock.advance(MINUTE);
        page.window.dispatchEvent(new Event('keydown'));
        await flush();
        expect(server.count('recordActivity')).toBe(2);
      });

      it('stays alive past the first deadline while the user is active', async () => {
        const { client, clock } = setup({ policy: idlePolicy });
        await startSession(client);
        for (let minute = 0; minute < 90; minute += 1) {
          clock.advance(MINUTE);
          client.reportActivity();
          await flush();
        }
        expect(client.session.getSnapshot().status).toBe('active');
        clock.advance(HOUR);
        await flush();
        expect(client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'idle_timeout' });
      });

      it('ends rather than extends a session that already ran out', async () => {
        const { client, clock, server } = setup({ policy: idlePolicy });
        await startSession(client);
        clock.set(clock.now() + 2 * HOUR);
        client.reportActivity();
        await flush();
        expect(server.count('recordActivity')).toBe(0);
        expect(client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'idle_timeout' });
      });
    });

    it('sends no heartbeat when the policy has no idle time-out', async () => {
      const { client, clock, server } = setup();
      await startSession(client);
      clock.advance(2 * MINUTE);
      client.reportActivity();
      await flush();
      expect(server.count('recordActivity')).toBe(0);
    });

    describe('when the impersonator ends it', () => {
      it('goes ending, then ended with "ended"', async () => {
        const onSessionChange = vi.fn();
        const { client, server } = setup({ onSessionChange });
        await startSession(client);
        const release = server.hold('endSession');
        const ended = client.session.end();
        expect(client.session.getSnapshot().status).toBe('ending');
        release();
        const session = await ended;
        expect(session).toMatchObject({ status: 'ended', endReason: 'ended' });
        expect(client.session.getSnapshot()).toEqual({ status: 'ended', session, endReason: 'ended', error: null });
        expect(client.session.remainingMs()).toBe(0);
        expect(onSessionChange).toHaveBeenLastCalledWith({ type: 'ended', session, endReason: 'ended', remote: false });
      });

      it('keeps the session and shows the error when the request fails; a retry ends it', async () => {
        const { client, server } = setup();
        await startSession(client);
        const before = client.session.getSnapshot().session;
        server.failNext('endSession', networkError());
        await expect(client.session.end()).rejects.toMatchObject({ code: 'network_error' });
        expect(client.session.getSnapshot()).toMatchObject({ status: 'active', session: before, error: { code: 'network_error' } });
        await client.session.end();
        expect(client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'ended', error: null });
      });

      it('counts as ended when the server has no session left', async () => {
        const { client, server } = setup();
        await startSession(client);
        server.failNext('endSession', new ImpersonationError('no_active_session', 'No active session', 404));
        await expect(client.session.end()).rejects.toMatchObject({ code: 'no_active_session' });
        expect(client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'ended' });
      });

      it('refuses to end when nothing is active', async () => {
        const { client, server } = setup();
        await expect(client.session.end()).rejects.toMatchObject({ code: 'no_active_session' });
        expect(server.count('endSession')).toBe(0);
      });
    });
  });

  describe('given a session that ended', () => {
    it('restarts with the same target, an Idempotency-Key and a link to the old one', async () => {
      const onSessionChange = vi.fn();
      const { client, server } = setup({ onSessionChange });
      await startSession(client);
      const first = await client.session.end();
      const second = await client.session.restart();
      expect(second).toMatchObject({ status: 'active', restartOf: first.id, target: { id: 'u_alice' } });
      expect(server.calls.find((call) => call.method === 'restartSession')?.args).toEqual([first.id, {}, expect.any(String)]);
      expect(client.session.getSnapshot()).toMatchObject({ status: 'active', session: second });
      expect(onSessionChange).toHaveBeenLastCalledWith(expect.objectContaining({ type: 'restarted', session: second }));
    });

    it('falls back to the ended session with the error when the restart is refused', async () => {
      const { client, server } = setup();
      await startSession(client);
      const first = await client.session.end();
      server.failNext('restartSession', new ImpersonationError('consent_expired', 'Consent lapsed', 403));
      await expect(client.session.restart()).rejects.toMatchObject({ code: 'consent_expired' });
      expect(client.session.getSnapshot()).toMatchObject({ status: 'ended', session: first, error: { code: 'consent_expired' } });
    });

    it('refuses a restart the policy does not allow, without a request', async () => {
      const { client, server } = setup({ policy: testPolicy({ restartAllowed: false }) });
      await startSession(client);
      await client.session.end();
      await expect(client.session.restart()).rejects.toMatchObject({ code: 'restart_not_allowed' });
      expect(server.count('restartSession')).toBe(0);
    });

    it('refuses a restart while the session is still active', async () => {
      const { client, server } = setup();
      await startSession(client);
      await expect(client.session.restart()).rejects.toMatchObject({ code: 'restart_not_allowed' });
      expect(server.count('restartSession')).toBe(0);
    });

    it('is dismissed to idle', async () => {
      const onSessionChange = vi.fn();
      const { client } = setup({ onSessionChange });
      await startSession(client);
      await client.session.end();
      client.session.dismiss();
      expect(client.session.getSnapshot()).toEqual({ status: 'idle', session: null, endReason: null, error: null });
      expect(onSessionChange).toHaveBeenLastCalledWith({ type: 'dismissed', session: null, endReason: null, remote: false });
    });

    it('stops every timer', async () => {
      const { client, clock } = setup();
      await startSession(client);
      expect(clock.pendingTimers()).toBeGreaterThan(0);
      await client.session.end();
      expect(clock.pendingTimers()).toBe(0);
    });
  });

  it('survives a host callback that throws', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { client } = setup({
      onSessionChange: () => {
        throw new Error('host bug');
      },
    });
    await startSession(client);
    expect(client.session.getSnapshot().status).toBe('active');
    expect(error).toHaveBeenCalled();
    error.mockRestore();
  });

  describe('when the client is destroyed', () => {
    it('leaves no timer and no listener behind', async () => {
      const page = installPage();
      const { client, clock } = setup({ policy: testPolicy({ idleTimeoutSeconds: 3600 }) });
      await startSession(client);
      client.ticker.subscribe(() => {});
      const stopConsent = client.consent.subscribe(() => {});
      await flush();
      await client.consent.grant({ durationHours: 24 });
      stopConsent();
      expect(clock.pendingTimers()).toBeGreaterThanOrEqual(4);
      expect(page.listeners()).toBeGreaterThan(0);
      client.destroy();
      expect(clock.pendingTimers()).toBe(0);
      expect(page.listeners()).toBe(0);
    });

    it('stays quiet if a request answers afterwards', async () => {
      const onSessionChange = vi.fn();
      const { client, clock, server } = setup({ onSessionChange });
      client.session.subscribe(() => {});
      await flush();
      const release = server.hold('startSession');
      const started = client.session.start({ targetUserId: 'u_alice' });
      await flush();
      client.destroy();
      release();
      await started;
      expect(clock.pendingTimers()).toBe(0);
      expect(onSessionChange).not.toHaveBeenCalled();
    });
  });
});
