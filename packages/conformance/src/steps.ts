// Small steps several groups of cases share, each with the check that makes it a step.
import type { Consent, Session } from '@impersonate-kit/sdk';
import type { As, CaseContext } from './context';
import { expectError, expectOk } from './expect';
import type { Reply } from './http';
import { check } from './outcome';
import { consentAnswer, expectShape, sessionAnswer, session as sessionShape } from './shapes';

/** POST /sessions with this preset's valid body for `target`, `extra` laid over it. */
export function postStart(t: CaseContext, as: As, target: string, extra?: Record<string, unknown>, headers?: Record<string, string>): Promise<Reply> {
  return t.api('POST', '/sessions', as, { json: t.startBody(target, extra), headers });
}

/** Requires that `as` runs no session (GET /sessions/current answers 404 no_active_session). */
export async function expectNoActiveSession(t: CaseContext, as: string, why: string): Promise<void> {
  const reply = await t.api('GET', '/sessions/current', as);
  check(reply.status === 404, () => `${why}: GET /sessions/current as ${as} saw ${reply.status} (a session is active) vs expected 404 no_active_session`);
  expectError(reply, 404, 'no_active_session');
}

/** GET /sessions/current that must answer 200 with the active session. */
export async function currentSession(t: CaseContext, as: string): Promise<Session> {
  const reply = await t.api('GET', '/sessions/current', as);
  return expectShape<{ session: Session }>(reply.request, expectOk(reply), sessionAnswer).session;
}

/** GET /consent as `as`, checked. */
export async function consentOf(t: CaseContext, as: string): Promise<Consent> {
  const reply = await t.api('GET', '/consent', as);
  return expectShape<{ consent: Consent }>(reply.request, expectOk(reply), consentAnswer).consent;
}

/** POST /sessions/{id}/restart as `as`, with an optional body. */
export function postRestart(t: CaseContext, as: As, id: string, json?: Record<string, unknown>): Promise<Reply> {
  return t.api('POST', `/sessions/${encodeURIComponent(id)}/restart`, as, json === undefined ? {} : { json });
}

/** The sessions `as` ran (`impersonator`) or that ran as them (`impersonated`), every page. */
export function sessionsOf(t: CaseContext, as: string, role: 'impersonator' | 'impersonated'): Promise<Session[]> {
  return t.listAll<Session>(`/sessions?role=${role}&limit=200`, as, sessionShape);
}

/** Epoch ms of an ISO time. */
export function ms(iso: string): number {
  return Date.parse(iso);
}
