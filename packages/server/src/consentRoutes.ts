// The viewer's own consent: read, grant or replace, revoke (which ends sessions that rest on it).
import type { RequestContext } from './context';
import { auditConsent } from './audit';
import { objectBody } from './body';
import { endSessionsTargeting, refreshDeadline, toConsent } from './lifecycle';
import { checkDuration } from './rules';
import type { Reply } from './start';
import { isoAt } from './time';

async function answer(ctx: RequestContext): Promise<Reply> {
  return { status: 200, body: { consent: toConsent(await ctx.tx.getConsent(ctx.viewer.id), ctx.now), serverTime: isoAt(ctx.now) } };
}

async function grant(ctx: RequestContext): Promise<Reply> {
  const durationHours = checkDuration(ctx.deps.policy, objectBody(ctx.body).durationHours);
  const { tx, viewer, now } = ctx;
  const record = { status: 'active' as const, grantedAt: isoAt(now), expiresAt: isoAt(now + durationHours * 3_600_000), durationHours };
  await tx.putConsent(viewer.id, record);
  const event = await auditConsent(ctx, 'consent.granted', viewer, now);
  // A replaced consent moves the cap of sessions already running as this user.
  for (const session of await tx.listActiveSessionsByTarget(viewer.id)) await refreshDeadline(ctx, session, false);
  ctx.notes.push({ hook: 'onConsentChanged', payload: { userId: viewer.id, consent: toConsent(record, now), event } });
  return answer(ctx);
}

async function revoke(ctx: RequestContext): Promise<Reply> {
  objectBody(ctx.body);
  const { tx, viewer, now } = ctx;
  const record = await tx.getConsent(viewer.id);
  if (record && toConsent(record, now).status === 'active') {
    await tx.putConsent(viewer.id, { ...record, status: 'revoked' });
    const event = await auditConsent(ctx, 'consent.revoked', viewer, now);
    // Sessions rest on consent only where the policy requires it; elsewhere they run on.
    if (ctx.deps.policy.consent.required) await endSessionsTargeting(ctx, viewer.id, 'consent_revoked', viewer);
    ctx.notes.push({ hook: 'onConsentChanged', payload: { userId: viewer.id, consent: toConsent(null, now), event } });
  }
  return answer(ctx);
}

/** The routes under `/consent`. */
export const consentRoutes = [
  { method: 'GET', path: '/consent', run: answer },
  { method: 'PUT', path: '/consent', run: grant },
  { method: 'DELETE', path: '/consent', run: revoke },
] as const;
