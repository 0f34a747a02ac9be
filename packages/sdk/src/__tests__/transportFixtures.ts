// Valid contract answers and a fetch that records what it was asked, for the transport tests.
import type { AuditEvent, Consent, Eligibility, Policy, Session, UserSummary, Viewer } from '../types';

/** A valid active session, 30 minutes long. */
export const session: Session = {
  id: 'imp_1',
  status: 'active',
  impersonator: { id: 'u_admin', name: 'Adam Admin', email: 'adam@example.com' },
  target: { id: 'u_alice', name: 'Alice Analyst', email: 'alice@example.com' },
  reason: 'Ticket #4521: cannot see invoices',
  reasonCategory: null,
  startedAt: '2026-11-21T10:00:00.000Z',
  lastActivityAt: '2026-11-21T10:00:00.000Z',
  expiresAt: '2026-11-21T10:30:00.000Z',
  expiresBecause: 'max_duration',
  endedAt: null,
  endReason: null,
  restartOf: null,
};

/** The account-admin preset's policy. */
export const policy: Policy = {
  preset: 'account-admin',
  permission: 'impersonate:users',
  canImpersonateAdmins: true,
  protectedRoles: [],
  requirePriorLogin: true,
  reason: { required: true, minLength: 10, maxLength: 500, categories: [] },
  stepUp: { required: false },
  consent: { required: false, minHours: 1, maxHours: 168, presetHours: [1, 24, 72] },
  session: { maxDurationSeconds: 1800, idleTimeoutSeconds: null, restartAllowed: true, restartWindowSeconds: 600 },
  blockedActions: ['api_keys.manage', 'auth.sign_out'],
};

/** The admin who impersonates. */
export const adminSummary: UserSummary = {
  id: 'u_admin',
  name: 'Adam Admin',
  email: 'adam@example.com',
  roles: ['admin', 'super_admin'],
  status: 'active',
  lastLoginAt: '2026-11-20T08:00:00.000Z',
};

/** The admin, running `session`. */
export const viewer: Viewer = {
  user: adminSummary,
  permissions: ['impersonate:users'],
  session,
  serverTime: '2026-11-21T10:00:05.000Z',
};

/** Active consent for 24 hours. */
export const consent: Consent = {
  status: 'active',
  grantedAt: '2026-11-21T09:00:00.000Z',
  expiresAt: '2026-11-22T09:00:00.000Z',
  durationHours: 24,
};

/** A recorded request during `session`, body already redacted. */
export const actionEvent: AuditEvent = {
  id: 'evt_2',
  at: '2026-11-21T10:01:00.000Z',
  type: 'impersonation.action',
  sessionId: 'imp_1',
  actor: session.impersonator,
  impersonator: session.impersonator,
  impersonated: session.target,
  reason: session.reason,
  request: { method: 'POST', path: '/api/app/projects', status: 201, body: { name: 'Q4', token: '[REDACTED]' } },
  endReason: null,
};

/** Eligibility of one user: allowed unless denials are given. */
export function eligibility(userId: string, denials: Eligibility['denials'] = []): Eligibility {
  return { userId, allowed: denials.length === 0, denials, consentExpiresAt: null };
}

/** A JSON response, as a server would send it. */
export function json(body: unknown, status = 200, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), {
    ...init,
    status,
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) },
  });
}

/** One request as the fake fetch saw it. */
export interface RecordedCall {
  method: string;
  url: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  rawHeaders: Record<string, string>;
  body: unknown;
  signal: AbortSignal | undefined;
}

/** A fetch that records every call and answers with `respond` (by default `{}`). */
export function recordingFetch(respond: (call: RecordedCall) => Response | Promise<Response> = () => json({})) {
  const calls: RecordedCall[] = [];
  const fetchFn = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = String(input);
    const parsed = new URL(url, 'http://localhost');
    const rawHeaders = (init.headers ?? {}) as Record<string, string>;
    const call: RecordedCall = {
      method: init.method ?? 'GET',
      url,
      path: parsed.pathname,
      query: parsed.searchParams,
      headers: new Headers(rawHeaders),
      rawHeaders,
      body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : init.body,
      signal: init.signal ?? undefined,
    };
    calls.push(call);
    return respond(call);
  };
  return { fetch: fetchFn as typeof fetch, calls };
}
