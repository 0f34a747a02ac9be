// The demo server as a user of it meets it: signed per-tab credentials, the demo-only API, the
// notifications fed by the impersonation hooks, and the SPA's files served safely.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDemoTokens, DEMO_TOKEN_TTL_MS } from '../demoAuth';
import { createDemoServer } from '../demoServer';
import { fileFor } from '../staticFiles';
import type { DemoServer } from '../demoServer';

const dist = mkdtempSync(join(tmpdir(), 'demo-dist-'));
writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Acme Console</title>');
mkdirSync(join(dist, 'assets'));
writeFileSync(join(dist, 'assets', 'app-1234.js'), 'console.log(1)');
writeFileSync(join(dist, 'assets', 'app-1234.css'), 'body{}');
writeFileSync(join(tmpdir(), 'secret.txt'), 'outside');

let demo: DemoServer;
const quiet = { error: () => undefined };

beforeEach(async () => {
  demo = await createDemoServer({ staticDir: dist, logger: quiet });
});

async function call(path: string, init: { method?: string; token?: string | null; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await demo.handle(new Request(`http://127.0.0.1${path}`, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) }));
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, type, headers: response.headers, body: type.startsWith('application/json') ? ((await response.json()) as Record<string, unknown>) : await response.text() };
}

async function signIn(userId: string): Promise<string> {
  const { status, body } = await call('/demo-api/sign-in', { method: 'POST', body: { userId } });
  expect(status).toBe(200);
  return (body as { token: string }).token;
}

describe('demo credentials', () => {
  it('a signed-in token is that user on the impersonation API', async () => {
    const token = await signIn('u_alice');
    const { status, body } = await call('/api/impersonation/viewer', { token });
    expect(status).toBe(200);
    expect((body as { user: { id: string } }).user.id).toBe('u_alice');
  });

  it('a missing, malformed, tampered or foreign-signed token is 401 everywhere, never another user', async () => {
    const token = await signIn('u_alice');
    const [version, , signature] = token.split('.');
    const forged = `${version}.${Buffer.from(JSON.stringify({ sub: 'u_owner', exp: Date.now() + 60_000, nonce: 'n' })).toString('base64url')}.${signature}`;
    const foreign = createDemoTokens().issue('u_owner');
    for (const bad of [null, 'demo:u_owner', 'v1.e30.', `${token}x`, forged, foreign]) {
      expect((await call('/api/impersonation/viewer', { token: bad })).status, String(bad)).toBe(401);
      expect((await call('/api/app/projects', { token: bad })).status, String(bad)).toBe(401);
      expect((await call('/demo-api/notifications', { token: bad })).status, String(bad)).toBe(401);
    }
  });

  it('a token expires after its lifetime', () => {
    let now = 1_000;
    const tokens = createDemoTokens({ now: () => now });
    const token = tokens.issue('u_bob');
    expect(tokens.verify(token)).toBe('u_bob');
    now += DEMO_TOKEN_TTL_MS;
    expect(tokens.verify(token)).toBeNull();
  });

  it('a suspended or unknown user cannot sign in', async () => {
    expect((await call('/demo-api/sign-in', { method: 'POST', body: { userId: 'u_sam' } })).status).toBe(403);
    expect((await call('/demo-api/sign-in', { method: 'POST', body: { userId: 'u_nobody' } })).status).toBe(404);
    expect((await call('/demo-api/sign-in', { method: 'POST', body: { userId: 42 } })).status).toBe(404);
  });
});

describe('the demo-only API', () => {
  it('switches the preset on the server, and refuses an unknown one', async () => {
    const token = await signIn('u_owner');
    expect((await call('/demo-api/preset', { method: 'PUT', token, body: { preset: 'root' } })).status).toBe(422);
    expect((await call('/demo-api/preset', { method: 'PUT', token, body: { preset: 'enterprise' } })).status).toBe(200);
    const policy = await call('/api/impersonation/policy', { token });
    expect((policy.body as { preset: string }).preset).toBe('enterprise');
  });

  it('fast-forwards the server clock, which ends a 30-minute session', async () => {
    const owner = await signIn('u_owner');
    const start = await call('/api/impersonation/sessions', { method: 'POST', token: owner, body: { targetUserId: 'u_alice', reason: 'Reproduce ticket #4521', reasonCategory: 'Support' } });
    expect(start.status).toBe(201);
    for (const ms of [0, -1, 1.5, '60000', 8 * 24 * 3_600_000]) {
      expect((await call('/demo-api/clock/advance', { method: 'POST', token: owner, body: { ms } })).status, String(ms)).toBe(422);
    }
    expect((await call('/demo-api/clock/advance', { method: 'POST', token: owner, body: { ms: 30 * 60_000 } })).status).toBe(200);
    const current = await call('/api/impersonation/sessions/current', { token: owner });
    expect(current.status).toBe(404);
  });

  it('needs a credential to turn any knob', async () => {
    expect((await call('/demo-api/preset', { method: 'PUT', body: { preset: 'consent' } })).status).toBe(401);
    expect((await call('/demo-api/clock/advance', { method: 'POST', body: { ms: 1000 } })).status).toBe(401);
    expect((await call('/demo-api/reset', { method: 'POST', body: {} })).status).toBe(401);
    expect(demo.world.preset).toBe('account-admin');
  });
});

describe('notifications from the hooks', () => {
  it('the target hears of the start and the end: who, why, which session', async () => {
    const owner = await signIn('u_owner');
    const alice = await signIn('u_alice');
    const start = await call('/api/impersonation/sessions', { method: 'POST', token: owner, body: { targetUserId: 'u_alice', reason: 'Reproduce ticket #4521', reasonCategory: 'Support' } });
    const sessionId = (start.body as { session: { id: string } }).session.id;
    await call('/api/impersonation/sessions/current', { method: 'DELETE', token: owner });

    const inbox = (await call('/demo-api/notifications', { token: alice })).body as { unread: number; items: Record<string, unknown>[] };
    expect(inbox.unread).toBe(2);
    expect(inbox.items).toMatchObject([
      { type: 'session_ended', sessionId, impersonator: { id: 'u_owner' }, endReason: 'ended', read: false },
      { type: 'session_started', sessionId, impersonator: { id: 'u_owner' }, reason: 'Reproduce ticket #4521', reasonCategory: 'Support' },
    ]);
    // The impersonator's own inbox stays empty, and the target may read the linked session's audit.
    expect(((await call('/demo-api/notifications', { token: owner })).body as { items: unknown[] }).items).toEqual([]);
    expect((await call(`/api/impersonation/sessions/${sessionId}/events`, { token: alice })).status).toBe(200);

    await call('/demo-api/notifications/read', { method: 'POST', token: alice });
    expect(((await call('/demo-api/notifications', { token: alice })).body as { unread: number }).unread).toBe(0);
  });

  it('a consent grant notifies each admin who may impersonate that user, and nobody else', async () => {
    const owner = await signIn('u_owner');
    await call('/demo-api/preset', { method: 'PUT', token: owner, body: { preset: 'consent' } });
    const bob = await signIn('u_bob');
    expect((await call('/api/impersonation/consent', { method: 'PUT', token: bob, body: { durationHours: 2 } })).status).toBe(200);
    const inboxOf = async (userId: string) => ((await call('/demo-api/notifications', { token: await signIn(userId) })).body as { items: Record<string, unknown>[] }).items;
    // Consent preset: Super Admin or the Owner role.
    expect(await inboxOf('u_owner')).toMatchObject([{ type: 'consent_granted', user: { id: 'u_bob', name: 'Bob Viewer' } }]);
    expect(await inboxOf('u_admin')).toMatchObject([{ type: 'consent_granted', user: { id: 'u_bob' } }]);
    expect(await inboxOf('u_ada')).toEqual([]);
    expect(await inboxOf('u_bob')).toEqual([]);
    // A revocation is no news for the admins.
    await call('/api/impersonation/consent', { method: 'DELETE', token: bob });
    expect(await inboxOf('u_owner')).toHaveLength(1);
  });
});

describe('the SPA files', () => {
  it('serves files with their content type, and index.html for page routes', async () => {
    const page = await call('/');
    expect(page).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(page.body).toContain('Acme Console');
    expect(await call('/assets/app-1234.js')).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
    const css = await call('/assets/app-1234.css');
    expect(css).toMatchObject({ status: 200, type: 'text/css; charset=utf-8' });
    expect(css.headers.get('cache-control')).toContain('immutable');
    expect(await call('/projects')).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
  });

  it('a missing asset is 404, not the app', async () => {
    expect((await call('/assets/missing.js')).status).toBe(404);
  });

  it('never serves anything outside its folder, however the path is spelled', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%5csecret.txt', '/.env', '/index.html%00.js', '/%E0%A4%A']) {
      const answer = await call(path);
      expect(answer.status, path).toBe(404);
      expect(answer.body, path).not.toContain('outside');
    }
  });

  it('maps a path to a file only inside the folder', () => {
    expect(fileFor(dist, '/assets/app-1234.js')).toBe(join(dist, 'assets', 'app-1234.js'));
    for (const path of ['/..%2fsecret.txt', '/assets/..%2F..%2Fsecret.txt', '/%2e%2e%2fsecret.txt', '/a%00b', '/a%5c..%5c..%5csecret.txt', '/%E0%A4%A']) {
      expect(fileFor(dist, path), path).toBeNull();
    }
  });

  it('answers only GET and HEAD', async () => {
    expect((await call('/', { method: 'POST', body: {} })).status).toBe(405);
    expect((await call('/', { method: 'HEAD' })).status).toBe(200);
  });
});
