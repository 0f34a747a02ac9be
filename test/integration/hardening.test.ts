// Issue "Hardening", one cross-package story per class that lives in the sdk and the backend: the
// real sdk client (or a raw request, as an attacker would send it) against the mock through MSW.
// The react classes (5, 7, 10, 11) are acted out in hardening-react.test.tsx.
import type { AuditEvent } from '@impersonate-kit/sdk';
import { ImpersonationError, REDACTED, redact } from '@impersonate-kit/sdk';
import { describe, expect, it } from 'vitest';
import { APP_URL, BASE_URL, bearer, useMsw } from './harness';

const msw = useMsw();
const REASON = 'Reproducing ticket #4521';

async function raw(path: string, init: RequestInit & { as?: string | null } = {}) {
  const { as = 'u_owner', ...rest } = init;
  const headers = new Headers(rest.headers);
  if (as !== null && !headers.has('authorization')) headers.set('authorization', bearer(as));
  const response = await fetch(path.startsWith('http') ? path : `${BASE_URL}${path}`, { ...rest, headers });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as { error?: { code: string; message: string } } & Record<string, unknown>) : null };
}

// Written as text: JSON.stringify itself cannot serialise 10,000 levels.
function deepJson(levels: number): string {
  return `${'{"next":'.repeat(levels)}{"password":"hunter22"}${'}'.repeat(levels)}`;
}

describe('class 1: the audit cannot be escaped', () => {
  it('records a 10,000-level body sent to the host app during a session, and the sdk reads it back redacted and bounded', async () => {
    const world = msw.world();
    const client = world.client();
    const session = await client.session.start({ targetUserId: 'u_alice', reason: REASON });
    const body = deepJson(10_000);
    const answer = await raw(`${APP_URL}/projects`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    const page = await client.listEvents({ sessionId: session.id });
    const action = page.items.find((event: AuditEvent) => event.type === 'impersonation.action');
    expect(action?.request).toMatchObject({ method: 'POST', path: '/api/app/projects', status: answer.status });
    expect(JSON.stringify(action?.request?.body ?? null).length).toBeLessThanOrEqual(8 * 1024);
    expect(JSON.stringify(action)).not.toContain('hunter22');
  });
});

describe('class 2: no request breaks the backend for anyone else', () => {
  it('answers 415 to a text/plain start and 413 to a body over 64 KiB, and the next admin still starts', async () => {
    const world = msw.world();
    const plain = await raw('/sessions', { method: 'POST', body: JSON.stringify({ targetUserId: 'u_alice', reason: REASON }), headers: { 'content-type': 'text/plain' } });
    expect(plain).toMatchObject({ status: 415, body: { error: { code: 'unsupported_media_type' } } });
    const huge = await raw('/sessions', { method: 'POST', body: JSON.stringify({ targetUserId: 'u_alice', reason: 'x'.repeat(70_000) }), headers: { 'content-type': 'application/json' } });
    expect(huge).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
    const other = world.client({ as: 'u_admin' });
    await expect(other.session.start({ targetUserId: 'u_bob', reason: REASON })).resolves.toMatchObject({ status: 'active' });
  });
});

describe('class 3: credentials', () => {
  it('refuses a malformed credential with 401 and an impersonated one with already_impersonating on every read', async () => {
    msw.world();
    expect(await raw('/viewer', { headers: { authorization: 'Bearer demo:' } })).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
    expect(await raw('/viewer', { headers: { authorization: 'Basic Zm9vOmJhcg==' } })).toMatchObject({ status: 401 });
    for (const path of ['/consent', '/sessions?role=impersonated', '/policy']) {
      const answer = await raw(path, { as: 'u_alice', headers: { 'x-impersonating': '1' } });
      expect(answer, path).toMatchObject({ status: 409, body: { error: { code: 'already_impersonating' } } });
    }
  });
});

describe('class 4: who sees what', () => {
  it('answers a session the viewer may not see exactly like a missing one, through the sdk', async () => {
    const world = msw.world();
    const owner = world.client();
    const session = await owner.session.start({ targetUserId: 'u_alice', reason: REASON });
    const bob = world.client({ as: 'u_bob' });
    const hidden = await bob.listEvents({ sessionId: session.id }).catch((error: unknown) => error);
    const missing = await bob.listEvents({ sessionId: 'imp_does_not_exist' }).catch((error: unknown) => error);
    expect(hidden).toBeInstanceOf(ImpersonationError);
    expect(hidden).toMatchObject({ code: 'not_found', status: 404 });
    expect(missing).toMatchObject({ code: 'not_found', status: 404, message: (hidden as ImpersonationError).message });
    await expect(bob.getEligibility(['u_alice'])).rejects.toMatchObject({ code: 'forbidden', status: 403 });
  });
});

describe('class 6: idempotency', () => {
  it('refuses a reused key with another body, and a replay with the same body answers the same session', async () => {
    msw.world();
    const headers = { 'content-type': 'application/json', 'idempotency-key': 'key-1' };
    const first = await raw('/sessions', { method: 'POST', body: JSON.stringify({ targetUserId: 'u_alice', reason: REASON }), headers });
    const again = await raw('/sessions', { method: 'POST', body: JSON.stringify({ targetUserId: 'u_alice', reason: REASON }), headers });
    const other = await raw('/sessions', { method: 'POST', body: JSON.stringify({ targetUserId: 'u_bob', reason: REASON }), headers });
    expect(first.status).toBe(201);
    expect((again.body as { session: { id: string } }).session.id).toBe((first.body as { session: { id: string } }).session.id);
    expect(other).toMatchObject({ status: 422, body: { error: { code: 'idempotency_key_reused' } } });
  });
});

describe('class 8: redaction by words', () => {
  it('stores secrets, their echoes and secret query parameters redacted, and keeps look-alike words', async () => {
    const world = msw.world();
    const client = world.client();
    const session = await client.session.start({ targetUserId: 'u_alice', reason: REASON });
    const body = { currentPassword: 'old-secret-1', newPassword: 'n3w-Secret!', confirm: 'n3w-Secret!', otp_code: '998877', author: 'Alice', footprint: 'small' };
    await raw(`${APP_URL}/account/password?accessKey=AKIA123&page=2`, { method: 'PUT', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    const page = await client.listEvents({ sessionId: session.id });
    const action = page.items.find((event) => event.type === 'impersonation.action');
    expect(action?.request?.path).toBe(`/api/app/account/password?accessKey=${REDACTED}&page=2`);
    expect(action?.request?.body).toEqual({ currentPassword: REDACTED, newPassword: REDACTED, confirm: REDACTED, otp_code: REDACTED, author: 'Alice', footprint: 'small' });
    expect(redact(action?.request?.body)).toEqual(action?.request?.body);
  });
});

// The timer half of class 9 (deadlines beyond 2^31-1 ms) runs on the sdk's test clock: packages/sdk/src/__tests__/longTimers.test.ts.
describe('class 9: ids in paths', () => {
  it('refuses an id that would leave its path segment before any request is sent', async () => {
    const world = msw.world();
    const client = world.client();
    const before = msw.requests.length;
    for (const id of ['..', '.', '%2e%2E']) {
      await expect(client.listEvents({ sessionId: id })).rejects.toMatchObject({ code: 'validation_failed' });
    }
    expect(msw.requests.length).toBe(before);
  });
});
