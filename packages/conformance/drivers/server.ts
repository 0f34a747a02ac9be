// The driver for @impersonate-kit/server over real HTTP: createImpersonationServer on the memory
// store, mounted on node:http with toNodeHandler on a free port, with mock-api's sample app as the
// host routes under /api/app. Credentials are opaque tokens the driver's host auth looks up, as a
// product's session store would: a browser session, an API token, or an impersonated (actor) token.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppData } from '@impersonate-kit/mock-api';
import { createSampleApp, DEFAULT_CAST, PERMISSION_ROLES, seedApp, seedConsents, STEP_UP_CODE } from '@impersonate-kit/mock-api';
import type { Authentication, ImpersonationServer } from '@impersonate-kit/server';
import { buildPolicy, createImpersonationServer, createMemoryStore, emptySnapshot, toNodeHandler } from '@impersonate-kit/server';
import type { UserSummary } from '@impersonate-kit/sdk';
import type { ConformanceDriver, Preset } from '../src/types';

const CONTRACT_PATH = '/api/impersonation';
const APP_PATH = '/api/app';

/** A driver over a live node:http server; `close()` stops it. */
export interface ServerDriver extends ConformanceDriver {
  /** The server core of the current case. */
  readonly server: ImpersonationServer;
  close(): Promise<void>;
}

/** Starts node:http on a free port of 127.0.0.1 and returns a driver over a fresh server and memory store per reset. */
export async function createServerDriver(): Promise<ServerDriver> {
  let now = Date.parse('2026-03-02T09:00:00.000Z');
  const clock = { now: () => now };
  let users: UserSummary[] = [];
  let app: AppData;
  let core: ImpersonationServer | null = null;
  let appHandler: ((request: Request) => Promise<Response>) | null = null;
  // The host's credential store: opaque token -> who it authenticates.
  const tokens = new Map<string, Authentication>();
  const mint = (auth: Authentication) => {
    const key = JSON.stringify(auth);
    for (const [token, known] of tokens) if (JSON.stringify(known) === key) return { authorization: `Bearer ${token}` };
    const token = `tok_${globalThis.crypto.randomUUID().replaceAll('-', '')}`;
    tokens.set(token, auth);
    return { authorization: `Bearer ${token}` };
  };

  const route = (request: Request) => {
    if (!core || !appHandler) throw new Error('reset() has not run yet.');
    const { pathname } = new URL(request.url);
    return pathname === APP_PATH || pathname.startsWith(`${APP_PATH}/`) ? appHandler(request) : core.handle(request);
  };
  const http = createServer(toNodeHandler(route));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  return {
    baseUrl: `${origin}${CONTRACT_PATH}`,
    appUrl: `${origin}${APP_PATH}`,
    get server() {
      if (!core) throw new Error('reset() has not run yet.');
      return core;
    },
    headersFor: (userId) => mint({ userId, via: 'session' }),
    impersonatedHeadersFor: (targetId, impersonatorId) => mint({ userId: targetId, via: 'session', impersonatedBy: impersonatorId }),
    apiTokenHeadersFor: (userId) => mint({ userId, via: 'token' }),
    reset(preset: Preset) {
      tokens.clear();
      users = structuredClone([...DEFAULT_CAST]);
      app = seedApp(users, now);
      const policy = buildPolicy(preset);
      const roles = PERMISSION_ROLES[preset];
      core = createImpersonationServer({
        store: createMemoryStore({ ...emptySnapshot(), consents: seedConsents(policy, users, now) }),
        policy,
        users: { get: async (id) => structuredClone(users.find((user) => user.id === id) ?? null) },
        hasPermission: (user) => user.roles.some((role) => roles.includes(role)),
        authenticate: async (request) => {
          const match = /^Bearer (tok_[0-9a-f]{32})$/.exec(request.headers.get('authorization') ?? '');
          return (match?.[1] && tokens.get(match[1])) || null;
        },
        verifyStepUp: async (_userId, code) => code === STEP_UP_CODE,
        clock,
      });
      appHandler = createSampleApp(core, { app: () => app, users: () => users, now: clock.now }, APP_PATH);
    },
    async setUserStatus(userId, status) {
      const user = users.find((u) => u.id === userId);
      if (!user) throw new Error(`No user "${userId}" in the cast.`);
      user.status = status;
      await core?.userStatusChanged(userId);
    },
    advance(ms) {
      now += ms;
    },
    close: () => new Promise<void>((resolve) => http.close(() => resolve())),
  };
}

/** The CLI's entry: `impersonate-kit-conformance --driver drivers/server.ts` (under tsx). */
export default createServerDriver;
