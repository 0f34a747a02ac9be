// Reading the audit trail: one session's events, or the account's trail for permission holders.
import type { AuditEvent } from '@impersonate-kit/sdk';
import { AUDIT_EVENT_TYPES } from '@impersonate-kit/sdk';
import type { RequestContext } from './context';
import { requireViewer } from './context';
import { fail } from './httpError';
import type { Positions } from './pagination';
import { pageDown, readPageRequest } from './pagination';
import type { Route } from './router';
import { json } from './router';
import { hasPermission } from './rules';
import { visibleSession } from './sessionRoutes';

function names(event: AuditEvent, userId: string): boolean {
  return event.actor.id === userId || event.impersonator?.id === userId || event.impersonated?.id === userId;
}

/** A session's events: its impersonator, its target (every action that ran as them) or a permission holder. */
function sessionEvents(ctx: RequestContext) {
  const session = visibleSession(ctx, requireViewer(ctx));
  const request = readPageRequest(ctx.query);
  return json(pageDown(ctx.db.eventsBySession.get(session.id) ?? [], (p) => ctx.db.state.events[p], request));
}

/**
 * The account's trail, filtered by `type`, `sessionId` and `userId`. It walks the smallest index
 * that a filter names and checks the others per item, so a page costs about what it returns.
 */
function accountTrail(ctx: RequestContext) {
  const viewer = requireViewer(ctx);
  if (!hasPermission(ctx.db, viewer)) fail('forbidden', 'The audit trail needs the impersonate:users permission.');
  const request = readPageRequest(ctx.query);
  const type = ctx.query.get('type') || null;
  const sessionId = ctx.query.get('sessionId') || null;
  const userId = ctx.query.get('userId') || null;
  if (type !== null && !(AUDIT_EVENT_TYPES as readonly string[]).includes(type)) {
    fail('validation_failed', `"type" must be one of: ${AUDIT_EVENT_TYPES.join(', ')}.`, { field: 'type' });
  }
  const { db } = ctx;
  const candidates: (readonly number[])[] = [];
  if (type !== null) candidates.push(db.eventsByType.get(type) ?? []);
  if (sessionId !== null) candidates.push(db.eventsBySession.get(sessionId) ?? []);
  if (userId !== null) candidates.push(db.eventsByUser.get(userId) ?? []);
  const positions: Positions = candidates.reduce<Positions>((best, list) => ('all' in best || list.length < best.length ? list : best), { all: db.state.events.length });
  const accept = (event: AuditEvent) =>
    (type === null || event.type === type) && (sessionId === null || event.sessionId === sessionId) && (userId === null || names(event, userId));
  return json(pageDown(positions, (p) => db.state.events[p], request, accept));
}

/** `/sessions/{id}/events` and `/audit`. */
export const auditRoutes: Route[] = [
  { method: 'GET', path: '/sessions/:id/events', run: sessionEvents },
  { method: 'GET', path: '/audit', run: accountTrail },
];
