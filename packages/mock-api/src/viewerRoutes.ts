// Who is calling, the policy in force, and whom they may impersonate.
import type { Eligibility, Viewer } from '@impersonate-kit/sdk';
import { IMPERSONATE_PERMISSION } from '@impersonate-kit/sdk';
import { isoAt } from './clock';
import type { RequestContext } from './context';
import { policyOf, requireViewer } from './context';
import { fail } from './httpError';
import type { Route } from './router';
import { json } from './router';
import { denialsFor, hasPermission } from './rules';
import { activeConsent, toSession } from './sessions';

/** The most user ids one eligibility call may ask about. */
export const MAX_ELIGIBILITY_IDS = 100;

function viewer(ctx: RequestContext) {
  const user = requireViewer(ctx);
  const session = ctx.db.activeSessionOf(user.id);
  const answer: Viewer = {
    user: structuredClone(user),
    permissions: hasPermission(ctx.db, user) ? [IMPERSONATE_PERMISSION] : [],
    session: session ? toSession(session) : null,
    serverTime: isoAt(ctx.now),
  };
  return json(answer);
}

function eligibility(ctx: RequestContext) {
  const user = requireViewer(ctx);
  const raw = ctx.query.get('userIds');
  const ids = [...new Set((raw ?? '').split(',').map((id) => id.trim()).filter(Boolean))];
  if (ids.length === 0) fail('validation_failed', '"userIds" must name at least one user.', { field: 'userIds' });
  if (ids.length > MAX_ELIGIBILITY_IDS) fail('validation_failed', `"userIds" may name at most ${MAX_ELIGIBILITY_IDS} users.`, { field: 'userIds', max: MAX_ELIGIBILITY_IDS });
  const consentMatters = policyOf(ctx).consent.required;
  const items: Eligibility[] = ids.map((userId) => {
    const denials = denialsFor(ctx.db, user, userId, ctx.headers);
    const consent = consentMatters ? activeConsent(ctx.db, userId) : undefined;
    return { userId, allowed: denials.length === 0, denials, consentExpiresAt: consent?.expiresAt ?? null };
  });
  return json({ items, serverTime: isoAt(ctx.now) });
}

/** `/policy`, `/viewer` and `/eligibility`. */
export const viewerRoutes: Route[] = [
  {
    method: 'GET',
    path: '/policy',
    run: (ctx) => {
      requireViewer(ctx);
      return json(structuredClone(policyOf(ctx)));
    },
  },
  { method: 'GET', path: '/viewer', run: viewer },
  { method: 'GET', path: '/eligibility', run: eligibility },
];
