// Session lifecycle: deadlines, ending (exactly once), consent as the contract shows it, and the
// lazy sweep that makes expiry exact.
import type { Consent, EndReason, ExpiresBecause, Policy, Session, UserRef } from '@impersonate-kit/sdk';
import { auditConsent, auditEnded } from './audit';
import type { Work } from './context';
import { isoAt, msOf } from './time';
import type { ConsentRecord, SessionRecord } from './types';

/** How long an `Idempotency-Key` is remembered. */
export const IDEMPOTENCY_WINDOW_MS = 10 * 60_000;
/** The rate-limit window for starts. */
export const RATE_WINDOW_MS = 60_000;
/** Due items handled per request; a backlog drains over the next requests. */
const SWEEP_BATCH = 500;

/** The contract's view of a stored session. */
export function toSession(record: SessionRecord): Session {
  const { restartedBy: _restartedBy, ...session } = record;
  return { ...session };
}

/** The contract's view of a stored consent. */
export function toConsent(record: ConsentRecord | null, now: number): Consent {
  return record && record.status === 'active' && msOf(record.expiresAt) > now
    ? { status: 'active', grantedAt: record.grantedAt, expiresAt: record.expiresAt, durationHours: record.durationHours }
    : { status: 'inactive', grantedAt: null, expiresAt: null, durationHours: null };
}

/** The user's consent while it is active, else null. */
export async function activeConsent(work: Work, userId: string): Promise<ConsentRecord | null> {
  const consent = await work.tx.getConsent(userId);
  return consent?.status === 'active' && msOf(consent.expiresAt) > work.now ? consent : null;
}

/** The earliest of max duration, idle deadline and consent expiry, and which one it is. */
export function deadlineOf(policy: Policy, session: Pick<Session, 'startedAt' | 'lastActivityAt'>, consent: ConsentRecord | null): { at: number; because: ExpiresBecause } {
  const { session: limits } = policy;
  const candidates: { at: number; because: ExpiresBecause }[] = [];
  // Order breaks ties: a fixed limit or the consent explains an end better than idleness.
  if (limits.maxDurationSeconds !== null) candidates.push({ at: msOf(session.startedAt) + limits.maxDurationSeconds * 1000, because: 'max_duration' });
  if (policy.consent.required && consent) candidates.push({ at: msOf(consent.expiresAt), because: 'consent' });
  if (limits.idleTimeoutSeconds !== null) candidates.push({ at: msOf(session.lastActivityAt) + limits.idleTimeoutSeconds * 1000, because: 'idle' });
  let best = candidates[0];
  for (const candidate of candidates) if (best === undefined || candidate.at < best.at) best = candidate;
  // A policy always has a limit (resolvePolicy) and a start needs consent where it is required.
  return best ?? { at: msOf(session.startedAt), because: 'max_duration' };
}

/** Moves an active session's activity to now (unless `activity` is false) and recomputes its deadline; returns it as stored. */
export async function refreshDeadline(work: Work, session: SessionRecord, activity: boolean): Promise<SessionRecord> {
  const lastActivityAt = activity ? isoAt(work.now) : session.lastActivityAt;
  const consent = await activeConsent(work, session.target.id);
  const deadline = deadlineOf(work.deps.policy, { startedAt: session.startedAt, lastActivityAt }, consent);
  const updated = await work.tx.updateActiveSession(session.id, { lastActivityAt, expiresAt: isoAt(deadline.at), expiresBecause: deadline.because });
  return updated ?? session;
}

/**
 * Ends an active session at `atMs`: a conditional update whose winner alone writes
 * `impersonation.ended` and notifies `onSessionEnded`. Returns the session as it now is.
 */
export async function endSession(work: Work, session: SessionRecord, endReason: EndReason, atMs: number, actor: UserRef): Promise<SessionRecord> {
  const ended = await work.tx.updateActiveSession(session.id, { status: 'ended', endedAt: isoAt(atMs), endReason });
  if (!ended) return (await work.tx.getSession(session.id)) ?? session;
  const event = await auditEnded(work, ended, endReason, atMs, actor);
  work.notes.push({ hook: 'onSessionEnded', payload: { session: toSession(ended), event } });
  return ended;
}

/** Ends every active session that targets `userId` with `endReason`. */
export async function endSessionsTargeting(work: Work, userId: string, endReason: EndReason, actor?: UserRef): Promise<void> {
  for (const session of await work.tx.listActiveSessionsByTarget(userId)) await endSession(work, session, endReason, work.now, actor ?? session.target);
}

/**
 * Applies every time-based change due at `now`, in the order they happened: consents that lapsed
 * write `consent.expired`; sessions past `expiresAt` end as `expired` or `idle_timeout`, at that
 * instant. Runs at the start of every request, so any call at or after `expiresAt` sees the end.
 */
export async function sweep(work: Work): Promise<void> {
  const { tx, now } = work;
  const consents = await tx.listDueConsents(now, SWEEP_BATCH);
  const sessions = await tx.listDueSessions(now, SWEEP_BATCH);
  type Due = { at: number; order: number; apply: () => Promise<unknown> };
  const due: Due[] = [
    ...consents.map(({ userId, consent }) => ({
      at: msOf(consent.expiresAt),
      order: 0,
      apply: async () => {
        await tx.putConsent(userId, { ...consent, status: 'lapsed' });
        const user = await work.deps.users.get(userId);
        const event = await auditConsent(work, 'consent.expired', user ?? { id: userId, name: userId, email: '' }, msOf(consent.expiresAt));
        work.notes.push({ hook: 'onConsentChanged', payload: { userId, consent: toConsent(null, now), event } });
      },
    })),
    ...sessions.map((session) => ({
      at: msOf(session.expiresAt),
      order: 1,
      apply: () => endSession(work, session, session.expiresBecause === 'idle' ? 'idle_timeout' : 'expired', msOf(session.expiresAt), session.impersonator),
    })),
  ];
  due.sort((a, b) => a.at - b.at || a.order - b.order);
  for (const item of due) await item.apply();
}
