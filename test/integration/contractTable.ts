// Every rule row and convention of contract.md as data: the same table runs over real HTTP
// (node:http + toNodeHandler) and through MSW, against a fresh mock backend per row.
import type { MockPreset } from '@impersonate-kit/mock-api';

/** How a table row reaches a backend. */
export interface ContractDriver {
  /** A fresh backend under `preset`; returns how to call it. */
  reset(preset: MockPreset): Promise<{ call: (step: Step) => Promise<{ status: number; body: unknown }>; advance: (ms: number) => void }>;
}

/** One request of a row. */
export interface Step {
  method: string;
  /** Relative to the origin, e.g. `/api/impersonation/sessions`. */
  path: string;
  as?: string | null;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  /** Moves the server clock before the request. */
  advanceMs?: number;
}

/** One rule: set-up steps, then the request that must be refused with `status` and `code`. */
export interface Row {
  rule: string;
  preset: MockPreset;
  setup?: Step[];
  request: Step;
  status: number;
  code: string;
}

const API = '/api/impersonation';
const start = (body: Record<string, unknown>, as = 'u_owner', headers?: Record<string, string>): Step => ({ method: 'POST', path: `${API}/sessions`, as, body, ...(headers ? { headers } : {}) });
const GOOD = { targetUserId: 'u_alice', reason: 'Reproducing a dashboard bug' };
const END: Step = { method: 'DELETE', path: `${API}/sessions/current`, as: 'u_owner' };

/** `{sessionId}` in a later step's path is replaced by the id of the first session a setup step started. */
export const SESSION_ID = '{sessionId}';

/** The contract's rules table and conventions, one row each. */
export const CONTRACT_TABLE: readonly Row[] = [
  { rule: 'not signed in', preset: 'account-admin', request: { method: 'GET', path: `${API}/viewer`, as: '' }, status: 401, code: 'unauthenticated' },
  { rule: 'viewer lacks impersonate:users', preset: 'account-admin', request: start({ ...GOOD, targetUserId: 'u_bob' }, 'u_alice'), status: 403, code: 'forbidden' },
  { rule: 'target is the viewer', preset: 'account-admin', request: start({ ...GOOD, targetUserId: 'u_owner' }), status: 403, code: 'self_impersonation' },
  { rule: 'viewer already runs an active session', preset: 'account-admin', setup: [start(GOOD)], request: start({ ...GOOD, targetUserId: 'u_bob' }), status: 409, code: 'already_impersonating' },
  { rule: 'an impersonated credential on any endpoint', preset: 'account-admin', request: { method: 'GET', path: `${API}/consent`, as: 'u_alice', headers: { 'X-Impersonating': '1' } }, status: 409, code: 'already_impersonating' },
  { rule: 'target is an admin', preset: 'enterprise', request: start({ targetUserId: 'u_ada', stepUpCode: '123456' }), status: 403, code: 'target_is_admin' },
  { rule: 'target has a protected role', preset: 'enterprise', request: start({ targetUserId: 'u_bill', stepUpCode: '123456' }), status: 403, code: 'target_protected_role' },
  { rule: 'no such user', preset: 'account-admin', request: start({ ...GOOD, targetUserId: 'u_ghost' }), status: 404, code: 'target_not_found' },
  { rule: 'target suspended', preset: 'account-admin', request: start({ ...GOOD, targetUserId: 'u_sam' }), status: 403, code: 'target_unavailable' },
  { rule: 'target never logged in', preset: 'account-admin', request: start({ ...GOOD, targetUserId: 'u_nora' }), status: 403, code: 'target_never_logged_in' },
  { rule: 'consent required and none active', preset: 'consent', request: start({ targetUserId: 'u_bob' }), status: 403, code: 'consent_required' },
  { rule: 'consent required and it lapsed', preset: 'consent', request: { ...start({ targetUserId: 'u_alice' }), advanceMs: 25 * 3_600_000 }, status: 403, code: 'consent_expired' },
  { rule: 'reason missing', preset: 'account-admin', request: start({ targetUserId: 'u_alice' }), status: 422, code: 'invalid_reason' },
  { rule: 'step-up missing', preset: 'enterprise', request: start({ targetUserId: 'u_alice' }), status: 403, code: 'step_up_required' },
  { rule: 'step-up wrong', preset: 'enterprise', request: start({ targetUserId: 'u_alice', stepUpCode: '000000' }), status: 403, code: 'step_up_invalid' },
  { rule: 'consent duration out of range', preset: 'consent', request: { method: 'PUT', path: `${API}/consent`, as: 'u_bob', body: { durationHours: 169 } }, status: 422, code: 'invalid_duration' },
  { rule: 'session operation with none active', preset: 'account-admin', request: { method: 'GET', path: `${API}/sessions/current`, as: 'u_owner' }, status: 404, code: 'no_active_session' },
  { rule: 'restart of a session still active', preset: 'account-admin', setup: [start(GOOD)], request: { method: 'POST', path: `${API}/sessions/${SESSION_ID}/restart`, as: 'u_owner' }, status: 409, code: 'restart_not_allowed' },
  { rule: 'restart later than the restart window', preset: 'account-admin', setup: [start(GOOD), END], request: { method: 'POST', path: `${API}/sessions/${SESSION_ID}/restart`, as: 'u_owner', advanceMs: 600_001 }, status: 409, code: 'restart_not_allowed' },
  { rule: 'restart without the second factor', preset: 'enterprise', setup: [start({ targetUserId: 'u_alice', stepUpCode: '123456' }), END], request: { method: 'POST', path: `${API}/sessions/${SESSION_ID}/restart`, as: 'u_owner', body: {} }, status: 403, code: 'step_up_required' },
  { rule: 'restart with a wrong second factor', preset: 'enterprise', setup: [start({ targetUserId: 'u_alice', stepUpCode: '123456' }), END], request: { method: 'POST', path: `${API}/sessions/${SESSION_ID}/restart`, as: 'u_owner', body: { stepUpCode: '1' } }, status: 403, code: 'step_up_invalid' },
  { rule: 'restart of a session that is not yours', preset: 'account-admin', setup: [start(GOOD), END], request: { method: 'POST', path: `${API}/sessions/${SESSION_ID}/restart`, as: 'u_admin' }, status: 404, code: 'not_found' },
  { rule: 'blocked action while impersonating', preset: 'account-admin', setup: [start(GOOD)], request: { method: 'POST', path: '/api/app/api-keys', as: 'u_owner', body: { name: 'CI' } }, status: 403, code: 'blocked_during_impersonation' },
  { rule: 'malformed JSON', preset: 'account-admin', request: { method: 'POST', path: `${API}/sessions`, as: 'u_owner', raw: '{"targetUserId":', headers: { 'Content-Type': 'application/json' } }, status: 422, code: 'validation_failed' },
  { rule: '10,000 levels of nesting', preset: 'account-admin', request: { method: 'POST', path: `${API}/sessions`, as: 'u_owner', raw: `{"targetUserId":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, headers: { 'Content-Type': 'application/json' } }, status: 422, code: 'validation_failed' },
  { rule: 'more than 10 starts a minute', preset: 'enterprise', setup: Array.from({ length: 10 }, () => start({ targetUserId: 'u_alice', stepUpCode: '0' })), request: start({ targetUserId: 'u_alice', stepUpCode: '123456' }), status: 429, code: 'rate_limited' },
  { rule: 'eligibility without the permission', preset: 'account-admin', request: { method: 'GET', path: `${API}/eligibility?userIds=u_bob`, as: 'u_alice' }, status: 403, code: 'forbidden' },
  { rule: 'audit without the permission', preset: 'account-admin', request: { method: 'GET', path: `${API}/audit`, as: 'u_alice' }, status: 403, code: 'forbidden' },
  { rule: 'Idempotency-Key reused with a different body', preset: 'account-admin', setup: [start(GOOD, 'u_owner', { 'Idempotency-Key': 'k1' })], request: start({ ...GOOD, reason: 'A different reason here' }, 'u_owner', { 'Idempotency-Key': 'k1' }), status: 422, code: 'idempotency_key_reused' },
  { rule: 'a session the viewer may not see', preset: 'account-admin', setup: [start(GOOD)], request: { method: 'GET', path: `${API}/sessions/${SESSION_ID}`, as: 'u_bob' }, status: 404, code: 'not_found' },
  { rule: 'no session with that id', preset: 'account-admin', request: { method: 'GET', path: `${API}/sessions/imp_missing`, as: 'u_owner' }, status: 404, code: 'not_found' },
  { rule: 'a path outside the contract', preset: 'account-admin', request: { method: 'GET', path: `${API}/nothing`, as: 'u_owner' }, status: 404, code: 'not_found' },
  { rule: 'a text/plain start', preset: 'account-admin', request: { method: 'POST', path: `${API}/sessions`, as: 'u_owner', raw: JSON.stringify(GOOD), headers: { 'Content-Type': 'text/plain' } }, status: 415, code: 'unsupported_media_type' },
  { rule: 'a body over 64 KiB', preset: 'account-admin', request: { method: 'POST', path: `${API}/sessions`, as: 'u_owner', raw: JSON.stringify({ ...GOOD, reason: 'é'.repeat(33_000) }), headers: { 'Content-Type': 'application/json' } }, status: 413, code: 'payload_too_large' },
];

/** Runs one row through a driver: the set-up, then the request; returns the answer. */
export async function runRow(driver: ContractDriver, row: Row): Promise<{ status: number; body: unknown }> {
  const backend = await driver.reset(row.preset);
  let sessionId = '';
  const resolve = (step: Step): Step => ({ ...step, path: step.path.replace(SESSION_ID, sessionId) });
  for (const step of row.setup ?? []) {
    if (step.advanceMs) backend.advance(step.advanceMs);
    const reply = await backend.call(resolve(step));
    const id = (reply.body as { session?: { id?: string } } | null)?.session?.id;
    if (!sessionId && id) sessionId = id;
  }
  if (row.request.advanceMs) backend.advance(row.request.advanceMs);
  return backend.call(resolve(row.request));
}

/** The fetch init of a step, with the demo bearer. */
export function initOf(step: Step): RequestInit {
  const headers: Record<string, string> = { ...step.headers };
  if (step.as !== undefined && step.as !== null) headers.Authorization = `Bearer demo:${step.as}`;
  let body: string | undefined = step.raw;
  if (body === undefined && step.body !== undefined) {
    body = JSON.stringify(step.body);
    headers['Content-Type'] ??= 'application/json';
  }
  return { method: step.method, headers, body };
}
