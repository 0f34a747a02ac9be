import type { Policy, Viewer } from '@impersonate-kit/sdk';
import { BLOCKED_ACTION_KEYS } from '@impersonate-kit/sdk';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_CAST } from '../cast';
import { createMockApi } from '../createMockApi';
import { buildPolicy, MOCK_PRESETS, PRESETS } from '../index';
import type { MockPreset } from '../types';
import { BASE, GOOD_START, T0, expectError, request, useServer } from './harness';

const mockApi = useServer();

describe('createMockApi', () => {
  describe('presets', () => {
    it('account-admin: required reason of 10..500, exactly 30 minutes, prior login, admins allowed, account actions blocked', () => {
      expect(PRESETS['account-admin']).toMatchObject({
        canImpersonateAdmins: true,
        requirePriorLogin: true,
        reason: { required: true, minLength: 10, maxLength: 500 },
        stepUp: { required: false },
        consent: { required: false },
        session: { maxDurationSeconds: 1800, idleTimeoutSeconds: null, restartAllowed: true },
      });
      expect(PRESETS['account-admin'].blockedActions).toEqual(expect.arrayContaining(['api_keys.manage', 'auth.password_reset', 'auth.sign_out', 'security.ip_allowlist']));
    });

    it('enterprise: no admins, billing protected, step-up, 1 h idle, billing and team settings blocked', () => {
      expect(PRESETS.enterprise).toMatchObject({
        canImpersonateAdmins: false,
        protectedRoles: ['billing'],
        reason: { required: false, minLength: 0, maxLength: 500 },
        stepUp: { required: true },
        session: { maxDurationSeconds: null, idleTimeoutSeconds: 3600, restartAllowed: true },
        blockedActions: ['billing.manage', 'team.settings'],
      });
    });

    it('consent: consent of 1..168 h (presets 1, 24, 72) caps the session; own account blocked', () => {
      expect(PRESETS.consent).toMatchObject({
        canImpersonateAdmins: true,
        consent: { required: true, minHours: 1, maxHours: 168, presetHours: [1, 24, 72] },
        session: { maxDurationSeconds: null, idleTimeoutSeconds: null, restartAllowed: true },
        blockedActions: ['profile.self'],
      });
    });

    it('blocks only keys the contract names', () => {
      for (const preset of MOCK_PRESETS) for (const key of PRESETS[preset].blockedActions) expect(BLOCKED_ACTION_KEYS).toContain(key);
    });

    it.each([
      ['account-admin', ['u_owner', 'u_admin', 'u_ada']],
      ['enterprise', ['u_owner', 'u_admin', 'u_ada']],
      ['consent', ['u_owner', 'u_admin']],
    ] as [MockPreset, string[]][])('%s gives impersonate:users to %j', async (preset, holders) => {
      const m = mockApi({ preset });
      const withPermission: string[] = [];
      for (const user of DEFAULT_CAST.filter((u) => u.status === 'active')) {
        const viewer = await m.call<Viewer>('GET', '/viewer', { as: user.id });
        if (viewer.body.permissions.includes('impersonate:users')) withPermission.push(user.id);
      }
      expect(withPermission).toEqual(holders);
    });

    it('serves the policy in force', async () => {
      const m = mockApi({ preset: 'enterprise' });
      expect((await m.call<Policy>('GET', '/policy')).body).toEqual(PRESETS.enterprise);
    });

    it('lays overrides over a preset as a custom policy', async () => {
      const m = mockApi({ preset: 'account-admin', policy: { session: { maxDurationSeconds: 60 }, reason: { required: false, minLength: 0 } } });
      expect((await m.call<Policy>('GET', '/policy')).body).toMatchObject({ preset: 'custom', session: { maxDurationSeconds: 60, restartAllowed: true }, reason: { required: false, maxLength: 500 } });
      const session = await m.start({ targetUserId: 'u_alice' });
      expect(session.expiresAt).toBe(new Date(T0 + 60_000).toISOString());
    });

    it('refuses a policy under which no session could ever end', () => {
      expect(() => buildPolicy('consent', { consent: { required: false } })).toThrow(/must be able to end/);
    });
  });

  describe('the cast', () => {
    it('has the same ids in every preset, u_nora never logged in and u_sam suspended', () => {
      expect(DEFAULT_CAST.map((u) => u.id)).toEqual(['u_owner', 'u_admin', 'u_ada', 'u_alice', 'u_bob', 'u_bill', 'u_nora', 'u_sam']);
      expect(DEFAULT_CAST.filter((u) => u.lastLoginAt === null).map((u) => u.id)).toEqual(['u_nora']);
      expect(DEFAULT_CAST.filter((u) => u.status !== 'active').map((u) => u.id)).toEqual(['u_sam']);
    });
  });

  describe('the viewer', () => {
    it('is u_owner by default, the signed-in user otherwise, and the bearer’s user when a request names one', async () => {
      const m = mockApi();
      expect((await m.call<Viewer>('GET', '/viewer')).body.user.id).toBe('u_owner');
      m.api.signIn('u_alice');
      expect((await m.call<Viewer>('GET', '/viewer')).body.user.id).toBe('u_alice');
      expect((await m.call<Viewer>('GET', '/viewer', { as: 'u_bob' })).body.user.id).toBe('u_bob');
    });

    it('is nobody (401) when a demo bearer names no user, never the signed-in one', async () => {
      mockApi();
      for (const authorization of ['Bearer demo:', 'Bearer demo:u_alice extra']) {
        expectError(await request(`${BASE}/viewer`, 'GET', { headers: { Authorization: authorization } }), 401, 'unauthenticated');
      }
    });

    it('cannot be signed in as an unknown user', () => {
      const m = mockApi();
      expect(() => m.api.signIn('u_ghost')).toThrow(/No user/);
    });
  });

  describe('setPreset', () => {
    it('switches the policy, keeps users, and clears sessions, consents and the audit', async () => {
      const m = mockApi({ preset: 'account-admin' });
      m.api.setUserStatus('u_bob', 'suspended');
      await m.start(GOOD_START['account-admin']);
      await m.call('PUT', '/consent', { as: 'u_alice', body: { durationHours: 2 } });
      m.api.setPreset('enterprise');
      expect(m.api.policy.preset).toBe('enterprise');
      const state = m.api.getState();
      expect(state.sessions).toEqual([]);
      expect(state.events).toEqual([]);
      expect(state.consents).toEqual({});
      expect(state.users.find((u) => u.id === 'u_bob')?.status).toBe('suspended');
      expectError(await m.call('GET', '/sessions/current'), 404, 'no_active_session');
    });

    it('seeds u_alice’s consent when switching to consent', () => {
      const m = mockApi();
      m.api.setPreset('consent');
      expect(m.api.getState().consents.u_alice).toMatchObject({ status: 'active', durationHours: 24 });
    });
  });

  describe('reset', () => {
    it('returns to a fresh backend with the first preset and viewer', async () => {
      const m = mockApi({ preset: 'consent' });
      m.api.signIn('u_admin');
      await m.start(GOOD_START.consent);
      m.api.setPreset('enterprise');
      m.api.setUserStatus('u_alice', 'deleted');
      m.api.reset();
      expect(m.api.policy.preset).toBe('consent');
      expect(m.api.viewerId).toBe('u_owner');
      expect(m.api.getState().users.find((u) => u.id === 'u_alice')?.status).toBe('active');
      expect(m.api.getState().sessions).toEqual([]);
    });

    it('rewinds the built-in clock', () => {
      vi.useFakeTimers({ now: T0 });
      try {
        const api = createMockApi();
        api.clock.advance(3_600_000);
        expect(api.clock.now()).toBe(T0 + 3_600_000);
        api.reset();
        expect(api.clock.now()).toBe(T0);
      } finally {
        vi.useRealTimers();
      }
    });
  });

  describe('the handlers', () => {
    it('answer 404 not_found for an unknown contract path', async () => {
      const m = mockApi();
      expectError(await m.call('GET', '/nothing-here'), 404, 'not_found');
    });

    it('leave handle() usable without MSW, with a full URL and its query', async () => {
      const m = mockApi();
      const reply = await m.api.handle({ method: 'GET', path: 'http://localhost/api/impersonation/sessions?role=impersonator&limit=1' });
      expect(reply).toMatchObject({ status: 200, body: { items: [], nextCursor: null } });
    });

    it('match their paths on any origin', async () => {
      mockApi();
      const reply = await fetch('https://acme.example/api/impersonation/policy');
      expect(reply.status).toBe(200);
    });
  });
});
