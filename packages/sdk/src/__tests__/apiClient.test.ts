import { describe, expect, it } from 'vitest';
import { createApiClient } from '../apiClient';
import type { ApiClient } from '../clientTypes';
import { createTestClock } from '../clock';
import { ImpersonationError } from '../errors';
import type { RecordedCall } from './transportFixtures';
import { actionEvent, consent, eligibility, json, policy, recordingFetch, session, viewer } from './transportFixtures';

const serverTime = '2026-11-21T10:00:05.000Z';
const sessionAnswer = { session, serverTime };
const consentAnswer = { consent, serverTime };

// What a contract-following server answers on each route.
function contractAnswer(call: RecordedCall): Response {
  const route = `${call.method} ${call.path}`;
  if (route === 'GET /api/impersonation/policy') return json(policy);
  if (route === 'GET /api/impersonation/viewer') return json(viewer);
  if (route === 'GET /api/impersonation/eligibility') {
    const ids = call.query.get('userIds')?.split(',') ?? [];
    return json({ items: ids.map((id) => eligibility(id)) });
  }
  if (call.path === '/api/impersonation/sessions' && call.method === 'GET') return json({ items: [session], nextCursor: 'next' });
  if (call.path.startsWith('/api/impersonation/sessions')) {
    if (call.path.endsWith('/events')) return json({ items: [actionEvent], nextCursor: null });
    return json(sessionAnswer, call.method === 'POST' && !call.path.endsWith('/activity') ? 201 : 200);
  }
  if (call.path === '/api/impersonation/audit') return json({ items: [actionEvent], nextCursor: null });
  if (call.path === '/api/impersonation/consent') return json(consentAnswer);
  return json({ error: { code: 'not_found', message: `No route ${route}` } }, 404);
}

function setup() {
  const recorder = recordingFetch(contractAnswer);
  const api = createApiClient({ fetch: recorder.fetch, clock: createTestClock(), headers: { Authorization: 'Bearer demo:u_admin' } });
  const only = (): RecordedCall => {
    expect(recorder.calls).toHaveLength(1);
    return recorder.calls[0] as RecordedCall;
  };
  return { api, calls: recorder.calls, only };
}

describe('the API client', () => {
  describe('reading who and what', () => {
    it('getPolicy asks GET /policy', async () => {
      const { api, only } = setup();
      await expect(api.getPolicy()).resolves.toEqual(policy);
      expect(only()).toMatchObject({ method: 'GET', url: '/api/impersonation/policy', body: undefined });
    });

    it('getViewer asks GET /viewer with the host headers', async () => {
      const { api, only } = setup();
      await expect(api.getViewer()).resolves.toEqual(viewer);
      expect(only()).toMatchObject({ method: 'GET', url: '/api/impersonation/viewer' });
      expect(only().headers.get('authorization')).toBe('Bearer demo:u_admin');
    });

    it('getEligibility asks once with ?userIds=a,b and returns the items', async () => {
      const { api, only } = setup();
      await expect(api.getEligibility(['u_alice', 'u_bob'])).resolves.toEqual([eligibility('u_alice'), eligibility('u_bob')]);
      expect(only()).toMatchObject({ method: 'GET', url: '/api/impersonation/eligibility?userIds=u_alice,u_bob' });
    });

    it('getEligibility of no ids asks nothing', async () => {
      const { api, calls } = setup();
      await expect(api.getEligibility([])).resolves.toEqual([]);
      expect(calls).toHaveLength(0);
    });
  });

  describe('running a session', () => {
    it('startSession posts the input with the Idempotency-Key', async () => {
      const { api, only } = setup();
      const input = { targetUserId: 'u_alice', reason: 'Ticket #4521: cannot see invoices', stepUpCode: '123456' };
      await expect(api.startSession(input, 'key-1')).resolves.toEqual(sessionAnswer);
      expect(only()).toMatchObject({ method: 'POST', url: '/api/impersonation/sessions', body: input });
      expect(only().headers.get('idempotency-key')).toBe('key-1');
      expect(only().headers.get('content-type')).toBe('application/json');
    });

    it('startSession without a key sends no Idempotency-Key', async () => {
      const { api, only } = setup();
      await api.startSession({ targetUserId: 'u_alice' });
      expect(only().headers.has('idempotency-key')).toBe(false);
    });

    it.each<[string, (api: ApiClient) => Promise<unknown>, string, string]>([
      ['getCurrentSession', (api) => api.getCurrentSession(), 'GET', '/api/impersonation/sessions/current'],
      ['getSession', (api) => api.getSession('imp_1'), 'GET', '/api/impersonation/sessions/imp_1'],
      ['recordActivity', (api) => api.recordActivity(), 'POST', '/api/impersonation/sessions/current/activity'],
      ['endSession', (api) => api.endSession(), 'DELETE', '/api/impersonation/sessions/current'],
    ])('%s asks %s %s and returns { session, serverTime }', async (_name, run, method, url) => {
      const { api, only } = setup();
      await expect(run(api)).resolves.toEqual(sessionAnswer);
      expect(only()).toMatchObject({ method, url, body: undefined });
    });

    it('restartSession posts to /sessions/{id}/restart with the Idempotency-Key', async () => {
      const { api, only } = setup();
      await expect(api.restartSession('imp_1', 'key-2')).resolves.toEqual(sessionAnswer);
      expect(only()).toMatchObject({ method: 'POST', url: '/api/impersonation/sessions/imp_1/restart', body: undefined });
      expect(only().headers.get('idempotency-key')).toBe('key-2');
    });

    it('encodes ids that are path segments', async () => {
      const { api, calls } = setup();
      await api.getSession('imp/../x?y');
      await api.restartSession('a b');
      await api.listEvents({ sessionId: 'imp#1' });
      expect(calls.map((call) => call.url)).toEqual([
        '/api/impersonation/sessions/imp%2F..%2Fx%3Fy',
        '/api/impersonation/sessions/a%20b/restart',
        '/api/impersonation/sessions/imp%231/events',
      ]);
    });
  });

  describe('listing', () => {
    it('listSessions asks GET /sessions with role, cursor and limit', async () => {
      const { api, only } = setup();
      await expect(api.listSessions({ role: 'impersonated', cursor: 'c1', limit: 20 })).resolves.toEqual({
        items: [session],
        nextCursor: 'next',
      });
      expect(only()).toMatchObject({ method: 'GET', url: '/api/impersonation/sessions?role=impersonated&cursor=c1&limit=20' });
    });

    it('listSessions leaves out what was not given', async () => {
      const { api, only } = setup();
      await api.listSessions({ role: 'impersonator' });
      expect(only().url).toBe('/api/impersonation/sessions?role=impersonator');
    });

    it('listEvents of one session asks GET /sessions/{id}/events', async () => {
      const { api, only } = setup();
      await expect(api.listEvents({ sessionId: 'imp_1', cursor: 'c2', limit: 10 })).resolves.toEqual({
        items: [actionEvent],
        nextCursor: null,
      });
      expect(only()).toMatchObject({ method: 'GET', url: '/api/impersonation/sessions/imp_1/events?cursor=c2&limit=10' });
    });

    it('listEvents of the account asks GET /audit with the filters', async () => {
      const { api, only } = setup();
      await api.listEvents({ type: 'consent.revoked', userId: 'u_alice', cursor: 'c3', limit: 200 });
      expect(only()).toMatchObject({
        method: 'GET',
        url: '/api/impersonation/audit?type=consent.revoked&userId=u_alice&cursor=c3&limit=200',
      });
    });

    it('listEvents with no filters asks GET /audit bare', async () => {
      const { api, only } = setup();
      await api.listEvents({});
      expect(only().url).toBe('/api/impersonation/audit');
    });
  });

  describe('consent', () => {
    it('getConsent asks GET /consent', async () => {
      const { api, only } = setup();
      await expect(api.getConsent()).resolves.toEqual(consentAnswer);
      expect(only()).toMatchObject({ method: 'GET', url: '/api/impersonation/consent', body: undefined });
    });

    it('putConsent sends PUT /consent { durationHours }', async () => {
      const { api, only } = setup();
      await expect(api.putConsent(72)).resolves.toEqual(consentAnswer);
      expect(only()).toMatchObject({ method: 'PUT', url: '/api/impersonation/consent', body: { durationHours: 72 } });
    });

    it('deleteConsent sends DELETE /consent', async () => {
      const { api, only } = setup();
      await expect(api.deleteConsent()).resolves.toEqual(consentAnswer);
      expect(only()).toMatchObject({ method: 'DELETE', url: '/api/impersonation/consent' });
    });
  });

  describe('given a base URL of the host', () => {
    it('sends every call under it', async () => {
      const { fetch, calls } = recordingFetch(contractAnswer);
      const api = createApiClient({ fetch, clock: createTestClock(), baseUrl: 'https://acme.test/api/impersonation/' });
      await api.getPolicy();
      expect(calls[0]?.url).toBe('https://acme.test/api/impersonation/policy');
    });
  });

  describe('given a server that answers the wrong shape', () => {
    const malformed: [string, (api: ApiClient) => Promise<unknown>, unknown][] = [
      ['getPolicy', (api) => api.getPolicy(), { ...policy, reason: null }],
      ['getViewer', (api) => api.getViewer(), { ...viewer, permissions: 'all' }],
      ['getEligibility', (api) => api.getEligibility(['u_alice']), [eligibility('u_alice')]],
      ['startSession', (api) => api.startSession({ targetUserId: 'u_alice' }), { session }],
      ['getCurrentSession', (api) => api.getCurrentSession(), { session: { ...session, status: 'paused' }, serverTime }],
      ['getSession', (api) => api.getSession('imp_1'), { session: null, serverTime }],
      ['recordActivity', (api) => api.recordActivity(), { session, serverTime: 'now' }],
      ['endSession', (api) => api.endSession(), session],
      ['restartSession', (api) => api.restartSession('imp_1'), { session: { ...session, endReason: 'gone' }, serverTime }],
      ['listSessions', (api) => api.listSessions({ role: 'impersonator' }), { items: [session], nextCursor: 5 }],
      ['listEvents (session)', (api) => api.listEvents({ sessionId: 'imp_1' }), { items: [{ ...actionEvent, type: 'x' }], nextCursor: null }],
      ['listEvents (audit)', (api) => api.listEvents({}), { items: null, nextCursor: null }],
      ['getConsent', (api) => api.getConsent(), { consent: { ...consent, status: 'on' }, serverTime }],
      ['putConsent', (api) => api.putConsent(24), { consent: { ...consent, durationHours: '24' }, serverTime }],
      ['deleteConsent', (api) => api.deleteConsent(), { consent }],
    ];

    it.each(malformed)('%s rejects with invalid_response', async (_name, run, body) => {
      const { fetch } = recordingFetch(() => json(body));
      const error: unknown = await run(createApiClient({ fetch, clock: createTestClock() })).catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(ImpersonationError);
      expect(error).toMatchObject({ code: 'invalid_response', status: 200 });
    });
  });

  describe('given a server that refuses', () => {
    it('passes the contract error through', async () => {
      const { fetch } = recordingFetch(() => json({ error: { code: 'no_active_session', message: 'No session is active' } }, 404));
      const api = createApiClient({ fetch, clock: createTestClock() });
      await expect(api.getCurrentSession()).rejects.toMatchObject({ code: 'no_active_session', status: 404 });
    });
  });

  describe('given a server that never answers', () => {
    it('times out on the client clock after timeoutMs', async () => {
      const clock = createTestClock();
      const api = createApiClient({ fetch: () => new Promise<Response>(() => {}), clock, timeoutMs: 2_000 });
      const result = api.getViewer().catch((reason: unknown) => reason);
      clock.advance(2_000);
      await expect(result).resolves.toMatchObject({ code: 'timeout' });
    });
  });
});
