// The story every mount tells over real HTTP: start a session, a host call answers as the target
// and is audited, end it, the host call answers as the admin again.
import { expect } from 'vitest';

interface Me {
  user: { id: string };
  impersonator: { id: string } | null;
}

/** Sends one request as `who` (a bearer of the test host) and returns status and JSON body. */
export async function call(origin: string, method: string, path: string, who: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { authorization: `Bearer ${who}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${origin}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

/** start -> GET /api/me as the target (audited) -> end -> GET /api/me as the admin; `mePath` is the host route. */
export async function impersonationRoundTrip(origin: string, mePath = '/api/me'): Promise<void> {
  const admin = 'session:u_admin';
  const before = await call(origin, 'GET', mePath, admin);
  expect(before).toMatchObject({ status: 200, body: { user: { id: 'u_admin' }, impersonator: null } });

  const started = await call(origin, 'POST', '/api/impersonation/sessions', admin, { targetUserId: 'u_alice', reason: 'Ticket 4521: invoices page is empty' });
  expect(started).toMatchObject({ status: 201, body: { session: { status: 'active', target: { id: 'u_alice' }, impersonator: { id: 'u_admin' } } } });
  const sessionId = (started.body.session as { id: string }).id;

  const during = await call(origin, 'GET', `${mePath}?tab=invoices`, admin);
  expect(during.status).toBe(200);
  expect(during.body as unknown as Me).toMatchObject({ user: { id: 'u_alice' }, impersonator: { id: 'u_admin' } });

  const events = await call(origin, 'GET', `/api/impersonation/sessions/${sessionId}/events`, admin);
  expect(events.status).toBe(200);
  expect(events.body.items).toContainEqual(
    expect.objectContaining({ type: 'impersonation.action', request: expect.objectContaining({ method: 'GET', path: `${mePath}?tab=invoices`, status: 200 }) }),
  );

  const ended = await call(origin, 'DELETE', '/api/impersonation/sessions/current', admin);
  expect(ended).toMatchObject({ status: 200, body: { session: { id: sessionId, status: 'ended', endReason: 'ended' } } });

  const after = await call(origin, 'GET', mePath, admin);
  expect(after).toMatchObject({ status: 200, body: { user: { id: 'u_admin' }, impersonator: null } });
}

/** Listens on a free port of 127.0.0.1 and answers the origin. */
export function originOf(port: number): string {
  return `http://127.0.0.1:${port}`;
}
