// The viewer's own consent: read, grant or replace, revoke (which ends sessions that target them).
import type { Consent } from '@impersonate-kit/sdk';
import { auditConsent } from './audit';
import { isoAt } from './clock';
import type { RequestContext } from './context';
import { policyOf, requireObjectBody, requireViewer } from './context';
import type { Route } from './router';
import { json } from './router';
import { checkDuration } from './rules';
import { activeConsent, endSessionsOf, refreshDeadline } from './sessions';

const INACTIVE: Consent = { status: 'inactive', grantedAt: null, expiresAt: null, durationHours: null };

function answer(ctx: RequestContext, userId: string) {
  const record = activeConsent(ctx.db, userId);
  const consent: Consent = record
    ? { status: 'active', grantedAt: record.grantedAt, expiresAt: record.expiresAt, durationHours: record.durationHours }
    : INACTIVE;
  return json({ consent, serverTime: isoAt(ctx.now) });
}

function grant(ctx: RequestContext) {
  const viewer = requireViewer(ctx);
  const body = requireObjectBody(ctx);
  const durationHours = checkDuration(policyOf(ctx), body.durationHours);
  ctx.db.state.consents[viewer.id] = {
    status: 'active',
    grantedAt: isoAt(ctx.now),
    expiresAt: isoAt(ctx.now + durationHours * 3_600_000),
    durationHours,
  };
  auditConsent(ctx.db, 'consent.granted', viewer, ctx.now);
  // A replaced consent moves the cap of sessions already running as this user.
  for (const session of ctx.db.activeSessions()) if (session.target.id === viewer.id) refreshDeadline(ctx.db, session);
  return answer(ctx, viewer.id);
}

function revoke(ctx: RequestContext) {
  const viewer = requireViewer(ctx);
  requireObjectBody(ctx);
  const record = activeConsent(ctx.db, viewer.id);
  if (record) {
    record.status = 'revoked';
    auditConsent(ctx.db, 'consent.revoked', viewer, ctx.now);
    // Sessions rest on consent only where the policy requires it; elsewhere they run on.
    if (policyOf(ctx).consent.required) endSessionsOf(ctx.db, viewer.id, ctx.now, { asTarget: 'consent_revoked' }, viewer);
  }
  return answer(ctx, viewer.id);
}

/** The routes under `/consent`. */
export const consentRoutes: Route[] = [
  { method: 'GET', path: '/consent', run: (ctx) => answer(ctx, requireViewer(ctx).id) },
  { method: 'PUT', path: '/consent', run: grant },
  { method: 'DELETE', path: '/consent', run: revoke },
];
