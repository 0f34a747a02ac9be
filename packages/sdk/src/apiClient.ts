// Every endpoint of the contract as one typed method. Each answer is checked before it is returned.
import type { ApiClient, Clock } from './clientTypes';
import type { QueryValue } from './http';
import type { RestartSessionInput } from './types';
import { createRequester, pathSegment } from './http';
import {
  parseAuditEventPage,
  parseConsentResponse,
  parseEligibilityResponse,
  parsePolicy,
  parseSessionPage,
  parseSessionResponse,
  parseViewer,
} from './validate';

/** The JSON body of a restart: `{ stepUpCode }`, or `{}` when there is no second factor. */
export const restartBody = (input?: RestartSessionInput): RestartSessionInput => (input?.stepUpCode === undefined ? {} : { stepUpCode: input.stepUpCode });

/** Options of `createApiClient`. */
export interface ApiClientOptions {
  /** Default "/api/impersonation". */
  baseUrl?: string;
  /** The host's fetch; default `globalThis.fetch`, looked up at each call. */
  fetch?: typeof fetch;
  /** Drives request time-outs; default `systemClock`. */
  clock?: Clock;
  /** Fail with `timeout` after this many ms; default 15 000. */
  timeoutMs?: number;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
}

/** Creates the typed HTTP client for the contract's endpoints; every method throws ImpersonationError on failure. */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const request = createRequester(options);
  const get = <T>(path: string, parse: (value: unknown, status: number) => T, query?: Record<string, QueryValue>) =>
    request('GET', path, { query, parse });
  // Every path built from an id goes through pathSegment; the methods using it are async, so a
  // refused id rejects like any failed call instead of throwing where it is called.
  const sessionPath = (id: string, tail = '') => `/sessions/${pathSegment(id)}${tail}`;
  // Retries of a start or a restart carry the same key, so the server makes one session of them.
  const idempotent = (key: string | undefined) => (key ? { 'Idempotency-Key': key } : {});

  return {
    getPolicy: () => get('/policy', parsePolicy),
    getViewer: () => get('/viewer', parseViewer),
    // Nothing to ask about: no request at all.
    getEligibility: async (userIds) => (userIds.length ? (await get('/eligibility', parseEligibilityResponse, { userIds })).items : []),
    startSession: (input, key) => request('POST', '/sessions', { body: input, headers: idempotent(key), parse: parseSessionResponse }),
    getCurrentSession: () => get('/sessions/current', parseSessionResponse),
    getSession: async (id) => get(sessionPath(id), parseSessionResponse),
    recordActivity: () => request('POST', '/sessions/current/activity', { parse: parseSessionResponse }),
    endSession: () => request('DELETE', '/sessions/current', { parse: parseSessionResponse }),
    // Always a JSON body, `{}` when there is no second factor: the contract's bodies are application/json.
    restartSession: async (id, input, key) =>
      request('POST', sessionPath(id, '/restart'), {
        body: restartBody(input),
        headers: idempotent(key),
        parse: parseSessionResponse,
      }),
    listSessions: ({ role, cursor, limit }) => get('/sessions', parseSessionPage, { role, cursor, limit }),
    listEvents: async ({ sessionId, type, userId, cursor, limit }) =>
      get(sessionId === undefined ? '/audit' : sessionPath(sessionId, '/events'), parseAuditEventPage, { type, userId, cursor, limit }),
    getConsent: () => get('/consent', parseConsentResponse),
    putConsent: (durationHours) => request('PUT', '/consent', { body: { durationHours }, parse: parseConsentResponse }),
    deleteConsent: () => request('DELETE', '/consent', { parse: parseConsentResponse }),
  };
}
