// Reading the audit trail: one session's events, or the account's trail for permission holders.
import type { AuditEvent, AuditEventType } from '@impersonate-kit/sdk';
import { AUDIT_EVENT_TYPES } from '@impersonate-kit/sdk';
import type { RequestContext } from './context';
import { readPageQuery, toPage } from './cursor';
import { fail } from './errors';
import type { EventFilter } from './store';
import { visibleSession } from './sessionRoutes';
import type { Reply } from './start';
import { msOf } from './time';

const eventKey = (e: AuditEvent) => ({ at: msOf(e.at), id: e.id });

async function page(ctx: RequestContext, filter: EventFilter, scope: string): Promise<Reply> {
  const query = readPageQuery(ctx.query, scope);
  const rows = await ctx.tx.pageEvents(filter, { limit: query.limit + 1, before: query.before });
  return { status: 200, body: toPage(rows, query.limit, eventKey, scope, (e) => e) };
}

/** A session's events: its impersonator, its target (every action that ran as them) or a permission holder. */
async function sessionEvents(ctx: RequestContext): Promise<Reply> {
  const session = await visibleSession(ctx);
  return page(ctx, { sessionId: session.id }, `events\n${session.id}`);
}

/** The account's trail, filtered by `type`, `sessionId` and `userId`. */
async function accountTrail(ctx: RequestContext): Promise<Reply> {
  if (!(await ctx.permitted())) fail('forbidden', 'The audit trail needs the impersonate:users permission.');
  const type = ctx.query.get('type') || undefined;
  const sessionId = ctx.query.get('sessionId') || undefined;
  const userId = ctx.query.get('userId') || undefined;
  if (type !== undefined && !(AUDIT_EVENT_TYPES as readonly string[]).includes(type)) {
    fail('validation_failed', `"type" must be one of: ${AUDIT_EVENT_TYPES.join(', ')}.`, { field: 'type' });
  }
  if ((sessionId?.length ?? 0) > 200 || (userId?.length ?? 0) > 200) fail('validation_failed', 'A filter is too long.');
  const filter: EventFilter = { type: type as AuditEventType | undefined, sessionId, userId };
  return page(ctx, filter, `audit\n${type ?? ''}\n${sessionId ?? ''}\n${userId ?? ''}`);
}

/** `/sessions/{id}/events` and `/audit`. */
export const auditRoutes = [
  { method: 'GET', path: '/sessions/:id/events', run: sessionEvents },
  { method: 'GET', path: '/audit', run: accountTrail },
] as const;
