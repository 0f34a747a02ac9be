// Starting a session, shared by POST /sessions and POST /sessions/{id}/restart: every start rule,
// the rate limit, the second factor, the one-active-session guarantee and idempotency.
import type { RequestContext } from './context';
import { auditStarted, toUserRef } from './audit';
import { ApiError, fail } from './errors';
import { IDEMPOTENCY_WINDOW_MS, activeConsent, deadlineOf, toSession } from './lifecycle';
import { acceptReason, assertNoDenial, checkStepUp, denialsFor, takeStartAttempt } from './rules';
import { ActiveSessionExistsError } from './store';
import { isoAt, newId } from './time';
import type { SessionRecord } from './types';

/** The header that makes a start safe to retry. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** Thrown inside a transaction to answer `error` AND roll back everything the transaction wrote. */
export class AbortWith extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
    this.name = 'AbortWith';
  }
}

/** A route's answer before it becomes a Response. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** What a start needs once the body has been read. */
export interface StartInput {
  targetUserId: string;
  reason: string | undefined;
  reasonCategory: string | undefined;
  stepUpCode: string | undefined;
  /** The ended session this one restarts. */
  restartOf: SessionRecord | null;
}

/** The request's `Idempotency-Key` (1..255 visible ASCII characters), or null; anything else answers 422. */
export function idempotencyKeyOf(headers: Headers): string | null {
  const key = headers.get(IDEMPOTENCY_HEADER)?.trim();
  if (!key) return null;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) fail('validation_failed', 'The Idempotency-Key must be 1 to 255 visible ASCII characters.', { field: 'Idempotency-Key' });
  return key;
}

/** A fingerprint of what a request asks for (SHA-256 of its canonical fields), to tell a retry from a different request. */
export async function fingerprintOf(fields: readonly (string | null)[]): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(fields)));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The earlier answer when this viewer sent the same key within 10 minutes: the same session as it
 * is now (201); the same key with a different body answers 422 `idempotency_key_reused`; else null.
 */
export async function replayIdempotent(ctx: RequestContext, key: string | null, fingerprint: string): Promise<Reply | null> {
  if (key === null) return null;
  const record = await ctx.tx.getIdempotency(ctx.viewer.id, key);
  if (!record || ctx.now - record.at >= IDEMPOTENCY_WINDOW_MS) return null;
  if (record.fingerprint !== fingerprint) fail('idempotency_key_reused');
  const session = await ctx.tx.getSession(record.sessionId);
  return session ? { status: 201, body: { session: toSession(session), serverTime: isoAt(ctx.now) } } : null;
}

/**
 * Checks every rule in order (eligibility, reason, rate limit, second factor) and starts the
 * session. The rate limit counts every attempt that reaches it, refused or not, so it commits
 * even when the second factor then fails.
 */
export async function startSession(ctx: RequestContext, input: StartInput, key: string | null, fingerprint: string): Promise<Reply> {
  const { tx, deps, viewer, now } = ctx;
  const active = await tx.getActiveSession(viewer.id);
  const target = await deps.users.get(input.targetUserId);
  assertNoDenial(await denialsFor(ctx, { viewer, permitted: await ctx.permitted(), impersonating: active !== null }, input.targetUserId, target));
  if (!target) return fail('target_not_found');
  const { reason, category } = acceptReason(deps.policy, input.reason, input.reasonCategory);
  await takeStartAttempt(ctx, viewer.id);
  await checkStepUp(deps, viewer.id, input.stepUpCode);

  const startedAt = isoAt(now);
  const deadline = deadlineOf(deps.policy, { startedAt, lastActivityAt: startedAt }, await activeConsent(ctx, target.id));
  const session: SessionRecord = {
    id: newId('imp', now),
    status: 'active',
    impersonator: toUserRef(viewer),
    target: toUserRef(target),
    reason,
    reasonCategory: category,
    startedAt,
    lastActivityAt: startedAt,
    expiresAt: isoAt(deadline.at),
    expiresBecause: deadline.because,
    endedAt: null,
    endReason: null,
    restartOf: input.restartOf?.id ?? null,
    restartedBy: null,
  };
  // Conditional writes first: losing either race must leave nothing behind, the attempt included.
  if (input.restartOf && !(await tx.markRestarted(input.restartOf.id, session.id))) throw new AbortWith(new ApiError('restart_not_allowed', 'The session was already restarted.'));
  try {
    await tx.insertSession(session);
  } catch (error) {
    if (error instanceof ActiveSessionExistsError) throw new AbortWith(new ApiError('already_impersonating'));
    throw error;
  }
  const event = await auditStarted(ctx, session);
  if (key !== null) await tx.putIdempotency(viewer.id, key, { sessionId: session.id, fingerprint, at: now });
  ctx.notes.push({ hook: 'onSessionStarted', payload: { session: toSession(session), event } });
  return { status: 201, body: { session: toSession(session), serverTime: isoAt(now) } };
}
