// A server over a memory store with a small directory and a bearer `test:<userId>` auth, called through handle().
import type { UserSummary } from '@impersonate-kit/sdk';
import { createImpersonationServer } from '../server';
import type { ImpersonationServerOptions } from '../server';
import { createMemoryStore } from '../memoryStore';
import type { ImpersonationStore } from '../store';

/** A JSON answer as the tests read it. */
export interface Reply {
  error?: { code: string; message: string; details?: Record<string, unknown> };
  session?: { id: string; status: string; endReason: string | null; expiresAt: string };
  items?: { id: string; type?: string; request?: { status: number; body: unknown; path: string } | null }[];
  nextCursor?: string | null;
  [key: string]: unknown;
}

export const T0 = Date.parse('2026-03-02T09:00:00.000Z');

const user = (id: string, roles: string[], extra: Partial<UserSummary> = {}): UserSummary => ({
  id,
  name: id,
  email: `${id}@example.test`,
  roles,
  status: 'active',
  lastLoginAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});

export const USERS: UserSummary[] = [user('u_admin', ['admin']), user('u_other', ['admin']), user('u_alice', ['member']), user('u_bob', ['member']), user('u_sam', ['member'], { status: 'suspended' })];

/** A server for one test: `as` picks the bearer; `X-Actor` marks an impersonated credential; `X-Token` an API token. */
export function testServer(overrides: Partial<ImpersonationServerOptions> = {}, store: ImpersonationStore = createMemoryStore()) {
  let now = T0;
  const errors: unknown[] = [];
  const users = USERS.map((u) => ({ ...u }));
  const server = createImpersonationServer({
    store,
    policy: 'account-admin',
    users: { get: async (id) => users.find((u) => u.id === id) ?? null },
    hasPermission: (u) => u.roles.includes('admin'),
    authenticate: async (request) => {
      const match = /^Bearer test:(\w+)$/.exec(request.headers.get('authorization') ?? '');
      if (!match?.[1]) return null;
      const actor = request.headers.get('x-actor');
      return { userId: match[1], via: request.headers.get('x-token') ? 'token' : 'session', ...(actor ? { impersonatedBy: actor } : {}) };
    },
    verifyStepUp: async (_id, code) => code === '123456',
    clock: { now: () => now },
    logger: { error: (_message, error) => void errors.push(error) },
    ...overrides,
  });
  const call = async (method: string, path: string, init: { as?: string; body?: unknown; raw?: BodyInit; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.as) headers.authorization = `Bearer test:${init.as}`;
    let body: BodyInit | undefined = init.raw;
    if (body === undefined && init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await server.handle(new Request(`http://localhost/api/impersonation${path}`, { method, headers, body }));
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as Reply, headers: response.headers };
  };
  const start = async (as = 'u_admin', body: Record<string, unknown> = { targetUserId: 'u_alice', reason: 'Reproducing a bug' }, headers?: Record<string, string>) =>
    call('POST', '/sessions', { as, body, headers });
  return { server, store, call, start, users, errors, advance: (ms: number) => void (now += ms), now: () => now };
}
