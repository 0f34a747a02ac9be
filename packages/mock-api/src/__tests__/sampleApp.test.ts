import type { AuditEvent, UserSummary } from '@impersonate-kit/sdk';
import { describe, expect, it } from 'vitest';
import type { Project } from '../types';
import type { MockPreset } from '../types';
import { GOOD_START, expectError, useServer } from './harness';

const mockApi = useServer();
type Projects = { items: Project[] };
type Me = { user: UserSummary; impersonator: { id: string } | null; sessionId: string | null };

const actionEvents = (events: AuditEvent[]) => events.filter((e) => e.type === 'impersonation.action');

describe('the sample app', () => {
  describe('without a session', () => {
    it('answers as the viewer and writes nothing to the audit', async () => {
      const m = mockApi();
      expect((await m.app<Me>('GET', '/me')).body).toMatchObject({ user: { id: 'u_owner' }, impersonator: null, sessionId: null });
      const projects = await m.app<Projects>('GET', '/projects');
      expect(projects.body.items.map((p) => p.name).sort()).toEqual(['Acme Website', 'Quarterly Planning']);
      expect((await m.app('POST', '/api-keys', { body: { name: 'CI' } })).status).toBe(201);
      expect(m.api.getState().events).toEqual([]);
    });

    it('answers 401 unauthenticated with nobody signed in', async () => {
      const m = mockApi();
      m.api.signIn(null);
      expectError(await m.app('GET', '/me'), 401, 'unauthenticated');
    });

    it('lists the account’s users for a users page', async () => {
      const m = mockApi();
      const users = await m.app<{ items: UserSummary[] }>('GET', '/users');
      expect(users.body.items.map((u) => u.id)).toEqual(['u_owner', 'u_admin', 'u_ada', 'u_alice', 'u_bob', 'u_bill', 'u_nora', 'u_sam']);
    });
  });

  describe('given an active session as Alice', () => {
    const begin = async (preset: MockPreset = 'account-admin') => {
      const m = mockApi({ preset });
      const session = await m.start(GOOD_START[preset]);
      return { m, session };
    };

    it('answers as the target: her profile and her projects', async () => {
      const { m, session } = await begin();
      expect((await m.app<Me>('GET', '/me')).body).toMatchObject({ user: { id: 'u_alice', roles: ['member'] }, impersonator: { id: 'u_owner' }, sessionId: session.id });
      const projects = await m.app<Projects>('GET', '/projects');
      expect(projects.body.items.map((p) => p.name).sort()).toEqual(['Churn Analysis', 'Customer Interviews', 'Funnel Dashboard']);
    });

    it('creates projects as her', async () => {
      const { m } = await begin();
      const created = await m.app<{ project: Project }>('POST', '/projects', { body: { name: 'Bug repro' } });
      expect(created.status).toBe(201);
      expect(created.body.project.ownerId).toBe('u_alice');
      await m.call('DELETE', '/sessions/current');
      expect((await m.app<Projects>('GET', '/projects', { as: 'u_alice' })).body.items[0]?.name).toBe('Bug repro');
    });

    it('records every call as impersonation.action with method, path, status and the redacted body', async () => {
      const { m, session } = await begin();
      await m.app('GET', '/projects?sort=name');
      await m.app('PUT', '/account/password', { body: { currentPassword: 'hunter22', newPassword: 'correct horse', confirm: { token: 'abc' } } });
      const actions = actionEvents(m.api.getState().events);
      expect(actions).toEqual([
        expect.objectContaining({
          sessionId: session.id,
          actor: expect.objectContaining({ id: 'u_owner' }),
          impersonator: expect.objectContaining({ id: 'u_owner' }),
          impersonated: expect.objectContaining({ id: 'u_alice' }),
          request: { method: 'GET', path: '/api/app/projects?sort=name', status: 200, body: null },
        }),
        expect.objectContaining({
          request: { method: 'PUT', path: '/api/app/account/password', status: 403, body: { currentPassword: '[REDACTED]', newPassword: '[REDACTED]', confirm: { token: '[REDACTED]' } } },
        }),
      ]);
      expect(JSON.stringify(m.api.getState())).not.toContain('hunter22');
    });

    it('redacts secret query parameters in the recorded path, as it does body keys', async () => {
      const { m } = await begin();
      await m.app('GET', '/projects?api_key=sk_live_123&sort=name&Token=abc');
      const [action] = actionEvents(m.api.getState().events);
      expect(action?.request?.path).toBe('/api/app/projects?api_key=[REDACTED]&sort=name&Token=[REDACTED]');
      expect(JSON.stringify(m.api.getState())).not.toContain('sk_live_123');
    });

    it('cuts a body over 8 KiB and marks it, after redacting it', async () => {
      const { m } = await begin();
      await m.app('POST', '/projects', { body: { name: 'Big', notes: 'n'.repeat(10_000), password: 'hunter22' } });
      const [action] = actionEvents(m.api.getState().events);
      expect(action?.request?.body).toMatchObject({ truncated: true, originalBytes: expect.any(Number) as number });
      expect(JSON.stringify(m.api.getState())).not.toContain('hunter22');
    });

    it('records refused and unknown calls too', async () => {
      const { m } = await begin();
      expectError(await m.app('GET', '/nowhere'), 404, 'not_found');
      expect(actionEvents(m.api.getState().events).map((e) => e.request?.status)).toEqual([404]);
    });

    it('stops acting as her once the session ends', async () => {
      const { m } = await begin();
      await m.call('DELETE', '/sessions/current');
      expect((await m.app<Me>('GET', '/me')).body.user.id).toBe('u_owner');
    });
  });

  describe('blocked actions answer 403 blocked_during_impersonation', () => {
    const cases: [MockPreset, string, string, Record<string, unknown>][] = [
      ['account-admin', 'POST', '/api-keys', { name: 'CI' }],
      ['account-admin', 'PUT', '/account/password', { currentPassword: 'a', newPassword: 'longenough' }],
      ['enterprise', 'PUT', '/billing', { plan: 'Enterprise', cardNumber: '4242424242424242' }],
      ['enterprise', 'PUT', '/team/settings', { name: 'Evil Corp' }],
      ['consent', 'PUT', '/account/profile', { name: 'Someone Else' }],
      ['consent', 'PUT', '/account/password', { currentPassword: 'a', newPassword: 'longenough' }],
    ];

    it.each(cases)('%s: %s %s', async (preset, method, path, body) => {
      const m = mockApi({ preset });
      expect((await m.app(method, path, { body })).status).toBeLessThan(300);
      await m.start(GOOD_START[preset]);
      const refused = await m.app(method, path, { body });
      expectError(refused, 403, 'blocked_during_impersonation');
      expect(refused.body).toMatchObject({ error: { details: { action: expect.any(String) } } });
    });

    it('lets through what a preset does not block (billing in account-admin)', async () => {
      const m = mockApi({ preset: 'account-admin' });
      await m.start(GOOD_START['account-admin']);
      expect((await m.app('PUT', '/billing', { body: { plan: 'Free' } })).status).toBe(200);
    });
  });

  describe('the target’s own permissions apply', () => {
    it('a viewer-role user cannot create a project (403 forbidden), even while an admin acts as them', async () => {
      const m = mockApi();
      expectError(await m.app('POST', '/projects', { as: 'u_bob', body: { name: 'Mine' } }), 403, 'forbidden');
      await m.start({ ...GOOD_START['account-admin'], targetUserId: 'u_bob' });
      expectError(await m.app('POST', '/projects', { body: { name: 'Mine' } }), 403, 'forbidden');
    });

    it('refuses malformed input with 422 validation_failed', async () => {
      const m = mockApi();
      expectError(await m.app('POST', '/projects', { rawBody: '{"name":' }), 422, 'validation_failed');
      expectError(await m.app('POST', '/projects', { body: { name: '  ' } }), 422, 'validation_failed');
    });
  });
});
