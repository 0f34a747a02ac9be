import { afterEach, describe, expect, it } from 'vitest';
import type { ApiClient, SessionChange } from '../clientTypes';
import { ImpersonationError } from '../errors';
import { cleanup, setup, startSession, uniqueChannel } from './clientHarness';
import { flush, testPolicy } from './fakeApi';

afterEach(cleanup);

const MINUTE = 60_000;

/**
 * The server answers `method` at once, but the answer reaches the client only on `deliver()`:
 * a slow network, where the answer describes the moment the request arrived.
 */
function answerLate(api: ApiClient, method: 'getSession' | 'getCurrentSession' | 'recordActivity' | 'getConsent' | 'startSession') {
  const original = api[method] as (...args: unknown[]) => Promise<unknown>;
  const gates: Array<() => void> = [];
  (api as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
    // Settled into a value now, so a refusal is not an unhandled rejection while it waits.
    const outcome = original(...args).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    return new Promise((resolve, reject) =>
      gates.push(() => void outcome.then((result) => ('error' in result ? reject(result.error) : resolve(result.value)))),
    );
  };
  return {
    deliver: async () => {
      for (const gate of gates.splice(0)) gate();
      await flush();
    },
  };
}

describe('answers that arrive late', () => {
  describe('given an active session with a poll on a slow network', () => {
    it('stays ended when the poll, sent before End, answers after it', async () => {
      const { client, clock, server } = setup();
      await startSession(client);
      const poll = answerLate(server.api, 'getSession');
      clock.advance(30_000);
      expect(server.count('getSession')).toBe(1);
      await client.session.end();
      expect(client.session.getSnapshot().status).toBe('ended');
      await poll.deliver();
      expect(client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'ended' });
      expect(client.isBlocked('billing.manage')).toBe(false);
    });

    it('stays ended when a heartbeat, sent before End, answers after it', async () => {
      const { client, clock, server } = setup({ policy: testPolicy({ maxDurationSeconds: null, idleTimeoutSeconds: 3600 }) });
      await startSession(client);
      clock.advance(2 * MINUTE);
      await flush();
      const beat = answerLate(server.api, 'recordActivity');
      client.reportActivity();
      expect(server.count('recordActivity')).toBe(1);
      await client.session.end();
      await beat.deliver();
      expect(client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'ended' });
    });
  });

  describe('given no session and a re-read on a slow network', () => {
    it('keeps the session started meanwhile when the re-read says "none"', async () => {
      const changes: SessionChange[] = [];
      const { client, server } = setup({ onSessionChange: (change) => changes.push(change) });
      client.session.subscribe(() => {});
      await flush();
      const read = answerLate(server.api, 'getCurrentSession');
      const reading = client.session.refresh();
      await flush();
      const session = await client.session.start({ targetUserId: 'u_alice' });
      await read.deliver();
      await reading;
      expect(client.session.getSnapshot()).toMatchObject({ status: 'active', session: { id: session.id } });
      // Never ended on the way: the host was told of one start and nothing else.
      expect(changes.map((change) => change.type)).toEqual(['started']);
    });
  });

  describe('given a start whose answer is lost (time-out) after the server made the session', () => {
    it('learns the session from the server instead of staying idle while impersonating', async () => {
      const { client, server } = setup();
      client.session.subscribe(() => {});
      await flush();
      const original = server.api.startSession;
      server.api.startSession = async (input, key) => {
        await original(input, key);
        throw new ImpersonationError('timeout', 'no answer in 15000 ms', 0);
      };
      await expect(client.session.start({ targetUserId: 'u_alice' })).rejects.toMatchObject({ code: 'timeout' });
      await flush();
      expect(client.session.getSnapshot()).toMatchObject({ status: 'active', session: { id: server.current()?.id } });
    });
  });

  describe('given a consent re-read on a slow network', () => {
    it('keeps the consent just granted when the re-read, sent before, answers after it', async () => {
      const { client, server } = setup();
      client.consent.subscribe(() => {});
      await flush();
      const read = answerLate(server.api, 'getConsent');
      const reading = client.consent.refresh();
      await client.consent.grant({ durationHours: 24 });
      await read.deliver();
      await reading;
      expect(client.consent.getSnapshot()).toMatchObject({ status: 'active', consent: { durationHours: 24 } });
    });
  });
});

describe('a failure of another call during a session', () => {
  it('re-checks the session on a 403 consent_required (consent gone mid-session)', async () => {
    const { client, server } = setup();
    await startSession(client);
    server.endActive('consent_revoked');
    server.failNext('getEligibility', new ImpersonationError('consent_required', 'Consent required', 403));
    await expect(client.api.getEligibility(['u_bob'])).rejects.toMatchObject({ code: 'consent_required' });
    await flush();
    expect(client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'consent_revoked' });
  });
});

describe('tabs of different users on one channel', () => {
  /** Tab A is Adam (the fake's viewer); tab B, on the same channel and backend, is Olivia. */
  async function twoUsers() {
    const channelName = uniqueChannel();
    const adam = setup({ channelName });
    const { api } = adam.server;
    const olivia = setup({
      channelName,
      with: {
        clock: adam.clock,
        server: {
          ...adam.server,
          api: {
            ...api,
            getViewer: async () => {
              const viewer = await api.getViewer();
              return { ...viewer, user: { ...viewer.user, id: 'u_owner', name: 'Olivia Owner' }, session: null };
            },
          },
        },
      },
    });
    adam.client.session.subscribe(() => {});
    olivia.client.session.subscribe(() => {});
    olivia.client.consent.subscribe(() => {});
    await flush();
    return { adam, olivia };
  }

  /** Waits long enough for a BroadcastChannel message to land. */
  const quietly = () => new Promise((resolve) => setTimeout(resolve, 30));

  it('does not make Olivia’s tab impersonate when Adam starts a session', async () => {
    const { adam, olivia } = await twoUsers();
    await startSession(adam.client);
    await quietly();
    expect(olivia.client.session.getSnapshot().status).toBe('idle');
    expect(olivia.client.isBlocked('billing.manage')).toBe(false);
  });

  it('does not show Adam’s consent as Olivia’s', async () => {
    const { adam, olivia } = await twoUsers();
    const before = olivia.client.consent.getSnapshot();
    await adam.client.consent.grant({ durationHours: 24 });
    await quietly();
    expect(olivia.client.consent.getSnapshot()).toBe(before);
  });
});
