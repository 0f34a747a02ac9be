// Bad input end to end: what users type wrong is refused with the contract's code, and a server
// that answers garbage (or never answers) becomes a typed error while the store keeps its state.
import type { ImpersonationClient, SessionState } from '@impersonate-kit/sdk';
import { ImpersonationError } from '@impersonate-kit/sdk';
import { HttpResponse, http } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import type { World } from './harness';
import { BASE_URL, REQUEST_TIMEOUT_MS, refusal, useMsw } from './harness';

const msw = useMsw();
const REASON = 'Reproduce ticket #4521 on the dashboard';

describe('bad input end to end', () => {
  describe('a 10,000-character reason', () => {
    it('is refused with invalid_reason (422), and the store stays idle', async () => {
      const world = msw.world({ preset: 'account-admin' });
      const client = world.client();

      const error = await refusal(client.session.start({ targetUserId: 'u_alice', reason: 'x'.repeat(10_000) }));

      expect(error).toBeInstanceOf(ImpersonationError);
      expect(error).toMatchObject({ code: 'invalid_reason', status: 422, details: { maxLength: 500 } });
      expect(client.session.getSnapshot()).toMatchObject({ status: 'idle', session: null });
    });
  });

  describe('consent durations outside whole hours 1..168', () => {
    let bob: ImpersonationClient;
    let before: ReturnType<ImpersonationClient['consent']['getSnapshot']>;

    beforeEach(async () => {
      const world = msw.world({ preset: 'consent' });
      bob = world.client({ as: 'u_bob' });
      await bob.consent.refresh();
      before = bob.consent.getSnapshot();
    });

    it.each([0, 169, 1.5, '2'])('%j is refused with invalid_duration before any request is sent', async (durationHours) => {
      const sent = msw.requests.length;

      const error = await refusal(bob.consent.grant({ durationHours: durationHours as number }));

      expect(error).toMatchObject({ code: 'invalid_duration', status: 422, details: { minHours: 1, maxHours: 168 } });
      expect(msw.requests.length).toBe(sent);
      expect(bob.consent.getSnapshot()).toBe(before);
      expect(before).toMatchObject({ status: 'inactive' });
    });

    it.each([0, 169, 1.5, '2'])('the server refuses %j the same way when asked directly', async (durationHours) => {
      const error = await refusal(bob.api.putConsent(durationHours as number));

      expect(error).toMatchObject({ code: 'invalid_duration', status: 422 });
      expect(msw.requests.at(-1)).toBe('PUT /api/impersonation/consent');
    });
  });

  describe('a server that answers something other than the contract', () => {
    const answers = [
      {
        what: 'an HTML page',
        answer: () => new HttpResponse('<!doctype html><html><body><h1>Please sign in</h1></body></html>', { status: 200, headers: { 'Content-Type': 'text/html' } }),
        code: 'invalid_response',
        status: 200,
      },
      {
        what: 'a 500 with a text body',
        answer: () => new HttpResponse('Internal Server Error', { status: 500, headers: { 'Content-Type': 'text/plain' } }),
        code: 'internal_error',
        status: 500,
      },
      {
        what: 'malformed JSON',
        answer: () => new HttpResponse('{"session": {"id": "imp_', { status: 200, headers: { 'Content-Type': 'application/json' } }),
        code: 'invalid_response',
        status: 200,
      },
      {
        what: 'JSON of the wrong shape',
        answer: () => HttpResponse.json({ session: { id: 42 }, serverTime: 'soon' }),
        code: 'invalid_response',
        status: 200,
      },
      // Never settles: only the client's time-out, on the test clock, ends the wait.
      { what: 'no answer at all', answer: () => new Promise<never>(() => {}), code: 'timeout', status: 0 },
    ];

    const operations = [
      {
        name: 'a start',
        method: 'post' as const,
        path: '/sessions',
        given: 'idle',
        // A lost answer is retried with the same Idempotency-Key: the first try and two retries.
        attempts: 3,
        run: (client: ImpersonationClient) => client.session.start({ targetUserId: 'u_alice', reason: REASON }),
        keeps: (before: SessionState, now: SessionState, code: string) =>
          expect(now).toMatchObject({ status: 'idle', session: null, error: { code } }),
      },
      {
        name: 'a re-check of the active session',
        method: 'get' as const,
        path: '/sessions/:id',
        given: 'active',
        run: (client: ImpersonationClient) => client.session.refresh(),
        keeps: (before: SessionState, now: SessionState) => expect(now).toBe(before),
      },
      {
        name: 'an end',
        method: 'delete' as const,
        path: '/sessions/current',
        given: 'active',
        run: (client: ImpersonationClient) => client.session.end(),
        keeps: (before: SessionState, now: SessionState, code: string) =>
          expect(now).toMatchObject({ status: 'active', session: before.session, error: { code } }),
      },
    ];

    describe.each(operations)('answering $name', ({ method, path, given, run, keeps, attempts = 1 }) => {
      let world: World;
      let client: ImpersonationClient;

      beforeEach(async () => {
        world = msw.world({ preset: 'account-admin' });
        client = world.client();
        await client.session.refresh();
        if (given === 'active') await client.session.start({ targetUserId: 'u_alice', reason: REASON });
        expect(client.session.getSnapshot().status).toBe(given);
      });

      it.each(answers)('with $what is a typed $code error and the store keeps its state', async ({ answer, code, status }) => {
        const before = client.session.getSnapshot();
        // In front of the mock's handlers, for this one route.
        const keys: (string | null)[] = [];
        msw.server.use(
          http[method](`${BASE_URL}${path}`, ({ request }) => {
            keys.push(request.headers.get('idempotency-key'));
            return answer();
          }),
        );
        let outcome: unknown;
        const call = run(client).then(
          () => (outcome = 'answered'),
          (error: unknown) => (outcome = error),
        );

        await msw.settle();
        if (code === 'timeout') {
          for (let attempt = 1; attempt <= attempts; attempt++) {
            // Not a moment before the last try's time-out.
            world.clock.advance(REQUEST_TIMEOUT_MS - 1);
            await msw.settle();
            expect(outcome).toBeUndefined();
            world.clock.advance(1);
            await msw.settle();
          }
        }
        await call;

        expect(outcome).toBeInstanceOf(ImpersonationError);
        expect(outcome).toMatchObject({ code, status });
        keeps(before, client.session.getSnapshot(), code);
        // Every try of one logical start carried one key, so the server could never make two sessions of it.
        if (attempts > 1 && (code === 'timeout' || code === 'internal_error')) {
          expect(keys).toHaveLength(attempts);
          expect(new Set(keys).size).toBe(1);
          expect(keys[0]).toEqual(expect.any(String));
        }
        // The real session, if any, is untouched on the server.
        const me = await world.app('GET', '/me');
        expect(me.body).toMatchObject({ user: { id: given === 'active' ? 'u_alice' : 'u_owner' } });
      });
    });
  });
});
