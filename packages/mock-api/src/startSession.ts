// Starting a session, shared by POST /sessions and POST /sessions/{id}/restart.
import type { UserSummary } from '@impersonate-kit/sdk';
import { auditStarted, toUserRef } from './audit';
import { isoAt } from './clock';
import type { RequestContext } from './context';
import { fail } from './httpError';
import { newId } from './ids';
import { json } from './router';
import { assertAllowed, checkReason, checkStepUp, denialsFor, takeStartToken } from './rules';
import { IDEMPOTENCY_WINDOW_MS, refreshDeadline, toSession } from './sessions';
import type { BackendResponse, SessionRecord } from './types';

/** The header that makes a start safe to retry. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** What a start needs once the body has been read. */
export interface StartInput {
  targetUserId: string;
  reason: string | undefined;
  reasonCategory: string | undefined;
  stepUpCode: string | undefined;
  /** The ended session this one restarts. */
  restartOf: SessionRecord | null;
}

function idempotencyKey(ctx: RequestContext, viewer: UserSummary): string | null {
  const key = ctx.headers[IDEMPOTENCY_HEADER]?.trim();
  // A restart's key is scoped to the session it restarts, so a key reused from a start never replays the wrong session.
  const scope = ctx.params.id ? ` restart ${ctx.params.id}` : '';
  return key ? `${viewer.id} ${key}${scope}` : null;
}

/** The earlier answer when this viewer sent the same `Idempotency-Key` within 10 minutes, else null. */
export function replayIdempotent(ctx: RequestContext, viewer: UserSummary): BackendResponse | null {
  const key = idempotencyKey(ctx, viewer);
  const record = key ? ctx.db.state.idempotency[key] : undefined;
  if (!record || ctx.now - record.at >= IDEMPOTENCY_WINDOW_MS) return null;
  const session = ctx.db.session(record.sessionId);
  return session ? json({ session: toSession(session), serverTime: isoAt(ctx.now) }, 201) : null;
}

/**
 * Checks every rule in order (eligibility, reason, rate limit, second factor) and starts the
 * session. A restart skips the second factor: it was given for this target and reason at the
 * original start, and only that session's impersonator may restart it.
 */
export function startSession(ctx: RequestContext, viewer: UserSummary, input: StartInput): BackendResponse {
  const { db, now } = ctx;
  const policy = db.state.policy;
  assertAllowed(denialsFor(db, viewer, input.targetUserId, ctx.headers));
  const target = db.user(input.targetUserId) ?? fail('target_not_found');
  const { reason, category } = checkReason(policy, input.reason, input.reasonCategory);
  takeStartToken(db, viewer.id, now);
  if (!input.restartOf) checkStepUp(policy, input.stepUpCode);

  const startedAt = isoAt(now);
  const session: SessionRecord = {
    id: newId('imp'),
    status: 'active',
    impersonator: toUserRef(viewer),
    target: toUserRef(target),
    reason,
    reasonCategory: category,
    startedAt,
    lastActivityAt: startedAt,
    expiresAt: startedAt,
    expiresBecause: 'max_duration',
    endedAt: null,
    endReason: null,
    restartOf: input.restartOf?.id ?? null,
    restartedBy: null,
  };
  refreshDeadline(db, session);
  db.addSession(session);
  if (input.restartOf) input.restartOf.restartedBy = session.id;
  auditStarted(db, session);
  const key = idempotencyKey(ctx, viewer);
  if (key) db.state.idempotency[key] = { sessionId: session.id, at: now };
  return json({ session: toSession(session), serverTime: isoAt(now) }, 201);
}
