// Express 5: the README's app, listening for real; the contract through toNodeHandler, host routes behind protect().
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, impersonationRoundTrip, originOf } from './flow';
import { app } from './snippets/express';

let server: Server;
let origin = '';
beforeAll(async () => {
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  origin = originOf((server.address() as AddressInfo).port);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('mounted in Express 5', () => {
  it('starts a session, answers the host route as the target (audited), ends it, answers as the admin again', async () => {
    await impersonationRoundTrip(origin);
  });

  it('refuses a blocked action while impersonating and audits the refusal, then allows it as the admin', async () => {
    const admin = 'session:u_admin';
    const started = await call(origin, 'POST', '/api/impersonation/sessions', admin, { targetUserId: 'u_alice', reason: 'Check the API keys page for Alice' });
    expect(started.status).toBe(201);
    const sessionId = (started.body.session as { id: string }).id;
    const blocked = await call(origin, 'POST', '/api/api-keys', admin, { name: 'ci', secret: 'hunter2' });
    expect(blocked).toMatchObject({ status: 403, body: { error: { code: 'blocked_during_impersonation', details: { action: 'api_keys.manage' } } } });
    const events = await call(origin, 'GET', `/api/impersonation/sessions/${sessionId}/events`, admin);
    expect(events.body.items).toContainEqual(
      expect.objectContaining({ type: 'impersonation.action', request: expect.objectContaining({ method: 'POST', path: '/api/api-keys', status: 403, body: { name: 'ci', secret: '[REDACTED]' } }) }),
    );
    expect((await call(origin, 'DELETE', '/api/impersonation/sessions/current', admin)).status).toBe(200);
    expect(await call(origin, 'POST', '/api/api-keys', admin, { name: 'ci' })).toMatchObject({ status: 201, body: { owner: 'u_admin', name: 'ci' } });
  });

  it('an API token acts as its owner even while the owner impersonates', async () => {
    const admin = 'session:u_admin';
    expect((await call(origin, 'POST', '/api/impersonation/sessions', admin, { targetUserId: 'u_alice', reason: 'Token check for the export job' })).status).toBe(201);
    expect(await call(origin, 'GET', '/api/me', 'token:u_admin')).toMatchObject({ status: 200, body: { user: { id: 'u_admin' }, impersonator: null } });
    expect(await call(origin, 'GET', '/api/me', admin)).toMatchObject({ body: { user: { id: 'u_alice' } } });
    expect((await call(origin, 'DELETE', '/api/impersonation/sessions/current', admin)).status).toBe(200);
  });
});
