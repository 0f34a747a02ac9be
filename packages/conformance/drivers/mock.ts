// The driver for the mock backend: a fresh `createMockApi` per reset, served through MSW in this
// process, on a clock that moves only when the suite advances it (so expiry is checked exactly).
import type { MockApi } from '@impersonate-kit/mock-api';
import { AS_TARGET_HEADER, createMockApi, demoTokenBearer } from '@impersonate-kit/mock-api';
import { setupServer } from 'msw/node';
import type { ConformanceDriver } from '../src/types';

/** Where the mock answers in Node. */
export const MOCK_BASE_URL = 'http://localhost/api/impersonation';
/** Where the mock's sample app (the reference host routes) answers. */
export const MOCK_APP_URL = 'http://localhost/api/app';

/** A driver for the mock, plus the mock of the current case for tests that look inside. */
export interface MockDriver extends ConformanceDriver {
  /** The backend the last reset made. */
  readonly api: MockApi;
  close(): void;
}

/** Starts MSW and returns a driver over a fresh mock per reset; `close()` stops MSW. */
export function createMockDriver(): MockDriver {
  let now = Date.parse('2026-03-02T09:00:00.000Z');
  const clock = { now: () => now, advance: (ms: number) => void (now += ms) };
  const server = setupServer();
  server.listen({ onUnhandledRequest: 'error' });
  let api: MockApi | null = null;

  return {
    baseUrl: MOCK_BASE_URL,
    appUrl: MOCK_APP_URL,
    get api() {
      if (!api) throw new Error('reset() has not run yet.');
      return api;
    },
    headersFor: (userId) => ({ authorization: `Bearer demo:${userId}` }),
    // The mock's viewer is the real user named by the bearer; the marker says the call comes from inside their session.
    impersonatedHeadersFor: (_targetId, impersonatorId) => ({ authorization: `Bearer demo:${impersonatorId}`, [AS_TARGET_HEADER]: '1' }),
    apiTokenHeadersFor: (userId) => ({ authorization: demoTokenBearer(userId) }),
    reset(preset) {
      // Nobody is signed in by default: a request without a bearer is unauthenticated.
      api = createMockApi({ preset, clock, viewerId: null });
      server.resetHandlers(...api.handlers);
    },
    setUserStatus: (userId, status) => (api as MockApi).setUserStatus(userId, status),
    advance: (ms) => clock.advance(ms),
    close: () => server.close(),
  };
}

/** The CLI's entry: `impersonate-kit-conformance --driver drivers/mock.ts` (under tsx). */
export default createMockDriver;
