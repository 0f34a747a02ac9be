// Session lifecycle: deadlines, ending, and the lazy sweep that makes expiry exact.
import type { EndReason, ExpiresBecause, Session, UserRef } from '@impersonate-kit/sdk';
import { auditConsent, auditEnded } from './audit';
import { isoAt, msOf } from './clock';
import type { Db } from './db';
import type { ConsentRecord, SessionRecord } from './types';

/** How long an `Idempotency-Key` is remembered. */
export const IDEMPOTENCY_WINDOW_MS = 10 * 60_000;
/** The rate-limit window for starts. */
export const RATE_WINDOW_MS = 60_000;

/** The target's consent while it is active, else undefined. */
export function activeConsent(db: Db, userId: string): ConsentRecord | undefined {
  const consent = db.state.consents[userId];
  return consent?.status === 'active' ? consent : undefined;
}

/** The earliest of max duration, idle deadline and consent expiry, and which one it is. */
export function deadlineOf(db: Db, session: Pick<Session, 'startedAt' | 'lastActivityAt' | 'target'>): { at: number; because: ExpiresBecause } {
  const { session: limits, consent } = db.state.policy;
  const candidates: { at: number; because: ExpiresBecause }[] = [];
  // Order breaks ties: a fixed limit or the consent explains an end better than idleness.
  if (limits.maxDurationSeconds !== null) candidates.push({ at: msOf(session.startedAt) + limits.maxDurationSeconds * 1000, because: 'max_duration' });
  const granted = consent.required ? activeConsent(db, session.target.id) : undefined;
  if (granted) candidates.push({ at: msOf(granted.expiresAt), because: 'consent' });
  if (limits.idleTimeoutSeconds !== null) candidates.push({ at: msOf(session.lastActivityAt) + limits.idleTimeoutSeconds * 1000, because: 'idle' });
  let best = candidates[0];
  for (const candidate of candidates) if (best === undefined || candidate.at < best.at) best = candidate;
  // buildPolicy refuses policies without any limit; a start refuses targets without consent.
  return best ?? { at: msOf(session.startedAt), because: 'max_duration' };
}

/** Recomputes `expiresAt` and `expiresBecause` of an active session after its inputs moved. */
export function refreshDeadline(db: Db, session: SessionRecord): void {
  const deadline = deadlineOf(db, session);
  session.expiresAt = isoAt(deadline.at);
  session.expiresBecause = deadline.because;
}

/** Ends an active session at `atMs` and writes `impersonation.ended` (once: an ended session is left alone). */
export function endSession(db: Db, session: SessionRecord, endReason: EndReason, atMs: number, actor: UserRef): void {
  if (session.status !== 'active') return;
  session.status = 'ended';
  session.endedAt = isoAt(atMs);
  session.endReason = endReason;
  db.deactivate(session);
  auditEnded(db, session, endReason, atMs, actor);
}

/** The contract's view of a stored session. */
export function toSession(record: SessionRecord): Session {
  const { restartedBy: _restartedBy, ...session } = record;
  return { ...session };
}

type Due = { at: number; order: number; apply: () => void };

/**
 * Applies every time-based change due at `now`, in the order they happened: consents that lapsed
 * write `consent.expired`; sessions past `expiresAt` end as `expired` or `idle_timeout`, at that instant.
 * Runs before every request, so any call at or after `expiresAt` sees the session ended.
 */
export function sweep(db: Db, now: number): void {
  const due: Due[] = [];
  for (const [userId, consent] of Object.entries(db.state.consents)) {
    const at = msOf(consent.expiresAt);
    if (consent.status !== 'active' || at > now) continue;
    due.push({
      at,
      order: 0,
      apply: () => {
        consent.status = 'lapsed';
        const user = db.user(userId);
        if (user) auditConsent(db, 'consent.expired', user, at);
      },
    });
  }
  for (const session of db.activeSessions()) {
    const at = msOf(session.expiresAt);
    if (at > now) continue;
    due.push({ at, order: 1, apply: () => endSession(db, session, session.expiresBecause === 'idle' ? 'idle_timeout' : 'expired', at, session.impersonator) });
  }
  due.sort((a, b) => a.at - b.at || a.order - b.order);
  for (const item of due) item.apply();
  prune(db, now);
}

function prune(db: Db, now: number): void {
  const { idempotency, starts } = db.state;
  for (const [key, record] of Object.entries(idempotency)) {
    if (now - record.at >= IDEMPOTENCY_WINDOW_MS) delete idempotency[key];
  }
  for (const [viewerId, times] of Object.entries(starts)) {
    const recent = times.filter((t) => now - t < RATE_WINDOW_MS);
    if (recent.length === 0) delete starts[viewerId];
    else if (recent.length !== times.length) starts[viewerId] = recent;
  }
}

/** Ends every active session that targets `userId` (and, with `asImpersonator`, that it runs). */
export function endSessionsOf(db: Db, userId: string, now: number, reasons: { asTarget: EndReason; asImpersonator?: EndReason }, actor?: UserRef): void {
  for (const session of db.activeSessions()) {
    if (session.target.id === userId) endSession(db, session, reasons.asTarget, now, actor ?? session.target);
    else if (reasons.asImpersonator && session.impersonator.id === userId) endSession(db, session, reasons.asImpersonator, now, actor ?? session.impersonator);
  }
}
