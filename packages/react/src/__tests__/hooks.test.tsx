import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useBlockedAction } from '../hooks/useBlockedAction';
import { useConsent } from '../hooks/useConsent';
import { useCountdown } from '../hooks/useCountdown';
import { useEligibility } from '../hooks/useEligibility';
import { useImpersonation } from '../hooks/useImpersonation';
import { useViewer } from '../hooks/useViewer';
import { GOOD_START, T0, setupKitServer } from './kitHarness';

const { kit, requestsTo } = setupKitServer();

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('useViewer', () => {
  it('loads who is calling and the policy in force', async () => {
    const { wrapper } = kit({ preset: 'enterprise', viewer: 'u_admin' });
    const { result } = renderHook(() => useViewer(), { wrapper });

    await waitFor(() => expect(result.current.status).toBe('ready'));
    expect(result.current.viewer?.user).toMatchObject({ id: 'u_admin', name: 'Adam Admin' });
    expect(result.current.policy).toMatchObject({ preset: 'enterprise', blockedActions: ['billing.manage', 'team.settings'] });
  });

  it('says why when nobody is signed in', async () => {
    const { api, wrapper } = kit();
    api.signIn(null);
    const { result } = renderHook(() => useViewer(), { wrapper });

    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.error?.code).toBe('unauthenticated');
  });
});

describe('useImpersonation', () => {
  describe('given no session', () => {
    it('settles on idle', async () => {
      const { wrapper } = kit();
      const { result } = renderHook(() => useImpersonation(), { wrapper });

      await waitFor(() => expect(result.current.state).toMatchObject({ status: 'idle', session: null }));
    });

    it('keeps a refused start as an error, with nothing started', async () => {
      const { wrapper } = kit();
      const { result } = renderHook(() => useImpersonation(), { wrapper });
      await waitFor(() => expect(result.current.state.status).toBe('idle'));

      await act(() => expect(result.current.start({ targetUserId: 'u_alice', reason: 'too short' })).rejects.toMatchObject({ code: 'invalid_reason' }));
      expect(result.current.state).toMatchObject({ status: 'idle', session: null, error: { code: 'invalid_reason' } });
    });
  });

  describe('when the viewer starts a session', () => {
    it('is active for the target, with the reason', async () => {
      const { wrapper } = kit();
      const { result } = renderHook(() => useImpersonation(), { wrapper });
      await waitFor(() => expect(result.current.state.status).toBe('idle'));

      await act(() => result.current.start(GOOD_START));
      expect(result.current.state).toMatchObject({
        status: 'active',
        session: { target: { id: 'u_alice' }, impersonator: { id: 'u_owner' }, reason: 'Reproducing a dashboard bug' },
        error: null,
      });
    });

    describe('and ends it', () => {
      it('is ended, because the viewer ended it', async () => {
        const { wrapper } = kit();
        const { result } = renderHook(() => useImpersonation(), { wrapper });
        await waitFor(() => expect(result.current.state.status).toBe('idle'));
        await act(() => result.current.start(GOOD_START));

        await act(() => result.current.end());
        expect(result.current.state).toMatchObject({ status: 'ended', endReason: 'ended', session: { target: { id: 'u_alice' } } });
      });

      it('restarts a new session with the same target and reason', async () => {
        const { wrapper } = kit();
        const { result } = renderHook(() => useImpersonation(), { wrapper });
        await waitFor(() => expect(result.current.state.status).toBe('idle'));
        const first = await act(() => result.current.start(GOOD_START));
        await act(() => result.current.end());

        await act(() => result.current.restart());
        expect(result.current.state.status).toBe('active');
        expect(result.current.state.session).toMatchObject({ restartOf: first.id, target: { id: 'u_alice' }, reason: 'Reproducing a dashboard bug' });
        expect(result.current.state.session?.id).not.toBe(first.id);
      });

      it('goes back to idle when dismissed', async () => {
        const { wrapper } = kit();
        const { result } = renderHook(() => useImpersonation(), { wrapper });
        await waitFor(() => expect(result.current.state.status).toBe('idle'));
        await act(() => result.current.start(GOOD_START));
        await act(() => result.current.end());

        act(() => result.current.dismiss());
        expect(result.current.state).toMatchObject({ status: 'idle', session: null, endReason: null });
      });
    });
  });
});

describe('useCountdown', () => {
  // The account-admin preset caps a session at 30 minutes; the mock and the client share one test clock.
  async function activeCountdown() {
    const setup = kit();
    const hook = renderHook(() => ({ countdown: useCountdown(), session: useImpersonation() }), { wrapper: setup.wrapper });
    await waitFor(() => expect(hook.result.current.session.state.status).toBe('idle'));
    await act(() => hook.result.current.session.start(GOOD_START));
    const advance = (ms: number) => act(() => setup.clock.advance(ms));
    return { ...setup, ...hook, advance };
  }

  it('reads 0:00, without a warning, when no session is active', async () => {
    const { wrapper } = kit();
    const { result } = renderHook(() => useCountdown(), { wrapper });

    expect(result.current).toEqual({ remainingMs: 0, text: '0:00', warning: false });
  });

  describe('given an active 30-minute session', () => {
    it('counts down once a second', async () => {
      const { result, advance } = await activeCountdown();
      expect(result.current.countdown).toEqual({ remainingMs: 30 * MINUTE, text: '30:00', warning: false });

      advance(1000);
      expect(result.current.countdown.text).toBe('29:59');
      advance(1000);
      expect(result.current.countdown).toEqual({ remainingMs: 30 * MINUTE - 2000, text: '29:58', warning: false });
    });

    it('warns from 5 minutes left and turns critical from 1 minute left', async () => {
      const { result, advance } = await activeCountdown();

      advance(25 * MINUTE - 1000);
      expect(result.current.countdown).toMatchObject({ text: '5:01', warning: false });
      advance(1000);
      expect(result.current.countdown).toMatchObject({ text: '5:00', warning: 'warning' });
      advance(4 * MINUTE - 1000);
      expect(result.current.countdown).toMatchObject({ text: '1:01', warning: 'warning' });
      advance(1000);
      expect(result.current.countdown).toMatchObject({ text: '1:00', warning: 'critical' });
    });

    describe('when the time runs out', () => {
      it('stops at 0:00 with no warning, and the session has expired', async () => {
        const { result, advance } = await activeCountdown();

        advance(30 * MINUTE);
        await waitFor(() => expect(result.current.session.state).toMatchObject({ status: 'ended', endReason: 'expired' }));
        expect(result.current.countdown).toEqual({ remainingMs: 0, text: '0:00', warning: false });
      });
    });
  });
});

describe('useConsent', () => {
  it('loads the viewer’s own consent', async () => {
    const { wrapper } = kit({ preset: 'consent', viewer: 'u_alice' });
    const { result } = renderHook(() => useConsent(), { wrapper });

    await waitFor(() => expect(result.current.state.status).toBe('active'));
    expect(result.current.state.consent).toMatchObject({ durationHours: 24, expiresAt: new Date(T0 + 24 * HOUR).toISOString() });
  });

  describe('given a user who has not consented', () => {
    it('grants consent for the hours chosen, then revokes it', async () => {
      const { wrapper } = kit({ preset: 'consent', viewer: 'u_bob' });
      const { result } = renderHook(() => useConsent(), { wrapper });
      await waitFor(() => expect(result.current.state.status).toBe('inactive'));

      await act(() => result.current.grant({ durationHours: 72 }));
      expect(result.current.state).toMatchObject({
        status: 'active',
        consent: { durationHours: 72, expiresAt: new Date(T0 + 72 * HOUR).toISOString() },
      });

      await act(() => result.current.revoke());
      expect(result.current.state.status).toBe('inactive');
    });

    it('refuses hours outside the policy without asking the server', async () => {
      const { wrapper } = kit({ preset: 'consent', viewer: 'u_bob' });
      const { result } = renderHook(() => useConsent(), { wrapper });
      await waitFor(() => expect(result.current.state.status).toBe('inactive'));

      await act(() => expect(result.current.grant({ durationHours: 169 })).rejects.toMatchObject({ code: 'invalid_duration' }));
      expect(result.current.state.status).toBe('inactive');
      expect(requestsTo('/consent', 'PUT')).toHaveLength(0);
    });
  });
});

describe('useEligibility', () => {
  const users = ['u_alice', 'u_bob', 'u_sam', 'u_nora', 'u_owner'] as const;

  function useEveryone() {
    return {
      u_alice: useEligibility('u_alice'),
      u_bob: useEligibility('u_bob'),
      u_sam: useEligibility('u_sam'),
      u_nora: useEligibility('u_nora'),
      u_owner: useEligibility('u_owner'),
      // The same user asked twice on a page is one id in the request.
      again: useEligibility('u_alice'),
    };
  }

  describe('given several users on one page', () => {
    it('asks the server once for all of them', async () => {
      const { wrapper } = kit();
      const { result } = renderHook(() => useEveryone(), { wrapper });

      await waitFor(() => expect(Object.values(result.current).every((item) => !item.isLoading)).toBe(true));
      const asked = requestsTo('/eligibility');
      expect(asked).toHaveLength(1);
      expect(asked[0]?.query.get('userIds')?.split(',').sort()).toEqual([...users].sort());
    });

    it('says in words why each refused user cannot be impersonated', async () => {
      const { wrapper } = kit();
      const { result } = renderHook(() => useEveryone(), { wrapper });
      await waitFor(() => expect(Object.values(result.current).every((item) => !item.isLoading)).toBe(true));

      expect(result.current.u_alice).toMatchObject({ allowed: true, denials: [], message: null, error: null });
      expect(result.current.u_sam).toMatchObject({ allowed: false, denials: ['target_unavailable'], message: 'This user is suspended or deleted.' });
      expect(result.current.u_nora).toMatchObject({
        allowed: false,
        message: 'This user has never signed in, so they cannot be impersonated yet.',
      });
      expect(result.current.u_owner).toMatchObject({ allowed: false, message: "You can't impersonate yourself." });
    });
  });

  it('shows when the target’s consent ends, where consent applies', async () => {
    const { wrapper } = kit({ preset: 'consent' });
    const { result } = renderHook(() => useEligibility('u_alice'), { wrapper });

    await waitFor(() => expect(result.current.allowed).toBe(true));
    expect(result.current.consentExpiresAt).toBe(new Date(T0 + 24 * HOUR).toISOString());
  });

  it('stops loading and reports the failure when the viewer cannot be read', async () => {
    const { api, wrapper } = kit();
    api.signIn(null);
    const { result } = renderHook(() => useEligibility('u_alice'), { wrapper });

    await waitFor(() => expect(result.current.isLoading).toBe(false));
    expect(result.current).toMatchObject({ allowed: false, error: { code: 'unauthenticated' } });
  });
});

describe('useBlockedAction', () => {
  describe('under a policy that blocks password resets (account-admin)', () => {
    it('blocks them only while impersonating', async () => {
      const { client, wrapper } = kit();
      const { result } = renderHook(() => ({ reset: useBlockedAction('auth.password_reset'), billing: useBlockedAction('billing.manage') }), { wrapper });
      await waitFor(() => expect(client.viewer.getSnapshot().status).toBe('ready'));
      expect(result.current.reset).toEqual({ blocked: false, message: null });

      await act(() => client.session.start(GOOD_START));
      // The same words as the ErrorText of a 403 blocked_during_impersonation answer: one message, not two.
      expect(result.current.reset).toEqual({ blocked: true, message: "This action isn't available while you're impersonating someone. End the session to use it." });
      expect(result.current.billing).toEqual({ blocked: false, message: null });

      await act(() => client.session.end());
      expect(result.current.reset).toEqual({ blocked: false, message: null });
    });
  });

  describe('while a session moves on without changing the answer', () => {
    it('does not re-render its caller: a moved deadline or a refreshed viewer is no news to a button', async () => {
      const { client, wrapper, clock } = kit();
      let renders = 0;
      renderHook(
        () => {
          renders += 1;
          return useBlockedAction('auth.password_reset');
        },
        { wrapper },
      );
      await act(() => client.session.start(GOOD_START));
      await waitFor(() => expect(client.isBlocked('auth.password_reset')).toBe(true));
      const settled = renders;
      // A minute later the viewer's serverTime and the session's copy are new objects.
      await act(async () => {
        clock.advance(60_000);
        await client.viewer.refresh();
        await fetch('http://localhost/api/app/projects');
        await client.session.refresh();
      });
      expect(client.session.getSnapshot().session?.lastActivityAt).toBe(new Date(clock.now()).toISOString());
      expect(renders).toBe(settled);
    });
  });

  describe('under a policy that does not block them (enterprise)', () => {
    it('leaves them allowed while impersonating, and blocks what it lists', async () => {
      const { client, wrapper } = kit({ preset: 'enterprise' });
      const { result } = renderHook(() => ({ reset: useBlockedAction('auth.password_reset'), billing: useBlockedAction('billing.manage') }), { wrapper });

      await act(() => client.session.start({ targetUserId: 'u_alice', stepUpCode: '123456' }));
      await waitFor(() => expect(result.current.billing.blocked).toBe(true));
      expect(result.current.reset.blocked).toBe(false);
    });
  });
});
