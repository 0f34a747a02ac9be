// The session endpoints of contract.md: start, current, heartbeat, end, one, restart, list.
import type { UserSummary } from '@impersonate-kit/sdk';
import { isoAt } from './clock';
import type { RequestContext } from './context';
import { optionalString, policyOf, requireObjectBody, requireViewer } from './context';
import type { Db } from './db';
import { fail } from './httpError';
import { pageDown, readPageRequest } from './pagination';
import type { Route } from './router';
import { json } from './router';
import { hasPermission } from './rules';
import { endSession, refreshDeadline, toSession } from './sessions';
import { replayIdempotent, startSession } from './startSession';
import type { SessionRecord } from './types';

/** True when the viewer may read this session: its impersonator, its target, or a permission holder. */
export function canSeeSession(db: Db, viewer: UserSummary, session: SessionRecord): boolean {
  return session.impersonator.id === viewer.id || session.target.id === viewer.id || hasPermission(db, viewer);
}

/** The session `{id}` names, if the viewer may see it: 404 `not_found`, 403 `forbidden`. */
export function visibleSession(ctx: RequestContext, viewer: UserSummary): SessionRecord {
  const session = ctx.db.session(ctx.params.id ?? '') ?? fail('not_found', 'No such session.');
  if (!canSeeSession(ctx.db, viewer, session)) fail('forbidden', 'Only its impersonator, its target or an admin may see this session.');
  return session;
}

function answer(ctx: RequestContext, session: SessionRecord, status = 200) {
  return json({ session: toSession(session), serverTime: isoAt(ctx.now) }, status);
}

function current(ctx: RequestContext, viewer: UserSummary): SessionRecord {
  return ctx.db.activeSessionOf(viewer.id) ?? fail('no_active_session');
}

function start(ctx: RequestContext) {
  const viewer = requireViewer(ctx);
  const body = requireObjectBody(ctx);
  const targetUserId = body.targetUserId;
  if (typeof targetUserId !== 'string' || targetUserId.trim() === '') fail('validation_failed', '"targetUserId" must be a non-empty string.', { field: 'targetUserId' });
  const input = {
    targetUserId,
    reason: optionalString(body, 'reason'),
    reasonCategory: optionalString(body, 'reasonCategory'),
    stepUpCode: optionalString(body, 'stepUpCode'),
    restartOf: null,
  };
  return replayIdempotent(ctx, viewer) ?? startSession(ctx, viewer, input);
}

function restart(ctx: RequestContext) {
  const viewer = requireViewer(ctx);
  requireObjectBody(ctx);
  const replay = replayIdempotent(ctx, viewer);
  if (replay) return replay;
  const session = ctx.db.session(ctx.params.id ?? '') ?? fail('not_found', 'No such session.');
  if (session.impersonator.id !== viewer.id) fail('restart_not_allowed', 'Only the impersonator of a session can restart it.');
  if (!policyOf(ctx).session.restartAllowed) fail('restart_not_allowed', 'The policy does not allow restarting sessions.');
  if (session.status === 'active') fail('restart_not_allowed', 'The session is still active.');
  if (session.restartedBy) fail('restart_not_allowed', 'The session was already restarted.', { restartedBy: session.restartedBy });
  return startSession(ctx, viewer, {
    targetUserId: session.target.id,
    reason: session.reason ?? undefined,
    reasonCategory: session.reasonCategory ?? undefined,
    stepUpCode: undefined,
    restartOf: session,
  });
}

function list(ctx: RequestContext) {
  const viewer = requireViewer(ctx);
  const role = ctx.query.get('role');
  if (role !== 'impersonator' && role !== 'impersonated') fail('validation_failed', '"role" must be "impersonator" or "impersonated".', { field: 'role' });
  const request = readPageRequest(ctx.query);
  const index = role === 'impersonator' ? ctx.db.sessionsByImpersonator : ctx.db.sessionsByTarget;
  const page = pageDown(index.get(viewer.id) ?? [], (p) => ctx.db.state.sessions[p], request, () => true, toSession);
  return json({ ...page, serverTime: isoAt(ctx.now) });
}

/** The routes under `/sessions`. */
export const sessionRoutes: Route[] = [
  { method: 'POST', path: '/sessions', run: start },
  { method: 'GET', path: '/sessions', run: list },
  { method: 'GET', path: '/sessions/current', run: (ctx) => answer(ctx, current(ctx, requireViewer(ctx))) },
  {
    method: 'POST',
    path: '/sessions/current/activity',
    run: (ctx) => {
      const viewer = requireViewer(ctx);
      requireObjectBody(ctx);
      const session = current(ctx, viewer);
      session.lastActivityAt = isoAt(ctx.now);
      refreshDeadline(ctx.db, session);
      return answer(ctx, session);
    },
  },
  {
    method: 'DELETE',
    path: '/sessions/current',
    run: (ctx) => {
      const viewer = requireViewer(ctx);
      requireObjectBody(ctx);
      const session = current(ctx, viewer);
      endSession(ctx.db, session, 'ended', ctx.now, viewer);
      return answer(ctx, session);
    },
  },
  { method: 'GET', path: '/sessions/:id', run: (ctx) => answer(ctx, visibleSession(ctx, requireViewer(ctx))) },
  { method: 'POST', path: '/sessions/:id/restart', run: restart },
];
