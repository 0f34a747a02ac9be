import type { Session, Viewer } from '@impersonate-kit/sdk';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMockApi, DEFAULT_STORAGE_KEY } from '../createMockApi';
import type { StorageLike } from '../store';
import { GOOD_START, expectError, fixedClock, request } from './harness';

class FakeStorage implements StorageLike {
  readonly items = new Map<string, string>();
  failWrites = false;
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    if (this.failWrites) throw new Error('QuotaExceededError');
    this.items.set(key, value);
  }
}

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});
afterAll(() => server.close());

/** Two "tabs": two mock instances on one storage, each behind its own origin. */
function twoTabs(storage: StorageLike, clock = fixedClock()) {
  const tab = (origin: string) => {
    const api = createMockApi({ persist: 'localStorage', storage, clock, baseUrl: `${origin}/api/impersonation`, appBaseUrl: `${origin}/api/app` });
    server.use(...api.handlers);
    return { api, call: <T = Record<string, unknown>>(method: string, path: string, options?: Parameters<typeof request>[2]) => request<T>(`${origin}/api/impersonation${path}`, method, options) };
  };
  return { a: tab('http://tab-a.test'), b: tab('http://tab-b.test'), clock };
}

describe('persisting to localStorage', () => {
  describe('given two mock instances sharing one storage', () => {
    it('each sees the sessions the other starts and ends', async () => {
      const { a, b } = twoTabs(new FakeStorage());
      const started = await a.call<{ session: Session }>('POST', '/sessions', { body: GOOD_START['account-admin'] });
      expect(started.status).toBe(201);
      expect((await b.call<Viewer>('GET', '/viewer')).body.session?.id).toBe(started.body.session.id);
      await b.call('DELETE', '/sessions/current');
      expectError(await a.call('GET', '/sessions/current'), 404, 'no_active_session');
      expect((await a.call<{ session: Session }>('GET', `/sessions/${started.body.session.id}`)).body.session.endReason).toBe('ended');
    });

    it('refuses a second session started from the other tab (no chaining across tabs)', async () => {
      const { a, b } = twoTabs(new FakeStorage());
      await a.call('POST', '/sessions', { body: GOOD_START['account-admin'] });
      expectError(await b.call('POST', '/sessions', { body: { ...GOOD_START['account-admin'], targetUserId: 'u_bob' } }), 409, 'already_impersonating');
    });

    it('shares the built-in clock’s fast-forward', async () => {
      const storage = new FakeStorage();
      const a = createMockApi({ persist: 'localStorage', storage });
      const b = createMockApi({ persist: 'localStorage', storage });
      await a.handle({ method: 'POST', path: '/api/impersonation/sessions', body: GOOD_START['account-admin'] });
      a.clock.advance(30 * 60_000);
      const current = await b.handle({ method: 'GET', path: '/api/impersonation/sessions/current' });
      expect(current).toMatchObject({ status: 404, body: { error: { code: 'no_active_session' } } });
    });

    it('shows the fast-forward in the other instance’s clock at once, before any request', () => {
      const storage = new FakeStorage();
      const a = createMockApi({ persist: 'localStorage', storage });
      const b = createMockApi({ persist: 'localStorage', storage });
      a.clock.advance(60 * 60_000);
      expect(b.clock.now() - Date.now()).toBeGreaterThanOrEqual(60 * 60_000 - 1_000);
    });

    it('shares a preset switch', async () => {
      const storage = new FakeStorage();
      const a = createMockApi({ persist: 'localStorage', storage });
      const b = createMockApi({ persist: 'localStorage', storage });
      a.setPreset('enterprise');
      expect(b.policy.preset).toBe('enterprise');
    });
  });

  it('keeps the backend across a reload: a new instance adopts the stored state', async () => {
    const storage = new FakeStorage();
    const before = createMockApi({ persist: 'localStorage', storage });
    await before.handle({ method: 'POST', path: '/api/impersonation/sessions', body: GOOD_START['account-admin'] });
    const after = createMockApi({ persist: 'localStorage', storage });
    expect(after.getState().sessions).toHaveLength(1);
  });

  it('uses globalThis.localStorage under the default key', async () => {
    const storage = new FakeStorage();
    vi.stubGlobal('localStorage', storage);
    const api = createMockApi({ persist: 'localStorage' });
    await api.handle({ method: 'PUT', path: '/api/impersonation/consent', body: { durationHours: 5 } });
    expect(storage.getItem(DEFAULT_STORAGE_KEY)).toContain('"durationHours":5');
  });

  it('falls back to memory where there is no localStorage', async () => {
    expect(globalThis.localStorage).toBeUndefined();
    const api = createMockApi({ persist: 'localStorage' });
    const reply = await api.handle({ method: 'POST', path: '/api/impersonation/sessions', body: GOOD_START['account-admin'] });
    expect(reply.status).toBe(201);
  });

  it('keeps serving from memory when a write fails, and warns once', async () => {
    const storage = new FakeStorage();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const api = createMockApi({ persist: 'localStorage', storage });
    storage.failWrites = true;
    expect((await api.handle({ method: 'POST', path: '/api/impersonation/sessions', body: GOOD_START['account-admin'] })).status).toBe(201);
    expect((await api.handle({ method: 'GET', path: '/api/impersonation/sessions/current' })).status).toBe(200);
    await api.handle({ method: 'DELETE', path: '/api/impersonation/sessions/current' });
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('overwrites a corrupt entry', async () => {
    const storage = new FakeStorage();
    storage.setItem(DEFAULT_STORAGE_KEY, '{not json');
    const api = createMockApi({ persist: 'localStorage', storage });
    expect((await api.handle({ method: 'GET', path: '/api/impersonation/policy' })).status).toBe(200);
    expect(JSON.parse(storage.getItem(DEFAULT_STORAGE_KEY) ?? '{}')).toMatchObject({ version: 2 });
  });
});
