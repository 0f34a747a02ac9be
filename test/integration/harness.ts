// Shared set-up for the integration tests: one MSW server per file, and per test a "world" of a
// mock backend and sdk clients that all run on test clocks, so time moves only when a test says so.
import type { MockApi, MockPreset } from '@impersonate-kit/mock-api';
import { createMockApi } from '@impersonate-kit/mock-api';
import type { ImpersonationClient, ImpersonationClientOptions, ImpersonationError, SessionState, Store, TestClock } from '@impersonate-kit/sdk';
import { createImpersonationClient, createTestClock, isImpersonationError } from '@impersonate-kit/sdk';
import type { SetupServer } from 'msw/node';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** The contract's base URL as the clients call it (Node has no relative URLs). */
export const BASE_URL = 'http://localhost/api/impersonation';
/** The sample app's base URL. */
export const APP_URL = 'http://localhost/api/app';
/** One second, minute and hour in ms, so durations read as what they are. */
export const SECOND = 1_000;
/** One minute in ms. */
export const MINUTE = 60 * SECOND;
/** One hour in ms. */
export const HOUR = 60 * MINUTE;
/** The documented default of `pollIntervalMs`: an active session is re-checked this often. */
export const POLL_INTERVAL_MS = 30 * SECOND;
/** The documented default request time-out. */
export const REQUEST_TIMEOUT_MS = 15 * SECOND;
/** The idle heartbeat is sent at most once a minute. */
export const HEARTBEAT_INTERVAL_MS = MINUTE;

/** The demo bearer the mock reads the viewer from. */
export function bearer(userId: string): string {
  return `Bearer demo:${userId}`;
}

/** Waits one macrotask: long enough for a settled promise chain or a delivered message to run. */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

// A request is in flight from MSW's "request:start" until its "request:end"; the client then
// needs a few more turns to read and apply the answer (and maybe to send the next request).
const QUIET_TURNS = 5;
const MAX_TURNS = 200;

/** The MSW side of a test file. */
export interface Msw {
  readonly server: SetupServer;
  /** Every request sent in this test so far, as "METHOD /path?query". */
  readonly requests: string[];
  /** Turns the event loop until no request has been in flight for a few turns (or gives up after a while, for a request that never answers). */
  settle(): Promise<void>;
  /** A fresh backend and clients for one test; torn down after it. */
  world(options?: WorldOptions): World;
}

/** Options of `world`. */
export interface WorldOptions {
  /** Default `account-admin`. */
  preset?: MockPreset;
}

/** Options of `World.client`. */
export interface ClientOptions extends Omit<ImpersonationClientOptions, 'clock' | 'baseUrl' | 'headers'> {
  /** Who the client signs in as (its bearer); default `u_owner`. */
  as?: string;
  /** Give the client its own clock, this far off the server's (0 = right, but its own). Default: share the server's clock. */
  clockOffsetMs?: number;
}

/** A sample-app answer. */
export interface AppReply {
  status: number;
  body: Record<string, unknown>;
}

/** One test's backend, clocks and clients. */
export interface World {
  readonly api: MockApi;
  /** Server time; clients without their own clock run on it too. */
  readonly clock: TestClock;
  /** A client against the mock with a bearer for `as` and cross-tab off unless asked for. */
  client(options?: ClientOptions): ImpersonationClient;
  /** The clock a client runs on. */
  clockOf(client: ImpersonationClient): TestClock;
  /** Calls the sample app as `as` (default `u_owner`). */
  app(method: string, path: string, options?: { as?: string; body?: unknown }): Promise<AppReply>;
  /** Moves every clock forward together in steps (default 5 s, below the 15 s request time-out), letting requests finish after each. */
  advance(ms: number, step?: number): Promise<void>;
  /** A machine asleep for `ms`: the server's time moves, each client clock jumps without firing its timers. */
  sleep(ms: number): void;
}

let channelCount = 0;

/** A BroadcastChannel name no other test uses. */
export function uniqueChannel(): string {
  channelCount += 1;
  return `impersonate-kit-integration-${process.pid}-${channelCount}`;
}

/** Starts one MSW server for this test file (unhandled requests fail the test) and cleans up after each test. */
export function useMsw(): Msw {
  const server = setupServer();
  const inFlight = new Set<string>();
  const requests: string[] = [];
  const cleanups: (() => void)[] = [];

  server.events.on('request:start', ({ request, requestId }) => {
    const url = new URL(request.url);
    requests.push(`${request.method} ${url.pathname}${url.search}`);
    inFlight.add(requestId);
    // A request the client gave up on (time-out) never ends; it is no longer worth waiting for.
    request.signal.addEventListener('abort', () => inFlight.delete(requestId), { once: true });
  });
  server.events.on('request:end', ({ requestId }) => {
    inFlight.delete(requestId);
  });

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    server.resetHandlers();
    inFlight.clear();
    requests.length = 0;
  });
  afterAll(() => server.close());

  async function settle(): Promise<void> {
    let quiet = 0;
    for (let turn = 0; turn < MAX_TURNS && quiet < QUIET_TURNS; turn += 1) {
      await nextMacrotask();
      quiet = inFlight.size === 0 ? quiet + 1 : 0;
    }
  }

  function world(options: WorldOptions = {}): World {
    const clock = createTestClock();
    const api = createMockApi({ preset: options.preset ?? 'account-admin', clock: { now: () => clock.now(), advance: (ms) => clock.advance(ms) } });
    server.use(...api.handlers);
    const ownClocks = new Set<TestClock>();
    const clocks = new Map<ImpersonationClient, TestClock>();

    return {
      api,
      clock,
      client({ as = 'u_owner', clockOffsetMs, crossTab = false, ...rest } = {}) {
        const own = clockOffsetMs === undefined ? clock : createTestClock(clock.now() + clockOffsetMs);
        if (own !== clock) ownClocks.add(own);
        const client = createImpersonationClient({ ...rest, baseUrl: BASE_URL, clock: own, crossTab, headers: { Authorization: bearer(as) } });
        clocks.set(client, own);
        cleanups.push(() => client.destroy());
        return client;
      },
      clockOf(client) {
        const own = clocks.get(client);
        if (!own) throw new Error('That client was not made by this world.');
        return own;
      },
      async app(method, path, { as = 'u_owner', body } = {}) {
        const headers: Record<string, string> = { Authorization: bearer(as) };
        if (body !== undefined) headers['Content-Type'] = 'application/json';
        const response = await fetch(`${APP_URL}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      },
      async advance(ms, step = 5 * SECOND) {
        await settle();
        for (let left = ms; left > 0; left -= step) {
          const by = Math.min(step, left);
          clock.advance(by);
          for (const own of ownClocks) own.advance(by);
          await settle();
        }
      },
      sleep(ms) {
        // A client on the server's own clock cannot sleep apart from it: its timers would fire.
        if ([...clocks.values()].includes(clock)) throw new Error('sleep() needs every client on its own clock (clockOffsetMs).');
        clock.advance(ms);
        for (const own of ownClocks) own.set(own.now() + ms);
      },
    };
  }

  return { server, requests, settle, world };
}

/** The typed error a call was refused with; fails when it succeeds or throws anything else. */
export async function refusal(call: Promise<unknown>): Promise<ImpersonationError> {
  let value: unknown;
  try {
    value = await call;
  } catch (error) {
    if (isImpersonationError(error)) return error;
    throw error;
  }
  throw new Error(`Expected a refusal, got ${JSON.stringify(value)}`);
}

/** Every snapshot a store publishes from now on, in order (the subscription also starts a first load). */
export function record<S>(store: Store<S>): S[] {
  const seen: S[] = [];
  store.subscribe(() => seen.push(store.getSnapshot()));
  return seen;
}

/** The statuses a session store went through, without repeats. */
export function statuses(seen: readonly SessionState[]): string[] {
  return seen.map((state) => state.status).filter((status, index, all) => index === 0 || all[index - 1] !== status);
}
