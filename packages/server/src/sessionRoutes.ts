// The session endpoints of contract.md: start, current, heartbeat, end, one, restart, list.
import type { RequestContext } from './context';
import { objectBody, optionalString } from './body';
import { readPageQuery, toPage } from './cursor';
import { fail } from './errors';
import { endSession, refreshDeadline, toSession } from './lifecycle';
import type { Reply } from './start';
import { fingerprintOf, idempotencyKeyOf, replayIdempotent, startSession } from './start';
import { isoAt, msOf } from './time';
import type { SessionRecord } from './types';

/** The longest user id a request may name. */
export const MAX_ID_LENGTH = 200;

function answer(ctx: RequestContext, session: SessionRecord, status = 200): Reply {
  return { status, body: { session: toSession(session), serverTime: isoAt(ctx.now) } };
}

/** The viewer's active session, or null; one whose target became unavailable ends here as `target_unavailable`. */
export async function currentSession(ctx: RequestContext): Promise<SessionRecord | null> {
  const session = await ctx.tx.getActiveSession(ctx.viewer.id);
  if (!session) return null;
  const target = await ctx.deps.users.get(session.target.id);
  if (target && target.status === 'active') return session;
  await endSession(ctx, session, 'target_unavailable', ctx.now, session.target);
  return null;
}

/** True when the viewer may read this session: its impersonator, its target, or a permission holder. */
export async function canSeeSession(ctx: RequestContext, session: SessionRecord): Promise<boolean> {
  return session.impersonator.id === ctx.viewer.id || session.target.id === ctx.viewer.id || (await ctx.permitted());
}

/** The session `{id}` names if the viewer may see it; one they may not see answers 404 `not_found` exactly like a missing one. */
export async function visibleSession(ctx: RequestContext): Promise<SessionRecord> {
  const session = await ctx.tx.getSession(ctx.params.id ?? '');
  if (!session || !(await canSeeSession(ctx, session))) fail('not_found');
  return session;
}

async function start(ctx: RequestContext): Promise<Reply> {
  const body = objectBody(ctx.body);
  const targetUserId = body.targetUserId;
  if (typeof targetUserId !== 'string' || targetUserId.trim() === '' || targetUserId.length > MAX_ID_LENGTH) {
    fail('validation_failed', '"targetUserId" must be a non-empty string.', { field: 'targetUserId' });
  }
  const input = {
    targetUserId,
    reason: optionalString(body, 'reason'),
    reasonCategory: optionalString(body, 'reasonCategory', 200),
    stepUpCode: optionalString(body, 'stepUpCode', 200),
    restartOf: null,
  };
  const key = idempotencyKeyOf(ctx.headers);
  // The second factor is a credential, not part of what is asked: a retry may carry a fresh code.
  const fingerprint = await fingerprintOf(['start', targetUserId, input.reason ?? null, input.reasonCategory ?? null]);
  return (await replayIdempotent(ctx, key, fingerprint)) ?? startSession(ctx, input, key, fingerprint);
}

async function restart(ctx: RequestContext): Promise<Reply> {
  const stepUpCode = optionalString(objectBody(ctx.body), 'stepUpCode', 200);
  const id = ctx.params.id ?? '';
  const session = await ctx.tx.getSession(id);
  // Someone else's session answers like a missing one: a restart never reveals that it exists.
  if (!session || session.impersonator.id !== ctx.viewer.id) fail('not_found');
  const rawKey = idempotencyKeyOf(ctx.headers);
  // A restart's key is scoped to the session it restarts, so a key reused from a start never replays the wrong session.
  const key = rawKey === null ? null : `${rawKey}\nrestart ${id}`;
  const fingerprint = await fingerprintOf(['restart', id]);
  const replay = await replayIdempotent(ctx, key, fingerprint);
  if (replay) return replay;
  const { session: limits } = ctx.deps.policy;
  if (!limits.restartAllowed) fail('restart_not_allowed', 'The policy does not allow restarting sessions.');
  if (session.status === 'active') fail('restart_not_allowed', 'The session is still active.');
  if (session.restartedBy) fail('restart_not_allowed', 'The session was already restarted.', { restartedBy: session.restartedBy });
  if (ctx.now - msOf(session.endedAt ?? session.startedAt) > limits.restartWindowSeconds * 1000) {
    fail('restart_not_allowed', 'The restart window has passed.', { restartWindowSeconds: limits.restartWindowSeconds });
  }
  return startSession(
    ctx,
    { targetUserId: session.target.id, reason: session.reason ?? undefined, reasonCategory: session.reasonCategory ?? undefined, stepUpCode, restartOf: session },
    key,
    fingerprint,
  );
}

async function list(ctx: RequestContext): Promise<Reply> {
  const role = ctx.query.get('role');
  if (role !== 'impersonator' && role !== 'impersonated') fail('validation_failed', '"role" must be "impersonator" or "impersonated".', { field: 'role' });
  const scope = `sessions\n${role}\n${ctx.viewer.id}`;
  const page = readPageQuery(ctx.query, scope);
  const filter = role === 'impersonator' ? { impersonatorId: ctx.viewer.id } : { targetId: ctx.viewer.id };
  const rows = await ctx.tx.pageSessions(filter, { limit: page.limit + 1, before: page.before });
  const result = toPage(rows, page.limit, (s) => ({ at: msOf(s.startedAt), id: s.id }), scope, toSession);
  return { status: 200, body: { ...result, serverTime: isoAt(ctx.now) } };
}

async function requireCurrent(ctx: RequestContext): Promise<SessionRecord> {
  return (await currentSession(ctx)) ?? fail('no_active_session');
}

/** The routes under `/sessions`. */
export const sessionRoutes = [
  { method: 'POST', path: '/sessions', jsonRequired: true, run: start },
  { method: 'GET', path: '/sessions', run: list },
  { method: 'GET', path: '/sessions/current', run: async (ctx: RequestContext) => answer(ctx, await requireCurrent(ctx)) },
  {
    method: 'POST',
    path: '/sessions/current/activity',
    run: async (ctx: RequestContext) => {
      objectBody(ctx.body);
      return answer(ctx, await refreshDeadline(ctx, await requireCurrent(ctx), true));
    },
  },
  {
    method: 'DELETE',
    path: '/sessions/current',
    run: async (ctx: RequestContext) => {
      objectBody(ctx.body);
      return answer(ctx, await endSession(ctx, await requireCurrent(ctx), 'ended', ctx.now, ctx.viewer));
    },
  },
  { method: 'GET', path: '/sessions/:id', run: async (ctx: RequestContext) => answer(ctx, await visibleSession(ctx)) },
  { method: 'POST', path: '/sessions/:id/restart', run: restart },
] as const;
