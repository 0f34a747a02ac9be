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

    it('restartSession posts {} as JSON to /sessions/{id}/restart with the Idempotency-Key', async () => {
      const { api, only } = setup();
      await expect(api.restartSession('imp_1', undefined, 'key-2')).resolves.toEqual(sessionAnswer);
      expect(only()).toMatchObject({ method: 'POST', url: '/api/impersonation/sessions/imp_1/restart', body: {} });
      expect(only().headers.get('idempotency-key')).toBe('key-2');
      expect(only().headers.get('content-type')).toBe('application/json');
    });

    it('restartSession sends the second factor as { stepUpCode }, and nothing else', async () => {
      const { api, only } = setup();
      await api.restartSession('imp_1', { stepUpCode: '123456', extra: 'x' } as { stepUpCode: string });
      expect(only().body).toEqual({ stepUpCode: '123456' });
      expect(only().headers.has('idempotency-key')).toBe(false);
    });

    it('encodes ids that are path segments, so none leaves its segment', async () => {
      const { api, calls } = setup();
      await api.getSession('imp/../x?y');
      await api.restartSession('a b');
      await api.listEvents({ sessionId: 'imp#1' });
      await api.getSession('a/b');
      await api.getSession('?x');
      await api.getSession('#y');
      await api.getSession('...');
      expect(calls.map((call) => call.url)).toEqual([
        '/api/impersonation/sessions/imp%2F..%2Fx%3Fy',
        '/api/impersonation/sessions/a%20b/restart',
        '/api/impersonation/sessions/imp%231/events',
        '/api/impersonation/sessions/a%2Fb',
        '/api/impersonation/sessions/%3Fx',
        '/api/impersonation/sessions/%23y',
        '/api/impersonation/sessions/...',
      ]);
      // What a server's URL parser makes of them: still one segment under /sessions/.
      for (const call of calls) expect(call.path).toMatch(/^\/api\/impersonation\/sessions\/[^/]+(\/restart|\/events)?$/);
    });

    const unusable = ['', '.', '..', '%2e', '%2e%2e', '%2E%2e', '.%2E', '%252e%252e', '\uD800'];
    it.each(unusable)('refuses the id %j before any request: getSession, listEvents and restartSession', async (id) => {
      const { api, calls } = setup();
      for (const run of [() => api.getSession(id), () => api.listEvents({ sessionId: id }), () => api.restartSession(id, {}, 'key')]) {
        const error: unknown = await run().catch((reason: unknown) => reason);
        expect(error).toBeInstanceOf(ImpersonationError);
        expect(error).toMatchObject({ code: 'validation_failed', status: 0 });
      }
      expect(calls).toHaveLength(0);
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

  describe('given a hostile 2xx answer', () => {
    const raw = (text: string, status = 201) => () => new Response(text, { status, headers: { 'content-type': 'application/json' } });
    it.each([
      ['200,000 levels of arrays', raw(`${'['.repeat(200_000)}${']'.repeat(200_000)}`)],
      ['200,000 levels of objects under session', raw(`{"session":${'{"a":'.repeat(200_000)}1${'}'.repeat(200_000)},"serverTime":"${serverTime}"}`)],
      ['5 MB of reason with a wrong id', () => json({ session: { ...session, id: 7, reason: 'x'.repeat(5_000_000) }, serverTime }, 201)],
      ['a body cut in the middle', raw('{"session":{"id":"imp_1","status":"act')],
      ['NUL bytes and lone surrogates', raw('{"session":"\u0000\ud800","serverTime":null}')],
      ['a session whose fields are all arrays', () => json({ session: Object.fromEntries(Object.keys(session).map((key) => [key, []])), serverTime }, 201)],
      ['null', raw('null')],
      ['an empty body', raw('')],
    ])('ends as invalid_response, never a raw error: %s', async (_name, respond) => {
      const { fetch } = recordingFetch(respond);
      const api = createApiClient({ fetch, clock: createTestClock() });
      const error: unknown = await api.startSession({ targetUserId: 'u_alice' }, 'key').catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(ImpersonationError);
      expect(error).toMatchObject({ code: 'invalid_response', status: 201 });
    });

    it('ends as invalid_response when the fetch answers something that is not a Response', async () => {
      for (const answer of [{}, { status: 201, text: () => Promise.resolve('{}') }, { status: 200, headers: null, text: () => Promise.resolve('{}') }]) {
        const api = createApiClient({ fetch: (() => Promise.resolve(answer)) as unknown as typeof fetch, clock: createTestClock() });
        const error: unknown = await api.getViewer().catch((reason: unknown) => reason);
        expect(error).toBeInstanceOf(ImpersonationError);
        expect(error).toMatchObject({ code: 'invalid_response' });
      }
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
