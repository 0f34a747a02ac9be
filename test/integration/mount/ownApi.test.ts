// The README's step-by-step handler: resolve() acts as the target, recordAction() audits the call.
import { describe, expect, it } from 'vitest';
import { impersonation } from './snippets/impersonation';
import { exportReport } from './snippets/ownApi';

const as = (who: string, init: RequestInit = {}) => ({ ...init, headers: { authorization: `Bearer ${who}`, 'content-type': 'application/json' } });
const contract = (path: string, init: RequestInit) => impersonation.handle(new Request(`http://acme.test/api/impersonation${path}`, init));

describe('a host handler using resolve(), assertAllowed() and recordAction()', () => {
  it('answers 401 when nobody is signed in', async () => {
    const response = await exportReport(new Request('http://acme.test/api/reports/export'));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it('acts as the target during a session and audits the call; as the admin after it, unaudited', async () => {
    const started = await contract('/sessions', as('session:u_admin', { method: 'POST', body: JSON.stringify({ targetUserId: 'u_alice', reason: 'Export looks wrong for Alice' }) }));
    expect(started.status).toBe(201);
    const { session } = (await started.json()) as { session: { id: string } };

    const during = await exportReport(new Request('http://acme.test/api/reports/export', as('session:u_admin')));
    expect(await during.json()).toEqual({ owner: 'u_alice', rows: 3 });
    const events = (await (await contract(`/sessions/${session.id}/events`, as('session:u_admin'))).json()) as { items: { type: string; request: unknown }[] };
    expect(events.items.filter((e) => e.type === 'impersonation.action')).toEqual([expect.objectContaining({ request: { method: 'GET', path: '/api/reports/export', status: 200, body: null } })]);

    expect((await contract('/sessions/current', as('session:u_admin', { method: 'DELETE' }))).status).toBe(200);
    const after = await exportReport(new Request('http://acme.test/api/reports/export', as('session:u_admin')));
    expect(await after.json()).toEqual({ owner: 'u_admin', rows: 3 });
    const again = (await (await contract(`/sessions/${session.id}/events`, as('session:u_admin'))).json()) as { items: { type: string }[] };
    expect(again.items.filter((e) => e.type === 'impersonation.action')).toHaveLength(1);
  });
});
