// Who is calling, the policy in force, and whom they may impersonate.
import type { Eligibility, UserSummary, Viewer } from '@impersonate-kit/sdk';
import { IMPERSONATE_PERMISSION } from '@impersonate-kit/sdk';
import type { RequestContext } from './context';
import { fail } from './errors';
import { activeConsent, toSession } from './lifecycle';
import { denialsFor } from './rules';
import { currentSession, MAX_ID_LENGTH } from './sessionRoutes';
import type { Reply } from './start';
import { isoAt } from './time';

/** The most user ids one eligibility call may ask about. */
export const MAX_ELIGIBILITY_IDS = 100;

async function viewer(ctx: RequestContext): Promise<Reply> {
  const session = await currentSession(ctx);
  const answer: Viewer = {
    user: structuredClone(ctx.viewer),
    permissions: (await ctx.permitted()) ? [IMPERSONATE_PERMISSION] : [],
    session: session ? toSession(session) : null,
    serverTime: isoAt(ctx.now),
  };
  return { status: 200, body: answer };
}

async function usersOf(ctx: RequestContext, ids: readonly string[]): Promise<(UserSummary | null)[]> {
  const { users } = ctx.deps;
  return users.getMany ? users.getMany(ids) : Promise.all(ids.map((id) => users.get(id)));
}

async function eligibility(ctx: RequestContext): Promise<Reply> {
  // Without the permission there is no per-user answer: nothing about any target leaks.
  const permitted = await ctx.permitted();
  if (!permitted) fail('forbidden', 'Eligibility needs the impersonate:users permission.');
  const raw = ctx.query.get('userIds') ?? '';
  const ids = [...new Set(raw.split(',').map((id) => id.trim()).filter(Boolean))];
  if (ids.length === 0) fail('validation_failed', '"userIds" must name at least one user.', { field: 'userIds' });
  if (ids.length > MAX_ELIGIBILITY_IDS) fail('validation_failed', `"userIds" may name at most ${MAX_ELIGIBILITY_IDS} users.`, { field: 'userIds', max: MAX_ELIGIBILITY_IDS });
  if (ids.some((id) => id.length > MAX_ID_LENGTH)) fail('validation_failed', 'A user id is too long.', { field: 'userIds' });
  const targets = await usersOf(ctx, ids);
  const impersonating = (await currentSession(ctx)) !== null;
  const consentMatters = ctx.deps.policy.consent.required;
  const items: Eligibility[] = [];
  for (const [i, userId] of ids.entries()) {
    const denials = await denialsFor(ctx, { viewer: ctx.viewer, permitted, impersonating }, userId, targets[i] ?? null);
    const consent = consentMatters && targets[i] ? await activeConsent(ctx, userId) : null;
    items.push({ userId, allowed: denials.length === 0, denials, consentExpiresAt: consent?.expiresAt ?? null });
  }
  return { status: 200, body: { items, serverTime: isoAt(ctx.now) } };
}

/** `/policy`, `/viewer` and `/eligibility`. */
export const viewerRoutes = [
  { method: 'GET', path: '/policy', run: async (ctx: RequestContext): Promise<Reply> => ({ status: 200, body: structuredClone(ctx.deps.policy) }) },
  { method: 'GET', path: '/viewer', run: viewer },
  { method: 'GET', path: '/eligibility', run: eligibility },
] as const;
