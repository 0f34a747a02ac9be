import { describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from '../memoryStore';
import type { ImpersonationStore } from '../store';
import { testServer } from './harness';

const GOOD = { targetUserId: 'u_alice', reason: 'Reproducing a bug' };

describe('bodies', () => {
  it('refuses a start that is not application/json with 415, whatever it carries', async () => {
    const t = testServer();
    for (const [type, raw] of [['text/plain', JSON.stringify(GOOD)], ['application/x-www-form-urlencoded', 'targetUserId=u_alice'], ['application/json-patch+json', '{}']] as const) {
      const reply = await t.call('POST', '/sessions', { as: 'u_admin', raw, headers: { 'content-type': type } });
      expect(reply).toMatchObject({ status: 415, body: { error: { code: 'unsupported_media_type' } } });
    }
    expect((await t.call('POST', '/sessions', { as: 'u_admin' })).status).toBe(415);
    expect((await t.call('GET', '/sessions/current', { as: 'u_admin' })).status).toBe(404);
  });

  it('refuses a non-JSON body on any other write with 415, and accepts a write without body', async () => {
    const t = testServer();
    expect((await t.call('PUT', '/consent', { as: 'u_alice', raw: '{"durationHours":1}', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    expect((await t.call('PUT', '/consent', { as: 'u_alice', raw: 'durationHours=1' })).status).toBe(415);
    expect((await t.call('DELETE', '/consent', { as: 'u_alice' })).status).toBe(200);
  });

  it('counts bytes, not characters: 64 KiB of multi-byte text is 413, just under is read', async () => {
    const t = testServer();
    const over = JSON.stringify({ ...GOOD, reason: 'é'.repeat(33_000) });
    expect(over.length).toBeLessThan(64 * 1024);
    expect(await t.call('POST', '/sessions', { as: 'u_admin', raw: over, headers: { 'content-type': 'application/json' } })).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
    const under = JSON.stringify({ ...GOOD, reason: 'é'.repeat(32_000) });
    expect((await t.call('POST', '/sessions', { as: 'u_admin', raw: under, headers: { 'content-type': 'application/json' } })).status).toBe(422);
  });

  it('stops reading a streamed body past 64 KiB', async () => {
    const t = testServer();
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(16 * 1024).fill(32));
        if (pulled > 1_000) controller.close();
      },
    });
    const request = new Request('http://localhost/api/impersonation/sessions', { method: 'POST', body: stream, headers: { 'content-type': 'application/json', authorization: 'Bearer test:u_admin' }, duplex: 'half' } as RequestInit);
    expect((await t.server.handle(request)).status).toBe(413);
    expect(pulled).toBeLessThan(10);
  });

  it.each([
    ['malformed JSON', '{"targetUserId":'],
    ['an array', '[]'],
    ['10,000 levels of nesting', `{"targetUserId":${'['.repeat(10_000)}${']'.repeat(10_000)}}`],
    ['a NUL byte outside strings', '{"targetUserId":"u_alice"}\u0000'],
    ['a lone surrogate', '{"targetUserId":"u_alice","reason":"Reproducing \\ud800 bug"}'],
    ['invalid UTF-8', new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d])],
  ] as const)('answers %s with 422 validation_failed, and changes nothing', async (_name, raw) => {
    const t = testServer();
    const reply = await t.call('POST', '/sessions', { as: 'u_admin', raw: raw as BodyInit, headers: { 'content-type': 'application/json' } });
    expect(reply).toMatchObject({ status: 422, body: { error: { code: 'validation_failed' } } });
    expect((await t.call('GET', '/sessions/current', { as: 'u_admin' })).status).toBe(404);
  });

  it('reads a body with a UTF-8 BOM and NUL inside strings', async () => {
    const t = testServer();
    const reply = await t.call('POST', '/sessions', { as: 'u_admin', raw: `\ufeff${JSON.stringify({ ...GOOD, reason: 'Reproducing a\u0000bug' })}`, headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect(reply.status).toBe(201);
  });
});

describe('credentials', () => {
  it('answers a missing, malformed or unknown credential with 401, never another identity', async () => {
    const t = testServer();
    for (const authorization of [undefined, 'Bearer nope', 'Bearer test:u_ghost', 'Bearer test:u_sam']) {
      const reply = await t.call('GET', '/viewer', { headers: authorization ? { authorization } : {} });
      expect(reply).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
    }
  });

  it('answers 401 when the host’s authenticate throws, and logs it', async () => {
    const t = testServer({ authenticate: async () => Promise.reject(new Error('token store down')) });
    expect((await t.call('GET', '/viewer', { as: 'u_admin' })).status).toBe(401);
    expect(t.errors).toHaveLength(1);
  });

  it.each([
    ['GET', '/policy'],
    ['GET', '/viewer'],
    ['GET', '/eligibility?userIds=u_alice'],
    ['GET', '/sessions?role=impersonated'],
    ['GET', '/sessions/current'],
    ['GET', '/consent'],
    ['PUT', '/consent'],
    ['DELETE', '/consent'],
    ['GET', '/audit'],
  ])('refuses an impersonated credential on %s %s with 409 already_impersonating', async (method, path) => {
    const t = testServer();
    const reply = await t.call(method, path, { as: 'u_alice', headers: { 'x-actor': 'u_admin' }, ...(method === 'PUT' ? { body: { durationHours: 1 } } : {}) });
    expect(reply).toMatchObject({ status: 409, body: { error: { code: 'already_impersonating' } } });
  });

  it('never impersonates an API token: resolve acts as its owner while their session runs', async () => {
    const t = testServer();
    await t.start();
    const request = (token: boolean) => new Request('http://localhost/api/app/me', { headers: { authorization: 'Bearer test:u_admin', ...(token ? { 'x-token': '1' } : {}) } });
    expect((await t.server.resolve(request(false))).user.id).toBe('u_alice');
    const actor = await t.server.resolve(request(true));
    expect(actor).toMatchObject({ user: { id: 'u_admin' }, realUser: { id: 'u_admin' }, session: null, via: 'token' });
  });
});

describe('who sees what', () => {
  it('answers eligibility without the permission with 403 forbidden and no per-user answer', async () => {
    const t = testServer();
    const reply = await t.call('GET', '/eligibility?userIds=u_bob,u_sam', { as: 'u_alice' });
    expect(reply).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(JSON.stringify(reply.body)).not.toContain('u_bob');
  });

  it('refuses the audit trail without the permission with 403 forbidden', async () => {
    const t = testServer();
    expect((await t.call('GET', '/audit', { as: 'u_bob' })).status).toBe(403);
  });

  it('refuses a cursor of another list, or a tampered one, with 422', async () => {
    const t = testServer();
    for (let i = 0; i < 3; i++) await t.call('PUT', '/consent', { as: 'u_alice', body: { durationHours: 1 } });
    const page = await t.call('GET', '/audit?limit=1', { as: 'u_admin' });
    const cursor = page.body.nextCursor ?? '';
    expect((await t.call('GET', `/audit?limit=1&cursor=${cursor}`, { as: 'u_admin' })).status).toBe(200);
    expect((await t.call('GET', `/audit?type=consent.granted&cursor=${cursor}`, { as: 'u_admin' })).status).toBe(422);
    expect((await t.call('GET', `/sessions?role=impersonator&cursor=${cursor}`, { as: 'u_admin' })).status).toBe(422);
    // Swapping the last characters may still spell another valid key of the same list (cursors are
    // opaque, not signed), so tampering here breaks what the server can check: the alphabet and the shape.
    expect((await t.call('GET', `/audit?cursor=${cursor.slice(0, -2)}!!`, { as: 'u_admin' })).status).toBe(422);
    expect((await t.call('GET', `/audit?cursor=${btoa(`${atob(cursor.replace(/-/g, '+').replace(/_/g, '/'))}.extra`).replace(/=+$/, '')}`, { as: 'u_admin' })).status).toBe(422);
    expect((await t.call('GET', `/audit?cursor=${'A'.repeat(5_000)}`, { as: 'u_admin' })).status).toBe(422);
  });
});

describe('idempotency', () => {
  it('binds a key to its viewer and body: same body replays, a different body is 422 idempotency_key_reused', async () => {
    const t = testServer();
    const key = { 'idempotency-key': 'k-1' };
    const first = await t.start('u_admin', GOOD, key);
    const again = await t.start('u_admin', GOOD, key);
    expect(again.status).toBe(201);
    expect(again.body.session?.id).toBe(first.body.session?.id);
    expect(await t.start('u_admin', { ...GOOD, reason: 'Something else entirely' }, key)).toMatchObject({ status: 422, body: { error: { code: 'idempotency_key_reused' } } });
    // Another viewer's identical key is another key: u_other starts their own session.
    const other = await t.start('u_other', { ...GOOD, targetUserId: 'u_bob' }, key);
    expect(other.status).toBe(201);
    expect(other.body.session?.id).not.toBe(first.body.session?.id);
  });

  it('replays an ended session as it is now', async () => {
    const t = testServer();
    const key = { 'idempotency-key': 'k-2' };
    await t.start('u_admin', GOOD, key);
    await t.call('DELETE', '/sessions/current', { as: 'u_admin' });
    expect((await t.start('u_admin', GOOD, key)).body.session).toMatchObject({ status: 'ended', endReason: 'ended' });
  });
});

describe('the rate limit', () => {
  it('counts every start attempt that reaches it, refused by the second factor or not', async () => {
    const t = testServer({ policy: 'enterprise' });
    for (let i = 0; i < 10; i++) expect((await t.start('u_admin', { targetUserId: 'u_alice', stepUpCode: '000000' })).body.error?.code).toBe('step_up_invalid');
    const limited = await t.start('u_admin', { targetUserId: 'u_alice', stepUpCode: '123456' });
    expect(limited).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
    expect(limited.headers.get('retry-after')).toBe('60');
    t.advance(60_000);
    expect((await t.start('u_admin', { targetUserId: 'u_alice', stepUpCode: '123456' })).status).toBe(201);
  });
});

describe('hooks', () => {
  it('are called after the commit with the event, and one that throws breaks neither the request nor the audit', async () => {
    const seen: string[] = [];
    const t = testServer({
      hooks: {
        onSessionStarted: ({ session, event }) => {
          seen.push(`started ${session.id} ${event.type}`);
          throw new Error('notify failed');
        },
        onSessionEnded: async ({ event }) => {
          seen.push(`ended ${event.endReason}`);
          return Promise.reject(new Error('export failed'));
        },
        onConsentChanged: ({ userId, consent }) => void seen.push(`consent ${userId} ${consent.status}`),
      },
    });
    const started = await t.start();
    expect(started.status).toBe(201);
    expect((await t.call('DELETE', '/sessions/current', { as: 'u_admin' })).status).toBe(200);
    await t.call('PUT', '/consent', { as: 'u_bob', body: { durationHours: 2 } });
    expect(seen).toEqual([`started ${started.body.session?.id} impersonation.started`, 'ended ended', 'consent u_bob active']);
    expect(t.errors).toHaveLength(2);
    const audit = await t.call('GET', `/sessions/${started.body.session?.id}/events`, { as: 'u_admin' });
    expect(audit.body.items?.map((e) => e.type)).toEqual(['impersonation.ended', 'impersonation.started']);
  });

  it('are not called for a refused request', async () => {
    const onSessionStarted = vi.fn();
    const t = testServer({ hooks: { onSessionStarted } });
    await t.start('u_admin', { targetUserId: 'u_admin', reason: 'Reproducing a bug' });
    expect(onSessionStarted).not.toHaveBeenCalled();
  });
});

describe('internal errors', () => {
  it('answer 500 internal_error with the default message, no stack, and log it', async () => {
    const t = testServer({ users: { get: async () => Promise.reject(new Error('directory at db-7.internal:5432 refused')) } });
    const reply = await t.call('GET', '/viewer', { as: 'u_admin' });
    expect(reply).toEqual(expect.objectContaining({ status: 500, body: { error: { code: 'internal_error', message: 'Something went wrong.' } } }));
    expect(t.errors).toHaveLength(1);
  });
});

describe('protect()', () => {
  const setup = async (store?: ImpersonationStore) => {
    const t = testServer({}, store);
    await t.start();
    const app = (path: string, init: RequestInit = {}) => new Request(`http://localhost/api/app${path}`, { ...init, headers: { authorization: 'Bearer test:u_admin', ...(init.headers as Record<string, string>) } });
    const events = async () => (await t.call('GET', '/audit?type=impersonation.action', { as: 'u_admin' })).body.items ?? [];
    return { t, app, events };
  };

  it('runs the handler as the target and records the call, its status and its redacted body', async () => {
    const { t, app, events } = await setup();
    const handler = t.server.protect(async (_request, actor) => Response.json({ as: actor.user.id }, { status: 201 }));
    const response = await handler(app('/things?token=abc', { method: 'POST', body: JSON.stringify({ name: 'x', password: 'hunter22' }), headers: { 'content-type': 'application/json' } }));
    expect(await response.json()).toEqual({ as: 'u_alice' });
    const [event] = await events();
    expect(event?.request).toEqual({ method: 'POST', path: '/api/app/things?token=[REDACTED]', status: 201, body: { name: 'x', password: '[REDACTED]' } });
  });

  it('redacts secret query values by the sdk\'s word rule (percent-encoded names too) and keeps the rest as sent', async () => {
    const { t, app, events } = await setup();
    const handler = t.server.protect(() => new Response(null, { status: 204 }));
    await handler(app('/things?q=a%20b&access%5Ftoken=abc&sessionId=s1'));
    const actor = await t.server.resolve(app('/x'));
    await t.server.recordAction(actor, { method: 'get', path: '/api/app/export?ApiKey=k-123&page=2', status: 200, body: null });
    expect((await events()).map((e) => e.request?.path)).toEqual(['/api/app/export?ApiKey=[REDACTED]&page=2', '/api/app/things?q=a%20b&access%5Ftoken=[REDACTED]&sessionId=[REDACTED]']);
  });

  it('records a call whose handler throws as 500, and answers 500 without the message', async () => {
    const { t, app, events } = await setup();
    const handler = t.server.protect(() => {
      throw new Error('secret internals');
    });
    const response = await handler(app('/boom', { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } }));
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('secret internals');
    expect((await events())[0]?.request?.status).toBe(500);
  });

  it('records what it can of an unreadable or huge body', async () => {
    const { t, app, events } = await setup();
    const handler = t.server.protect(() => new Response(null, { status: 204 }));
    await handler(app('/a', { method: 'POST', body: 'not json', headers: { 'content-type': 'text/plain' } }));
    await handler(app('/b', { method: 'POST', body: 'x'.repeat(70_000) }));
    await handler(app('/c', { method: 'POST', body: `${'['.repeat(10_000)}${']'.repeat(10_000)}`, headers: { 'content-type': 'application/json' } }));
    const recorded = (await events()).map((e) => e.request?.path);
    expect(recorded).toEqual(['/api/app/c', '/api/app/b', '/api/app/a']);
  });

  it('refuses a blocked action with 403 blocked_during_impersonation, audited, without running the handler', async () => {
    const { t, app, events } = await setup();
    const run = vi.fn(() => new Response(null, { status: 204 }));
    const handler = t.server.protect(run, { action: () => 'api_keys.manage' });
    const response = await handler(app('/api-keys', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }));
    expect(response.status).toBe(403);
    expect(run).not.toHaveBeenCalled();
    expect((await events())[0]?.request?.status).toBe(403);
  });

  it('refuses an impersonated write with 503 and does not perform it when the audit cannot be written', async () => {
    const memory = createMemoryStore();
    let broken = false;
    const store: ImpersonationStore = {
      transact: (fn) => memory.transact((tx) => fn(broken ? { ...tx, appendEvent: async () => Promise.reject(new Error('disk full')) } : tx)),
    };
    const { t, app } = await setup(store);
    const run = vi.fn(() => new Response(null, { status: 204 }));
    const handler = t.server.protect(run);
    broken = true;
    const response = await handler(app('/projects', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }));
    expect(response.status).toBe(503);
    expect(run).not.toHaveBeenCalled();
  });

  it('writes nothing to the audit for a call outside a session', async () => {
    const t = testServer();
    const handler = t.server.protect(() => new Response(null, { status: 204 }));
    await handler(new Request('http://localhost/api/app/x', { headers: { authorization: 'Bearer test:u_bob' } }));
    expect((await t.call('GET', '/audit', { as: 'u_admin' })).body.items).toEqual([]);
  });
});
