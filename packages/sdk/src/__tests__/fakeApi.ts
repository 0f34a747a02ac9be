// An in-memory backend behind the ApiClient interface, for the service tests: it keeps the
// contract's rules that matter to the client (lazy, exact expiry; idempotent starts; restarts;
// consent), runs on the test clock as the server's clock, and records every call.
import type { ApiClient, Clock } from '../clientTypes';
import { ImpersonationError } from '../errors';
import type { Consent, ConsentResponse, EndReason, Policy, Session, SessionResponse, UserSummary } from '../types';

/** The viewer every fake server answers for. */
export const VIEWER: UserSummary = {
  id: 'u_admin',
  name: 'Adam Admin',
  email: 'adam@example.com',
  roles: ['admin', 'super_admin'],
  status: 'active',
  lastLoginAt: '2026-11-20T09:00:00.000Z',
};

const TARGETS: Record<string, { id: string; name: string; email: string }> = {
  u_alice: { id: 'u_alice', name: 'Alice Analyst', email: 'alice@example.com' },
  u_bob: { id: 'u_bob', name: 'Bob Viewer', email: 'bob@example.com' },
};

/** A policy with a 30-minute limit and no idle time-out (account-admin style). */
export function testPolicy(session: Partial<Policy['session']> = {}, extra: Partial<Policy> = {}): Policy {
  return {
    preset: 'custom',
    permission: 'impersonate:users',
    canImpersonateAdmins: true,
    protectedRoles: [],
    requirePriorLogin: false,
    reason: { required: false, minLength: 0, maxLength: 500, categories: [] },
    stepUp: { required: false },
    consent: { required: false, minHours: 1, maxHours: 168, presetHours: [1, 24, 72] },
    session: { maxDurationSeconds: 30 * 60, idleTimeoutSeconds: null, restartAllowed: true, restartWindowSeconds: 600, ...session },
    blockedActions: ['billing.manage', 'auth.password_reset'],
    ...extra,
  };
}

/** The ApiClient method names. */
export type ApiMethod = keyof ApiClient;

/** One recorded call. */
export interface FakeCall {
  method: ApiMethod;
  args: unknown[];
}

/** The fake backend and its levers. */
export interface FakeServer {
  api: ApiClient;
  calls: FakeCall[];
  /** How many times `method` was called. */
  count(method: ApiMethod): number;
  /** The policy it answers with; tests may replace it before the client loads. */
  policy: Policy;
  /** The viewer's active session, after lazy expiry. */
  current(): Session | null;
  /** Ends the active session server-side (another admin, a revoked consent, a suspended target). */
  endActive(reason: EndReason): void;
  /** The next call of `method` fails with `error`. */
  failNext(method: ApiMethod, error: ImpersonationError): void;
  /** The next call of `method` is carried out, but its answer is lost: the caller gets `error` (default network_error). */
  loseNext(method: ApiMethod, error?: ImpersonationError): void;
  /** Every call fails with `network_error` while true. */
  offline: boolean;
  /** Calls of `method` wait until the returned function is called. */
  hold(method: ApiMethod): () => void;
}

/** A client clock `offsetMs` off the test clock, sharing its timers. */
export function offsetClock(clock: Clock, offsetMs: number): Clock {
  return {
    now: () => clock.now() + offsetMs,
    setTimeout: (callback, ms) => clock.setTimeout(callback, ms),
    clearTimeout: (handle) => clock.clearTimeout(handle),
  };
}

/** A network failure as the real API client reports it. */
export function networkError(): ImpersonationError {
  return new ImpersonationError('network_error', 'Failed to fetch', 0);
}

/** Creates a fake backend on `serverClock` (the true time). */
export function createFakeServer(serverClock: Clock, policy: Policy = testPolicy()): FakeServer {
  const sessions = new Map<string, Session>();
  const byKey = new Map<string, string>();
  const failures = new Map<ApiMethod, ImpersonationError[]>();
  const losses = new Map<ApiMethod, ImpersonationError[]>();
  const holds = new Map<ApiMethod, Promise<void>>();
  let nextId = 1;
  let consent: Consent = { status: 'inactive', grantedAt: null, expiresAt: null, durationHours: null };

  const iso = (ms: number) => new Date(ms).toISOString();
  const now = () => serverClock.now();
  const copy = <T>(value: T): T => structuredClone(value);

  function sweep(): void {
    for (const session of sessions.values()) {
      if (session.status === 'active' && now() >= Date.parse(session.expiresAt)) {
        session.status = 'ended';
        session.endedAt = session.expiresAt;
        session.endReason = session.expiresBecause === 'idle' ? 'idle_timeout' : 'expired';
      }
    }
    if (consent.status === 'active' && consent.expiresAt && now() >= Date.parse(consent.expiresAt)) {
      consent = { ...consent, status: 'inactive' };
    }
  }

  function active(): Session | null {
    sweep();
    for (const session of sessions.values()) if (session.status === 'active') return session;
    return null;
  }

  function deadline(session: Session): void {
    const limits: Array<[number, Session['expiresBecause']]> = [];
    const { maxDurationSeconds, idleTimeoutSeconds } = server.policy.session;
    if (maxDurationSeconds !== null) limits.push([Date.parse(session.startedAt) + maxDurationSeconds * 1000, 'max_duration']);
    if (idleTimeoutSeconds !== null) limits.push([Date.parse(session.lastActivityAt) + idleTimeoutSeconds * 1000, 'idle']);
    if (limits.length === 0) limits.push([Date.parse(session.startedAt) + 8 * 3600_000, 'max_duration']);
    limits.sort((a, b) => a[0] - b[0]);
    const [at, because] = limits[0] as [number, Session['expiresBecause']];
    session.expiresAt = iso(at);
    session.expiresBecause = because;
  }

  function create(targetUserId: string, reason: string | null, restartOf: string | null): Session {
    const target = TARGETS[targetUserId];
    if (!target) throw new ImpersonationError('target_not_found', 'No such user', 404);
    const session: Session = {
      id: `imp_${nextId++}`,
      status: 'active',
      impersonator: { id: VIEWER.id, name: VIEWER.name, email: VIEWER.email },
      target,
      reason,
      reasonCategory: null,
      startedAt: iso(now()),
      lastActivityAt: iso(now()),
      expiresAt: '',
      expiresBecause: 'max_duration',
      endedAt: null,
      endReason: null,
      restartOf,
    };
    deadline(session);
    sessions.set(session.id, session);
    return session;
  }

  const answer = (session: Session): SessionResponse => ({ session: copy(session), serverTime: iso(now()) });
  const consentAnswer = (): ConsentResponse => ({ consent: copy(consent), serverTime: iso(now()) });
  const noSession = () => new ImpersonationError('no_active_session', 'No active session', 404);

  function call<T>(method: ApiMethod, args: unknown[], run: () => T): Promise<T> {
    server.calls.push({ method, args });
    const held = holds.get(method) ?? Promise.resolve();
    return held.then(() => {
      if (server.offline) throw networkError();
      const failure = failures.get(method)?.shift();
      if (failure) throw failure;
      const result = run();
      const loss = losses.get(method)?.shift();
      if (loss) throw loss;
      return result;
    });
  }

  const api: ApiClient = {
    getPolicy: () => call('getPolicy', [], () => copy(server.policy)),
    getViewer: () =>
      call('getViewer', [], () => {
        const session = active();
        return { user: copy(VIEWER), permissions: ['impersonate:users'], session: session && copy(session), serverTime: iso(now()) };
      }),
    getEligibility: (userIds) =>
      call('getEligibility', [userIds], () => userIds.map((userId) => ({ userId, allowed: true, denials: [], consentExpiresAt: null }))),
    startSession: (input, key) =>
      call('startSession', [input, key], () => {
        const known = key ? byKey.get(key) : undefined;
        const existing = known ? sessions.get(known) : undefined;
        if (existing) return answer(existing);
        if (active()) throw new ImpersonationError('already_impersonating', 'Already impersonating', 409);
        const session = create(input.targetUserId, input.reason ?? null, null);
        if (key) byKey.set(key, session.id);
        return answer(session);
      }),
    getCurrentSession: () =>
      call('getCurrentSession', [], () => {
        const session = active();
        if (!session) throw noSession();
        return answer(session);
      }),
    getSession: (id) =>
      call('getSession', [id], () => {
        sweep();
        const session = sessions.get(id);
        if (!session) throw new ImpersonationError('not_found', 'No such session', 404);
        return answer(session);
      }),
    recordActivity: () =>
      call('recordActivity', [], () => {
        const session = active();
        if (!session) throw noSession();
        session.lastActivityAt = iso(now());
        deadline(session);
        return answer(session);
      }),
    endSession: () =>
      call('endSession', [], () => {
        const session = active();
        if (!session) throw noSession();
        session.status = 'ended';
        session.endedAt = iso(now());
        session.endReason = 'ended';
        return answer(session);
      }),
    restartSession: (id, input, key) =>
      call('restartSession', [id, input, key], () => {
        const known = key ? byKey.get(key) : undefined;
        const existing = known ? sessions.get(known) : undefined;
        if (existing) return answer(existing);
        sweep();
        const previous = sessions.get(id);
        const { restartAllowed, restartWindowSeconds } = server.policy.session;
        const windowClosed = !previous?.endedAt || now() > Date.parse(previous.endedAt) + restartWindowSeconds * 1000;
        if (!previous || previous.status !== 'ended' || !restartAllowed || windowClosed || active()) {
          throw new ImpersonationError('restart_not_allowed', 'Restart not allowed', 409);
        }
        const session = create(previous.target.id, previous.reason, previous.id);
        if (key) byKey.set(key, session.id);
        return answer(session);
      }),
    listSessions: (query) => call('listSessions', [query], () => ({ items: [...sessions.values()].map(copy), nextCursor: null })),
    listEvents: (query) => call('listEvents', [query], () => ({ items: [], nextCursor: null })),
    getConsent: () =>
      call('getConsent', [], () => {
        sweep();
        return consentAnswer();
      }),
    putConsent: (durationHours) =>
      call('putConsent', [durationHours], () => {
        consent = { status: 'active', grantedAt: iso(now()), expiresAt: iso(now() + durationHours * 3600_000), durationHours };
        return consentAnswer();
      }),
    deleteConsent: () =>
      call('deleteConsent', [], () => {
        consent = { status: 'inactive', grantedAt: null, expiresAt: null, durationHours: null };
        return consentAnswer();
      }),
  };

  const server: FakeServer = {
    api,
    calls: [],
    count: (method) => server.calls.filter((entry) => entry.method === method).length,
    policy,
    current: () => {
      const session = active();
      return session && copy(session);
    },
    endActive(reason) {
      const session = active();
      if (!session) throw new Error('no active session to end');
      session.status = 'ended';
      session.endedAt = iso(now());
      session.endReason = reason;
    },
    failNext(method, error) {
      failures.set(method, [...(failures.get(method) ?? []), error]);
    },
    loseNext(method, error = networkError()) {
      losses.set(method, [...(losses.get(method) ?? []), error]);
    },
    offline: false,
    hold(method) {
      let release = () => {};
      holds.set(
        method,
        new Promise<void>((resolve) => {
          release = () => {
            holds.delete(method);
            resolve();
          };
        }),
      );
      return () => release();
    },
  };
  return server;
}

/** Lets every settled promise run its callbacks (the fake answers in microtasks). */
export function flush(): Promise<void> {
  // A macrotask runs only after every pending microtask chain has settled.
  return new Promise((resolve) => setImmediate(resolve));
}

/** A session as the server would send it, for the machine tests. */
export function makeSession(overrides: Partial<Session> = {}): Session {
  return {
    id: 'imp_1',
    status: 'active',
    impersonator: { id: VIEWER.id, name: VIEWER.name, email: VIEWER.email },
    target: { id: 'u_alice', name: 'Alice Analyst', email: 'alice@example.com' },
    reason: 'Ticket 4521',
    reasonCategory: null,
    startedAt: '2026-11-21T10:00:00.000Z',
    lastActivityAt: '2026-11-21T10:00:00.000Z',
    expiresAt: '2026-11-21T10:30:00.000Z',
    expiresBecause: 'max_duration',
    endedAt: null,
    endReason: null,
    restartOf: null,
    ...overrides,
  };
}
