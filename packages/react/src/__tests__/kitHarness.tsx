// Test plumbing for the provider and hooks: a real client on a test clock, talking to a real mock
// backend on the same clock through MSW, and a log of the requests that reached it.
import type { ReactNode } from 'react';
import { createImpersonationClient, createTestClock } from '@impersonate-kit/sdk';
import type { ImpersonationClient, TestClock } from '@impersonate-kit/sdk';
import { createMockApi } from '@impersonate-kit/mock-api';
import type { MockApi, MockApiOptions } from '@impersonate-kit/mock-api';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { ImpersonationProvider } from '../ImpersonationProvider';
import type { ImpersonationProviderProps } from '../ImpersonationProvider';

/** Where the client under test sends its requests. */
export const BASE_URL = 'http://localhost/api/impersonation';

/** Where every test's clock starts, so times in assertions are exact. */
export const T0 = Date.UTC(2026, 10, 21, 10, 0, 0);

/** A start body the account-admin preset accepts. */
export const GOOD_START = { targetUserId: 'u_alice', reason: 'Reproducing a dashboard bug', reasonCategory: 'Troubleshooting' };

/** One request the mock backend received. */
export interface LoggedRequest {
  method: string;
  /** The path below the contract's base, e.g. "/eligibility". */
  path: string;
  query: URLSearchParams;
}

/** One test's kit: backend, client, clock and a provider wrapper for renderHook/render. */
export interface Kit {
  api: MockApi;
  client: ImpersonationClient;
  clock: TestClock;
  wrapper: (props: { children?: ReactNode }) => ReactNode;
}

/** Provider props a test may set, besides the client. */
export type KitProviderProps = Omit<ImpersonationProviderProps, 'client' | 'children'>;

/** Starts MSW for the test file; `kit()` installs a fresh backend and client for one test. */
export function setupKitServer() {
  const server = setupServer();
  const requests: LoggedRequest[] = [];
  const clients: ImpersonationClient[] = [];

  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    requests.push({ method: request.method, path: url.pathname.replace('/api/impersonation', ''), query: url.searchParams });
  });
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
    server.resetHandlers();
    requests.length = 0;
  });
  afterAll(() => server.close());

  function kit(options: MockApiOptions & { viewer?: string; provider?: KitProviderProps } = {}): Kit {
    const { viewer, provider, ...mockOptions } = options;
    const clock = createTestClock(T0);
    const api = createMockApi({ clock, ...mockOptions });
    if (viewer) api.signIn(viewer);
    server.use(...api.handlers);
    const client = createImpersonationClient({ baseUrl: BASE_URL, clock, crossTab: false });
    clients.push(client);
    const wrapper = ({ children }: { children?: ReactNode }) => (
      <ImpersonationProvider client={client} {...provider}>
        {children}
      </ImpersonationProvider>
    );
    return { api, client, clock, wrapper };
  }

  /** The requests made to `path` so far. */
  const requestsTo = (path: string, method = 'GET') => requests.filter((entry) => entry.path === path && entry.method === method);

  return { server, requests, requestsTo, kit };
}
