// Two tabs of one user in one process, kept in step over BroadcastChannel (Node 20 has it).
import type { ImpersonationClient, SessionChange } from '@impersonate-kit/sdk';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { World } from './harness';
import { uniqueChannel, useMsw } from './harness';

// Messages arrive within a few event-loop turns; look often rather than wait long.
const soon = { interval: 5, timeout: 1_000 };

const msw = useMsw();
const REASON = 'Reproduce ticket #4521 on the dashboard';

describe('two tabs of Olivia, in step over BroadcastChannel', () => {
  let world: World;
  let tabA: ImpersonationClient;
  let tabB: ImpersonationClient;
  let changesB: SessionChange[];
  let changesA: SessionChange[];

  beforeEach(async () => {
    world = msw.world({ preset: 'account-admin' });
    const channelName = uniqueChannel();
    changesA = [];
    changesB = [];
    tabA = world.client({ crossTab: true, channelName, onSessionChange: (change) => changesA.push(change) });
    tabB = world.client({ crossTab: true, channelName, onSessionChange: (change) => changesB.push(change) });
    // Both tabs have loaded the page: no session yet.
    await Promise.all([tabA.session.refresh(), tabB.session.refresh()]);
  });

  it('both start idle', () => {
    expect(tabA.session.getSnapshot().status).toBe('idle');
    expect(tabB.session.getSnapshot().status).toBe('idle');
  });

  describe('when tab A starts a session', () => {
    beforeEach(async () => {
      await tabA.session.start({ targetUserId: 'u_alice', reason: REASON });
    });

    it('tab B becomes active with the same session, told as a remote change', async () => {
      const started = tabA.session.getSnapshot().session;

      await vi.waitFor(() => expect(tabB.session.getSnapshot().status).toBe('active'), soon);

      expect(tabB.session.getSnapshot().session).toEqual(started);
      expect(tabB.session.remainingMs()).toBe(tabA.session.remainingMs());
      expect(tabB.isBlocked('auth.password_reset')).toBe(true);
      expect(changesB).toMatchObject([{ type: 'started', remote: true, session: { id: started?.id } }]);
      expect(changesA).toMatchObject([{ type: 'started', remote: false }]);
    });

    describe('and tab B ends it', () => {
      beforeEach(async () => {
        await vi.waitFor(() => expect(tabB.session.getSnapshot().status).toBe('active'), soon);
        await tabB.session.end();
      });

      it('tab A sees it ended, because "ended"', async () => {
        await vi.waitFor(() => expect(tabA.session.getSnapshot().status).toBe('ended'), soon);

        expect(tabA.session.getSnapshot()).toMatchObject({ endReason: 'ended', session: { status: 'ended' } });
        expect(changesA.at(-1)).toMatchObject({ type: 'ended', endReason: 'ended', remote: true });
        // Only one End request went out: tab A learned it from tab B, not by ending it again.
        expect(msw.requests.filter((line) => line === 'DELETE /api/impersonation/sessions/current')).toHaveLength(1);
      });

      it('Quit in tab A leaves tab B idle too', async () => {
        await vi.waitFor(() => expect(tabA.session.getSnapshot().status).toBe('ended'), soon);

        tabA.session.dismiss();

        await vi.waitFor(() => expect(tabB.session.getSnapshot().status).toBe('idle'), soon);
      });
    });
  });
});
