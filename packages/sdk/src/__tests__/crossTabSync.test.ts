import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, setup, startSession, uniqueChannel } from './clientHarness';
import { flush, testPolicy } from './fakeApi';

afterEach(cleanup);

/** Two tabs of one product: one backend, one clock, one channel. */
async function twoTabs(options: { crossTab?: boolean } = {}) {
  const channelName = uniqueChannel();
  const onChangeInB = vi.fn();
  const a = setup({ channelName, crossTab: options.crossTab });
  const b = setup({ channelName, crossTab: options.crossTab, with: a, onSessionChange: onChangeInB });
  a.client.session.subscribe(() => {});
  b.client.session.subscribe(() => {});
  await flush();
  return { a, b, onChangeInB };
}

/** Waits long enough for a BroadcastChannel message that is not coming. */
function quietly(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 30));
}

describe('two tabs kept in step', () => {
  describe('given both tabs idle', () => {
    it('a start in one makes the other active, without asking the server', async () => {
      const { a, b, onChangeInB } = await twoTabs();
      const reads = a.server.calls.length;
      await a.client.session.start({ targetUserId: 'u_alice' });
      await vi.waitFor(() => expect(b.client.session.getSnapshot().status).toBe('active'));
      expect(b.client.session.getSnapshot().session).toEqual(a.client.session.getSnapshot().session);
      expect(a.server.calls.slice(reads).map((call) => call.method)).toEqual(['startSession']);
      expect(onChangeInB).toHaveBeenCalledWith(expect.objectContaining({ type: 'started', remote: true }));
    });
  });

  describe('given a session both tabs know', () => {
    async function running() {
      const tabs = await twoTabs();
      await startSession(tabs.a.client);
      await vi.waitFor(() => expect(tabs.b.client.session.getSnapshot().status).toBe('active'));
      return tabs;
    }

    it('an end in one ends it in the other', async () => {
      const { a, b, onChangeInB } = await running();
      await a.client.session.end();
      await vi.waitFor(() => expect(b.client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'ended' }));
      expect(onChangeInB).toHaveBeenLastCalledWith(expect.objectContaining({ type: 'ended', endReason: 'ended', remote: true }));
      expect(b.clock.pendingTimers()).toBe(0);
    });

    it('a dismiss in one dismisses the other, and a restart restarts it', async () => {
      const { a, b, onChangeInB } = await running();
      await a.client.session.end();
      await vi.waitFor(() => expect(b.client.session.getSnapshot().status).toBe('ended'));
      const restarted = await a.client.session.restart();
      await vi.waitFor(() => expect(b.client.session.getSnapshot().session?.id).toBe(restarted.id));
      expect(onChangeInB).toHaveBeenLastCalledWith(expect.objectContaining({ type: 'restarted', remote: true }));
      await a.client.session.end();
      await vi.waitFor(() => expect(b.client.session.getSnapshot().status).toBe('ended'));
      a.client.session.dismiss();
      await vi.waitFor(() => expect(b.client.session.getSnapshot().status).toBe('idle'));
      expect(onChangeInB).toHaveBeenLastCalledWith(expect.objectContaining({ type: 'dismissed', remote: true }));
    });

    it('an end the server reports to one tab reaches the other with its reason', async () => {
      const { a, b } = await running();
      a.server.endActive('consent_revoked');
      const readsBefore = a.server.count('getSession');
      await a.client.session.refresh();
      await vi.waitFor(() => expect(b.client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'consent_revoked' }));
      expect(a.server.count('getSession')).toBe(readsBefore + 1);
    });

    it('an expiry seen by one tab ends the other too', async () => {
      const { a, b } = await running();
      a.server.offline = true;
      a.clock.set(a.clock.now() + 40 * 60_000);
      // Only tab A looks; tab B hears of it.
      await a.client.session.refresh().catch(() => {});
      expect(a.client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'expired' });
      await vi.waitFor(() => expect(b.client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'expired' }));
    });

    it('a heartbeat in one moves the deadline in the other', async () => {
      const channelName = uniqueChannel();
      const a = setup({ channelName, policy: testPolicy({ maxDurationSeconds: null, idleTimeoutSeconds: 3600 }) });
      const b = setup({ channelName, with: a });
      b.client.session.subscribe(() => {});
      await startSession(a.client);
      await vi.waitFor(() => expect(b.client.session.getSnapshot().status).toBe('active'));
      a.clock.advance(10 * 60_000);
      await flush();
      a.client.reportActivity();
      await vi.waitFor(() => expect(b.client.session.remainingMs()).toBe(60 * 60_000));
    });
  });

  it('carries consent changes to the other tab', async () => {
    const { a, b } = await twoTabs();
    b.client.consent.subscribe(() => {});
    await flush();
    await a.client.consent.grant({ durationHours: 24 });
    await vi.waitFor(() => expect(b.client.consent.getSnapshot()).toMatchObject({ status: 'active', consent: { durationHours: 24 } }));
    await a.client.consent.revoke();
    await vi.waitFor(() => expect(b.client.consent.getSnapshot().status).toBe('inactive'));
    expect(a.server.count('getConsent')).toBe(1);
  });

  it('keeps tabs apart with crossTab: false', async () => {
    const { a, b } = await twoTabs({ crossTab: false });
    await a.client.session.start({ targetUserId: 'u_alice' });
    await quietly();
    expect(b.client.session.getSnapshot().status).toBe('idle');
  });

  it('works alone where BroadcastChannel is missing', async () => {
    vi.stubGlobal('BroadcastChannel', undefined);
    const { a, b } = await twoTabs();
    await a.client.session.start({ targetUserId: 'u_alice' });
    await a.client.session.end();
    expect(a.client.session.getSnapshot().status).toBe('ended');
    await quietly();
    expect(b.client.session.getSnapshot().status).toBe('idle');
    // The other tab still learns from the server.
    await b.client.session.start({ targetUserId: 'u_bob' });
    expect(b.client.session.getSnapshot().status).toBe('active');
  });

  it('hears nothing after destroy', async () => {
    const { a, b } = await twoTabs();
    b.client.destroy();
    await a.client.session.start({ targetUserId: 'u_alice' });
    await quietly();
    expect(b.client.session.getSnapshot().status).toBe('idle');
  });
});
