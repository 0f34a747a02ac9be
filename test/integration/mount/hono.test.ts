// Hono 4 on @hono/node-server: the README's app, listening for real; the server takes c.req.raw.
import type { AddressInfo } from 'node:net';
import type { ServerType } from '@hono/node-server';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from './snippets/host';
import { call, impersonationRoundTrip, originOf } from './flow';
import { app } from './snippets/hono';

let server: ServerType;
let origin = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  origin = originOf((server.address() as AddressInfo).port);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('mounted in Hono', () => {
  it('starts a session, answers the host route as the target (audited), ends it, answers as the admin again', async () => {
    await impersonationRoundTrip(origin);
  });

  it('runs the host hook once the session started: the target is told who and why', async () => {
    outbox.length = 0;
    const admin = 'session:u_admin';
    expect((await call(origin, 'POST', '/api/impersonation/sessions', admin, { targetUserId: 'u_alice', reason: 'Walk Alice through the new export' })).status).toBe(201);
    expect(outbox).toEqual([{ to: 'u_alice', text: 'Adam Admin is signed in as you: Walk Alice through the new export' }]);
    expect((await call(origin, 'DELETE', '/api/impersonation/sessions/current', admin)).status).toBe(200);
  });

  it('answers an unknown contract path with 404 not_found', async () => {
    expect(await call(origin, 'GET', '/api/impersonation/nope', 'session:u_admin')).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });
});
