// Shared test plumbing: one MSW server per file, a mock per test, and fetch against http://localhost.
import type { Session } from '@impersonate-kit/sdk';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { MockApi, MockApiOptions, MockPreset } from '../index';
import { createMockApi } from '../index';

/** The contract's base as the tests call it. */
export const BASE = 'http://localhost/api/impersonation';
/** The sample app's base as the tests call it. */
export const APP = 'http://localhost/api/app';
/** A fixed start instant, so times in assertions are exact. */
export const T0 = Date.parse('2026-03-02T09:00:00.000Z');

/** A clock that moves only when told to. */
export function fixedClock(start = T0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

/** What a test gets back from a call. */
export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** Options of one call. */
export interface CallOptions {
  /** Sends `Authorization: Bearer demo:<as>`. */
  as?: string;
  body?: unknown;
  /** Sent verbatim instead of `body`. */
  rawBody?: string;
  headers?: Record<string, string>;
}

/** Starts MSW for this test file; each `mockApi` call installs a fresh backend's handlers. */
export function useServer() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  return function mockApi(options: MockApiOptions = {}) {
    const clock = fixedClock();
    const api = createMockApi({ clock, ...options });
    server.use(...api.handlers);
    return harness(api, clock);
  };
}

/** fetch against a base URL, with the demo bearer and JSON handled. */
export async function request<T = Record<string, unknown>>(url: string, method: string, options: CallOptions = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.as) headers.Authorization = `Bearer demo:${options.as}`;
  let body: string | undefined = options.rawBody;
  if (body === undefined && options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(url, { method, headers, body });
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

/** A good start body for each preset (u_alice is eligible everywhere; she consented in `consent`). */
export const GOOD_START: Record<MockPreset, Record<string, unknown>> = {
  'account-admin': { targetUserId: 'u_alice', reason: 'Reproducing a dashboard bug', reasonCategory: 'Troubleshooting' },
  enterprise: { targetUserId: 'u_alice', stepUpCode: '123456' },
  consent: { targetUserId: 'u_alice' },
};

/** The test's view of one mock. */
export function harness(api: MockApi, clock: { now(): number; advance(ms: number): void }) {
  const call = <T = Record<string, unknown>>(method: string, path: string, options?: CallOptions) => request<T>(`${BASE}${path}`, method, options);
  const app = <T = Record<string, unknown>>(method: string, path: string, options?: CallOptions) => request<T>(`${APP}${path}`, method, options);
  return {
    api,
    clock,
    call,
    app,
    /** Starts a session and expects it to succeed. */
    async start(body: Record<string, unknown>, options: Omit<CallOptions, 'body'> = {}): Promise<Session> {
      const reply = await call<{ session: Session }>('POST', '/sessions', { ...options, body });
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      return reply.body.session;
    },
  };
}

/** Expects a contract error. */
export function expectError(reply: Reply<unknown>, status: number, code: string): void {
  expect({ status: reply.status, body: reply.body }).toMatchObject({ status, body: { error: { code } } });
}
