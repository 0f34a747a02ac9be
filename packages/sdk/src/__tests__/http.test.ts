import { http as mswHttp, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestClock } from '../clock';
import { ImpersonationError } from '../errors';
import { createRequester, encodeQuery, errorCodeForStatus, joinUrl } from '../http';
import { parseSessionResponse } from '../validate';
import { json, recordingFetch, session } from './transportFixtures';

const anything = (value: unknown) => value;
const sessionAnswer = { session, serverTime: '2026-11-21T10:00:05.000Z' };

async function failure(promise: Promise<unknown>): Promise<ImpersonationError> {
  const error: unknown = await promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ImpersonationError);
  return error as ImpersonationError;
}

function html(status: number): Response {
  return new Response('<!doctype html><html><body>Not here</body></html>', { status, headers: { 'content-type': 'text/html' } });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('building the request', () => {
  describe('the URL', () => {
    it('defaults to /api/impersonation and joins paths with one slash', async () => {
      const { fetch, calls } = recordingFetch();
      await createRequester({ fetch })('GET', '/policy', { parse: anything });
      await createRequester({ fetch, baseUrl: 'https://api.example.com/imp/' })('GET', 'viewer', { parse: anything });
      await createRequester({ fetch, baseUrl: '/custom//' })('GET', '//consent', { parse: anything });
      expect(calls.map((call) => call.url)).toEqual(['/api/impersonation/policy', 'https://api.example.com/imp/viewer', '/custom/consent']);
    });

    it('encodes query values, drops undefined ones and keeps list commas literal', async () => {
      const { fetch, calls } = recordingFetch();
      const request = createRequester({ fetch });
      await request('GET', '/audit', { query: { type: 'impersonation.action', cursor: undefined, limit: 20, q: 'a b&c' }, parse: anything });
      await request('GET', '/eligibility', { query: { userIds: ['u_a', 'u,b', 'u c'] }, parse: anything });
      await request('GET', '/sessions', { query: { cursor: undefined }, parse: anything });
      expect(calls.map((call) => call.url)).toEqual([
        '/api/impersonation/audit?type=impersonation.action&limit=20&q=a%20b%26c',
        '/api/impersonation/eligibility?userIds=u_a,u%2Cb,u%20c',
        '/api/impersonation/sessions',
      ]);
      expect(calls[1]?.query.get('userIds')?.split(',')).toEqual(['u_a', 'u', 'b', 'u c']);
    });
  });

  describe('the helpers', () => {
    it('joinUrl and encodeQuery handle the edges', () => {
      expect(joinUrl('', '/policy')).toBe('/policy');
      expect(joinUrl('/api/', '')).toBe('/api');
      expect(joinUrl('', '')).toBe('/');
      expect(encodeQuery(undefined)).toBe('');
      expect(encodeQuery({ flag: true, n: 0, empty: '' })).toBe('flag=true&n=0&empty=');
    });
  });

  describe('the headers and body', () => {
    it('asks for JSON and sends a JSON body with its content type', async () => {
      const { fetch, calls } = recordingFetch();
      const request = createRequester({ fetch });
      await request('PUT', '/consent', { body: { durationHours: 24 }, parse: anything });
      await request('GET', '/consent', { parse: anything });
      expect(calls[0]).toMatchObject({ method: 'PUT', body: { durationHours: 24 } });
      expect(calls[0]?.headers.get('accept')).toBe('application/json');
      expect(calls[0]?.headers.get('content-type')).toBe('application/json');
      expect(calls[1]?.headers.get('accept')).toBe('application/json');
      expect(calls[1]?.headers.has('content-type')).toBe(false);
      expect(calls[1]?.body).toBeUndefined();
    });

    it('adds the host headers, lets a request override them case-insensitively, and passes a plain object', async () => {
      const { fetch, calls } = recordingFetch();
      const request = createRequester({ fetch, headers: { Authorization: 'Bearer demo:u_admin', 'X-Tenant': 't1' } });
      await request('POST', '/sessions', { headers: { authorization: 'Bearer demo:u_owner', 'Idempotency-Key': 'k1' }, parse: anything });
      expect(calls[0]?.rawHeaders).toEqual({
        Accept: 'application/json',
        authorization: 'Bearer demo:u_owner',
        'X-Tenant': 't1',
        'Idempotency-Key': 'k1',
      });
    });

    it('refuses a body that cannot become JSON before sending anything', async () => {
      const { fetch, calls } = recordingFetch();
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      const error = await failure(createRequester({ fetch })('POST', '/sessions', { body: cyclic, parse: anything }));
      expect(error.code).toBe('validation_failed');
      expect(calls).toHaveLength(0);
    });
  });

  describe('the fetch it uses', () => {
    it('looks up globalThis.fetch at call time, so one installed later (MSW, a test) is used', async () => {
      const request = createRequester();
      const late = vi.fn(async () => json(sessionAnswer));
      vi.stubGlobal('fetch', late);
      await expect(request('GET', '/sessions/current', { parse: parseSessionResponse })).resolves.toEqual(sessionAnswer);
      expect(late).toHaveBeenCalledWith('/api/impersonation/sessions/current', expect.objectContaining({ method: 'GET' }));
    });

    it('is intercepted by MSW even when MSW starts after the requester was made', async () => {
      const request = createRequester({ baseUrl: 'http://localhost/api/impersonation' });
      const server = setupServer(mswHttp.get('*/api/impersonation/sessions/current', () => HttpResponse.json(sessionAnswer)));
      server.listen({ onUnhandledRequest: 'error' });
      try {
        await expect(request('GET', '/sessions/current', { parse: parseSessionResponse })).resolves.toEqual(sessionAnswer);
      } finally {
        server.close();
      }
    });

    it('calls the host fetch bare, as browsers require of window.fetch', async () => {
      const strictFetch = function (this: unknown) {
        if (this !== undefined) throw new TypeError('Illegal invocation');
        return Promise.resolve(json({}));
      };
      await expect(createRequester({ fetch: strictFetch as unknown as typeof fetch })('GET', '/policy', { parse: anything })).resolves.toEqual({});
    });

    it('fails with network_error when there is no fetch at all', async () => {
      vi.stubGlobal('fetch', undefined);
      const error = await failure(createRequester()('GET', '/policy', { parse: anything }));
      expect(error).toMatchObject({ code: 'network_error', status: 0 });
    });
  });
});

describe('reading the answer', () => {
  it('returns what the validator returns for a 2xx', async () => {
    const { fetch } = recordingFetch(() => json({ ...sessionAnswer, extra: true }, 201));
    await expect(createRequester({ fetch })('POST', '/sessions', { parse: parseSessionResponse })).resolves.toEqual(sessionAnswer);
  });

  it('hands the validator the status it came with', async () => {
    const parse = vi.fn(anything);
    const { fetch } = recordingFetch(() => json({ ok: 1 }, 201));
    await createRequester({ fetch })('POST', '/sessions', { parse });
    expect(parse).toHaveBeenCalledWith({ ok: 1 }, 201);
  });

  describe('when the server refuses with a contract error body', () => {
    it('keeps its code, message, status and details', async () => {
      const { fetch } = recordingFetch(() =>
        json({ error: { code: 'invalid_reason', message: 'The reason must be at least 10 characters', details: { minLength: 10 } } }, 422),
      );
      const error = await failure(createRequester({ fetch })('POST', '/sessions', { parse: anything }));
      expect(error).toMatchObject({
        code: 'invalid_reason',
        message: 'The reason must be at least 10 characters',
        status: 422,
        details: { minLength: 10 },
      });
    });

    it('keeps the specific code rather than the generic one of its status', async () => {
      const { fetch } = recordingFetch(() => json({ error: { code: 'blocked_during_impersonation', message: 'Blocked' } }, 403));
      await expect(failure(createRequester({ fetch })('GET', '/x', { parse: anything }))).resolves.toMatchObject({
        code: 'blocked_during_impersonation',
        status: 403,
      });
    });
  });

  describe('when a failure carries no contract error body', () => {
    it.each([
      [401, 'unauthenticated'],
      [403, 'forbidden'],
      [404, 'not_found'],
      [429, 'rate_limited'],
      [400, 'validation_failed'],
      [422, 'validation_failed'],
      [500, 'internal_error'],
      [502, 'internal_error'],
      [503, 'internal_error'],
      [418, 'invalid_response'],
    ] as const)('maps an HTML page with %d to %s, saying the status', async (status, code) => {
      const { fetch } = recordingFetch(() => html(status));
      const error = await failure(createRequester({ fetch })('GET', '/policy', { parse: anything }));
      expect(error).toMatchObject({ code, status });
      expect(error.message).toContain(`HTTP ${status}`);
      expect(error.message).toContain('GET /api/impersonation/policy');
      expect(errorCodeForStatus(status)).toBe(code);
    });

    it('maps a plain-text 500 to internal_error', async () => {
      const { fetch } = recordingFetch(() => new Response('upstream exploded', { status: 500, statusText: 'Internal Server Error' }));
      const error = await failure(createRequester({ fetch })('GET', '/viewer', { parse: anything }));
      expect(error).toMatchObject({ code: 'internal_error', status: 500 });
      expect(error.message).toBe('GET /api/impersonation/viewer: HTTP 500 Internal Server Error');
    });

    it('maps an empty 503 to internal_error', async () => {
      const { fetch } = recordingFetch(() => new Response(null, { status: 503 }));
      await expect(failure(createRequester({ fetch })('GET', '/viewer', { parse: anything }))).resolves.toMatchObject({
        code: 'internal_error',
        status: 503,
      });
    });

    it('still shows the message of a near-contract body with an unknown code', async () => {
      const { fetch } = recordingFetch(() => json({ error: { code: 'quota_exceeded', message: 'Too many sessions today' } }, 429));
      const error = await failure(createRequester({ fetch })('POST', '/sessions', { parse: anything }));
      expect(error).toMatchObject({ code: 'rate_limited', status: 429, message: 'Too many sessions today (HTTP 429)' });
      expect(error.details).toMatchObject({ serverCode: 'quota_exceeded' });
    });
  });

  describe('when a 2xx is not what was expected', () => {
    it('reports an HTML page (a wrong base URL hitting the SPA) as invalid_response', async () => {
      const { fetch } = recordingFetch(() => html(200));
      const error = await failure(createRequester({ fetch })('GET', '/policy', { parse: anything }));
      expect(error).toMatchObject({ code: 'invalid_response', status: 200, details: { contentType: 'text/html' } });
      expect(error.message).toContain('text/html instead of JSON');
    });

    it('reports malformed JSON as invalid_response', async () => {
      const { fetch } = recordingFetch(() => new Response('{"session": {', { status: 200, headers: { 'content-type': 'application/json' } }));
      await expect(failure(createRequester({ fetch })('GET', '/sessions/current', { parse: parseSessionResponse }))).resolves.toMatchObject({
        code: 'invalid_response',
        status: 200,
      });
    });

    it('reports an empty body as invalid_response', async () => {
      const { fetch } = recordingFetch(() => new Response(null, { status: 204 }));
      await expect(failure(createRequester({ fetch })('DELETE', '/consent', { parse: anything }))).resolves.toMatchObject({
        code: 'invalid_response',
        status: 204,
      });
    });

    it('reports JSON of the wrong shape as invalid_response naming the field', async () => {
      const { fetch } = recordingFetch(() => json({ session: { ...session, expiresAt: 'soon' }, serverTime: '2026-11-21T10:00:00Z' }));
      const error = await failure(createRequester({ fetch })('GET', '/sessions/current', { parse: parseSessionResponse }));
      expect(error).toMatchObject({ code: 'invalid_response', status: 200, details: { path: 'response.session.expiresAt' } });
    });

    it('turns a validator that crashes into invalid_response, keeping the cause', async () => {
      const crash = new TypeError('boom');
      const { fetch } = recordingFetch(() => json({}));
      const error = await failure(
        createRequester({ fetch })('GET', '/policy', {
          parse: () => {
            throw crash;
          },
        }),
      );
      expect(error).toMatchObject({ code: 'invalid_response', status: 200 });
      expect(error.cause).toBe(crash);
    });
  });
});

describe('when no answer comes', () => {
  it('reports a fetch that throws (network down) as network_error with status 0, keeping the cause', async () => {
    const down = new TypeError('fetch failed');
    const error = await failure(
      createRequester({ fetch: () => Promise.reject(down) })('GET', '/viewer', { parse: anything }),
    );
    expect(error).toMatchObject({ code: 'network_error', status: 0 });
    expect(error.cause).toBe(down);
    expect(error.message).toContain('fetch failed');
  });

  it('reports a connection lost while reading the body as network_error', async () => {
    const broken = new ReadableStream({
      start(controller) {
        controller.error(new Error('socket hang up'));
      },
    });
    const { fetch } = recordingFetch(() => new Response(broken, { status: 200 }));
    await expect(failure(createRequester({ fetch })('GET', '/viewer', { parse: anything }))).resolves.toMatchObject({
      code: 'network_error',
    });
  });

  describe('given a request that never answers', () => {
    it('times out after 15 s on the injected clock and aborts the fetch', async () => {
      const clock = createTestClock();
      const { fetch, calls } = recordingFetch(() => new Promise<Response>(() => {}));
      const pending = createRequester({ fetch, clock })('GET', '/viewer', { parse: anything });
      const result = failure(pending);
      await Promise.resolve();
      clock.advance(14_999);
      expect(calls[0]?.signal?.aborted).toBe(false);
      clock.advance(1);
      const error = await result;
      expect(error).toMatchObject({ code: 'timeout', status: 0 });
      expect(error.message).toContain('15000 ms');
      expect(calls[0]?.signal?.aborted).toBe(true);
    });

    it('reports timeout, not the AbortError, when the fetch honours the abort', async () => {
      const clock = createTestClock();
      const abortable: typeof fetch = (_url, init) =>
        new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
      const result = failure(createRequester({ fetch: abortable, clock, timeoutMs: 500 })('GET', '/viewer', { parse: anything }));
      clock.advance(500);
      await expect(result).resolves.toMatchObject({ code: 'timeout' });
    });

    it('waits forever when the time-out is 0', async () => {
      const clock = createTestClock();
      const { fetch } = recordingFetch(() => new Promise<Response>(() => {}));
      void createRequester({ fetch, clock, timeoutMs: 0 })('GET', '/viewer', { parse: anything });
      expect(clock.pendingTimers()).toBe(0);
    });
  });

  it('clears its timer once the answer arrives', async () => {
    const clock = createTestClock();
    const { fetch } = recordingFetch();
    await createRequester({ fetch, clock })('GET', '/policy', { parse: anything });
    expect(clock.pendingTimers()).toBe(0);
  });

  describe('given a caller that cancels', () => {
    it('fails with aborted and aborts the fetch', async () => {
      const caller = new AbortController();
      const { fetch, calls } = recordingFetch(() => new Promise<Response>(() => {}));
      const clock = createTestClock();
      const result = failure(createRequester({ fetch, clock })('GET', '/viewer', { parse: anything, signal: caller.signal }));
      await Promise.resolve();
      caller.abort();
      await expect(result).resolves.toMatchObject({ code: 'aborted', status: 0 });
      expect(calls[0]?.signal?.aborted).toBe(true);
      expect(clock.pendingTimers()).toBe(0);
    });

    it('does not send a request whose signal is already aborted', async () => {
      const { fetch, calls } = recordingFetch();
      const error = await failure(createRequester({ fetch })('GET', '/viewer', { parse: anything, signal: AbortSignal.abort() }));
      expect(error.code).toBe('aborted');
      expect(calls).toHaveLength(0);
    });
  });
});
