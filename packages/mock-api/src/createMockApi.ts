// The public entry: the server core over a memory store, the default cast as its user directory,
// a demo sign-in, the sample app, MSW handlers, and the knobs the demo and tests turn.
import type { ImpersonationServer, MemoryStore, PolicyOverrides } from '@impersonate-kit/server';
import { buildPolicy, createImpersonationServer, createMemoryStore, DEFAULT_BASE_PATH } from '@impersonate-kit/server';
import type { Policy, UserStatus, UserSummary } from '@impersonate-kit/sdk';
import type { HttpHandler } from 'msw';
import { DEFAULT_VIEWER_ID } from './cast';
import type { MockClock } from './clock';
import { createMockClock, isOffsetClock } from './clock';
import { demoAuthenticate, demoVerifyStepUp } from './demoAuth';
import { createHandlers } from './handlers';
import { PERMISSION_ROLES } from './presets';
import { createSampleApp } from './sampleApp';
import { createInitialState, seedConsents } from './seed';
import type { PersistMode, StorageLike } from './store';
import { PersistedState } from './store';
import type { BackendRequest, BackendResponse, MockPreset, MockState } from './types';

/** The storage key a persisted mock uses unless told otherwise. */
export const DEFAULT_STORAGE_KEY = 'impersonate-kit:mock-api';
/** The default base path of the contract. */
export const DEFAULT_BASE_URL = DEFAULT_BASE_PATH;
/** The default base path of the sample app. */
export const DEFAULT_APP_BASE_URL = '/api/app';

/** How to set up a mock backend. */
export interface MockApiOptions {
  /** The policy preset; default `account-admin`. */
  preset?: MockPreset;
  /** Laid over the preset; any override makes the policy `custom`. */
  policy?: PolicyOverrides;
  /** Roles that hold `impersonate:users`; default per preset. */
  permissionRoles?: readonly string[];
  /** The users; default the cast of api.md. */
  users?: readonly UserSummary[];
  /** Server time; default real time plus an offset that `clock.advance` moves. */
  clock?: MockClock;
  /** `localStorage` shares one backend between tabs and keeps it across reloads; default `memory`. */
  persist?: PersistMode;
  storageKey?: string;
  /** The storage to persist to; default `globalThis.localStorage` (memory when there is none). */
  storage?: StorageLike;
  /** The contract's base; default `/api/impersonation`. Relative bases match on any origin. */
  baseUrl?: string;
  /** The sample app's base; default `/api/app`. */
  appBaseUrl?: string;
  /** Who is signed in at first; default `u_owner`. */
  viewerId?: string | null;
}

/** One function from a plain request to a plain answer, for callers without MSW. */
export interface Backend {
  handle(request: BackendRequest): Promise<BackendResponse>;
}

/** A running mock backend. */
export interface MockApi extends Backend {
  /** MSW handlers: the contract under the base URL, the sample app under the app base URL. */
  readonly handlers: HttpHandler[];
  /** Answers any Web Request: the contract under its base, the sample app under its base, else 404 (mount it on node:http with toNodeHandler). */
  fetch(request: Request): Promise<Response>;
  /** The server core this mock runs (its handle(), resolve(), protect()). */
  readonly server: ImpersonationServer;
  /** Server time: `clock.advance(ms)` fast-forwards; sessions see it on their next request. */
  readonly clock: MockClock;
  /** The policy in force. */
  readonly policy: Policy;
  /** The viewer of requests without an Authorization header. */
  readonly viewerId: string | null;
  /** Makes `userId` the default viewer; null signs nobody in (requests answer 401). */
  signIn(userId: string | null): void;
  /** Logs a user out (default: the signed-in one): their active session ends as `logged_out`. */
  signOut(userId?: string): Promise<void>;
  /** Suspends, deletes or restores a user; sessions targeting them end as `target_unavailable`. */
  setUserStatus(userId: string, status: UserStatus): Promise<void>;
  /** Switches the policy: keeps users, their app data and the clock; clears sessions, consents, audit, idempotency keys and rate limits. */
  setPreset(preset: MockPreset, overrides?: PolicyOverrides): void;
  /** Back to a fresh backend as created (the built-in clock returns to real time). */
  reset(): void;
  /** A deep copy of everything the backend holds. */
  getState(): MockState;
}

function basePathOf(baseUrl: string): string {
  const path = /^[a-z][a-z\d+.-]*:\/\//i.test(baseUrl) ? new URL(baseUrl).pathname : baseUrl;
  return path.replace(/\/+$/, '');
}

/** Creates an in-memory (or localStorage-shared) backend that enforces contract.md, with MSW handlers. */
export function createMockApi(options: MockApiOptions = {}): MockApi {
  const inner = options.clock ?? createMockClock();
  const syncable = isOffsetClock(inner);
  const initialPreset = options.preset ?? 'account-admin';
  const rolesFor = (preset: MockPreset) => options.permissionRoles ?? PERMISSION_ROLES[preset];
  const initialViewer = options.viewerId === undefined ? DEFAULT_VIEWER_ID : options.viewerId;
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  const appBaseUrl = options.appBaseUrl ?? DEFAULT_APP_BASE_URL;
  const appBase = basePathOf(appBaseUrl);
  const fresh = (): MockState =>
    createInitialState({
      policy: buildPolicy(initialPreset, options.policy),
      permissionRoles: rolesFor(initialPreset),
      users: options.users,
      nowMs: inner.now(),
      clockOffsetMs: syncable ? inner.offset() : 0,
    });
  const persisted = new PersistedState(options.persist ?? 'memory', options.storageKey ?? DEFAULT_STORAGE_KEY, options.storage);
  let signedIn = initialViewer;
  // Requests handed in through handle() may name their viewer; nothing a client sends can.
  const namedViewers = new WeakMap<Request, string | null>();

  let meta: Pick<MockState, 'policy' | 'permissionRoles' | 'users' | 'app' | 'clockOffsetMs'>;
  let memory: MemoryStore;
  let server: ImpersonationServer;
  let app: (request: Request) => Promise<Response>;

  const adopt = (state: MockState) => {
    const { policy, permissionRoles, users, app: appData, clockOffsetMs, sessions, events, consents, idempotency, starts } = structuredClone(state);
    meta = { policy, permissionRoles, users, app: appData, clockOffsetMs };
    if (syncable && persisted.persisted) inner.setOffset(clockOffsetMs);
    memory = createMemoryStore({ version: 1, sessions, events, consents, idempotency, starts });
    server = createImpersonationServer({
      store: memory,
      policy,
      users: { get: async (id) => structuredClone(meta.users.find((user) => user.id === id) ?? null) },
      hasPermission: (user) => user.roles.some((role) => meta.permissionRoles.includes(role)),
      authenticate: async (request) => demoAuthenticate(request, namedViewers.has(request) ? (namedViewers.get(request) ?? null) : signedIn),
      verifyStepUp: demoVerifyStepUp,
      clock: { now: () => inner.now() },
      basePath: baseUrl,
    });
    app = createSampleApp(server, { app: () => meta.app, users: () => meta.users, now: () => inner.now() }, appBase);
  };
  const fullState = (): MockState => {
    const { version: _version, ...snapshot } = memory.exportSnapshot();
    return structuredClone({ version: 2, ...meta, ...snapshot });
  };

  let busy = 0;
  const refresh = () => {
    // Never swap the state under a running request: it adopts the stored state when it starts.
    if (busy > 0) return;
    const stored = persisted.readIfChanged();
    if (stored) adopt(stored);
  };
  // Copying the whole state costs what the backend holds: only a shared storage needs it after each request.
  const save = () => {
    if (persisted.persisted) persisted.write(fullState());
  };
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = async () => {
      refresh();
      busy++;
      try {
        return await fn();
      } finally {
        busy--;
        save();
      }
    };
    const result = queue.then(run, run);
    queue = result.catch(() => undefined);
    return result;
  };

  adopt(fresh());
  refresh();
  save();

  const handleContract = (request: Request) => exclusive(() => server.handle(request));
  const handleApp = (request: Request) => exclusive(() => app(request));

  const mock: MockApi = {
    async handle(input) {
      const url = new URL(/^[a-z][a-z\d+.-]*:\/\//i.test(input.path) ? input.path : `http://localhost${input.path}`);
      if (input.query instanceof URLSearchParams) input.query.forEach((value, key) => url.searchParams.append(key, value));
      else if (input.query) for (const [key, value] of Object.entries(input.query)) if (value !== undefined) url.searchParams.append(key, value);
      const headers = new Headers();
      if (input.headers instanceof Headers) input.headers.forEach((value, key) => headers.set(key, value));
      else if (input.headers) for (const [key, value] of Object.entries(input.headers)) if (value !== undefined) headers.set(key, value);
      const text = input.bodyText ?? (input.body === undefined ? undefined : JSON.stringify(input.body));
      if (text !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
      const method = input.method.toUpperCase();
      const request = new Request(url, { method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : text });
      if (input.viewerId !== undefined) namedViewers.set(request, input.viewerId);
      const path = url.pathname;
      const inApp = path === appBase || path.startsWith(`${appBase}/`);
      const response = await (inApp ? handleApp(request) : handleContract(request));
      const body: unknown = await response.json().catch(() => null);
      const out: Record<string, string> = {};
      response.headers.forEach((value, key) => {
        out[key] = value;
      });
      return { status: response.status, body, headers: out };
    },
    fetch(request) {
      const path = new URL(request.url).pathname;
      return path === appBase || path.startsWith(`${appBase}/`) ? handleApp(request) : handleContract(request);
    },
    handlers: createHandlers([
      { baseUrl, handle: handleContract },
      { baseUrl: appBaseUrl, handle: handleApp },
    ]),
    get server() {
      return server;
    },
    clock: {
      // Reads the stored offset first, so another tab's fast-forward shows here before any request.
      now: () => {
        refresh();
        return inner.now();
      },
      advance(ms) {
        refresh();
        inner.advance(ms);
        if (syncable) meta.clockOffsetMs = inner.offset();
        save();
      },
    },
    get policy() {
      refresh();
      return structuredClone(meta.policy);
    },
    get viewerId() {
      return signedIn;
    },
    signIn(userId) {
      refresh();
      if (userId !== null && !meta.users.some((user) => user.id === userId)) throw new Error(`No user "${userId}" in the mock backend.`);
      signedIn = userId;
    },
    signOut(userId = signedIn ?? undefined) {
      if (userId === undefined) return Promise.resolve();
      if (signedIn === userId) signedIn = null;
      return exclusive(() => server.signOut(userId));
    },
    setUserStatus(userId, status) {
      refresh();
      const user = meta.users.find((u) => u.id === userId);
      if (!user) throw new Error(`No user "${userId}" in the mock backend.`);
      user.status = status;
      save();
      return exclusive(() => server.userStatusChanged(userId));
    },
    setPreset(preset, overrides) {
      refresh();
      const policy = buildPolicy(preset, overrides);
      const now = inner.now();
      adopt({ ...fullState(), policy, permissionRoles: [...rolesFor(preset)], sessions: [], consents: seedConsents(policy, meta.users, now), events: [], idempotency: {}, starts: {} });
      save();
    },
    reset() {
      // Only a clock the mock made is its to rewind.
      if (!options.clock && syncable) inner.setOffset(0);
      adopt(fresh());
      save();
      signedIn = initialViewer;
    },
    getState: () => {
      refresh();
      return fullState();
    },
  };
  return mock;
}
