// A small host app ("Acme Console") behind /api/app. While the viewer runs an active session it
// answers as the target, refuses blocked actions, and writes every call to the audit.
import type { UserSummary } from '@impersonate-kit/sdk';
import { redact } from '@impersonate-kit/sdk';
import { auditAction } from './audit';
import { isoAt } from './clock';
import type { RequestContext } from './context';
import { policyOf, requireObjectBody, requireViewer } from './context';
import { ApiError, errorResponse, fail } from './httpError';
import { newId } from './ids';
import type { Route } from './router';
import { json } from './router';
import { refreshDeadline } from './sessions';
import type { BackendResponse, SessionRecord } from './types';

/** The plans the sample billing endpoint accepts. */
export const BILLING_PLANS = ['Free', 'Team', 'Enterprise'] as const;

/** One endpoint of the sample app and the action keys a policy may block it by. */
interface AppEndpoint {
  method: Route['method'];
  path: string;
  actions: readonly string[];
  run: (ctx: RequestContext, actingAs: UserSummary, session: SessionRecord | null) => BackendResponse;
}

function requireName(body: Record<string, unknown>, field = 'name'): string {
  const value = body[field];
  if (typeof value !== 'string' || value.trim() === '' || value.trim().length > 100) fail('validation_failed', `"${field}" must be 1 to 100 characters.`, { field });
  return value.trim();
}

const endpoints: AppEndpoint[] = [
  {
    method: 'GET',
    path: '/me',
    actions: [],
    run: (_ctx, actingAs, session) => json({ user: structuredClone(actingAs), impersonator: session ? session.impersonator : null, sessionId: session?.id ?? null }),
  },
  { method: 'GET', path: '/users', actions: [], run: (ctx) => json({ items: structuredClone(ctx.db.state.users) }) },
  {
    method: 'GET',
    path: '/projects',
    actions: [],
    run: (ctx, actingAs) => json({ items: ctx.db.state.app.projects.filter((p) => p.ownerId === actingAs.id).reverse() }),
  },
  {
    method: 'POST',
    path: '/projects',
    actions: [],
    run: (ctx, actingAs) => {
      // Viewers only read: the target's permissions apply, never the impersonator's.
      if (!actingAs.roles.some((role) => role !== 'viewer')) fail('forbidden', 'Viewers cannot create projects.');
      const name = requireName(requireObjectBody(ctx));
      const project = { id: newId('prj'), ownerId: actingAs.id, name, createdAt: isoAt(ctx.now) };
      ctx.db.state.app.projects.push(project);
      return json({ project }, 201);
    },
  },
  {
    method: 'POST',
    path: '/api-keys',
    actions: ['api_keys.manage'],
    run: (ctx, actingAs) => {
      const name = requireName(requireObjectBody(ctx));
      const apiKey = { id: newId('key'), ownerId: actingAs.id, name, createdAt: isoAt(ctx.now) };
      ctx.db.state.app.apiKeys.push(apiKey);
      return json({ apiKey, secret: newId('ik_live') }, 201);
    },
  },
  {
    method: 'PUT',
    path: '/account/password',
    actions: ['auth.password_reset', 'profile.self'],
    run: (ctx) => {
      const body = requireObjectBody(ctx);
      if (typeof body.currentPassword !== 'string') fail('validation_failed', '"currentPassword" must be a string.', { field: 'currentPassword' });
      if (typeof body.newPassword !== 'string' || body.newPassword.length < 8) fail('validation_failed', '"newPassword" must be at least 8 characters.', { field: 'newPassword' });
      return json({ updated: true });
    },
  },
  {
    method: 'PUT',
    path: '/account/profile',
    actions: ['profile.self'],
    run: (ctx, actingAs) => {
      const name = requireName(requireObjectBody(ctx));
      const user = ctx.db.user(actingAs.id) ?? fail('not_found');
      user.name = name;
      return json({ user: structuredClone(user) });
    },
  },
  {
    method: 'PUT',
    path: '/billing',
    actions: ['billing.manage'],
    run: (ctx, actingAs) => {
      const plan = requireObjectBody(ctx).plan;
      if (typeof plan !== 'string' || !(BILLING_PLANS as readonly string[]).includes(plan)) fail('validation_failed', `"plan" must be one of: ${BILLING_PLANS.join(', ')}.`, { field: 'plan' });
      ctx.db.state.app.billing = { plan, updatedBy: actingAs.id };
      return json({ billing: ctx.db.state.app.billing });
    },
  },
  {
    method: 'PUT',
    path: '/team/settings',
    actions: ['team.settings'],
    run: (ctx) => {
      const app = ctx.db.state.app;
      app.teamSettings = { ...app.teamSettings, ...requireObjectBody(ctx) };
      return json({ settings: app.teamSettings });
    },
  },
];

/**
 * Runs one sample-app call: as the target while the viewer impersonates (blocked actions answer
 * 403 `blocked_during_impersonation`), then records it as `impersonation.action` with the body
 * redacted. Any such call also counts as activity for the idle timeout.
 */
export function runAppCall(ctx: RequestContext, endpoint: Pick<AppEndpoint, 'actions' | 'run'> | null): BackendResponse {
  const viewer = requireViewer(ctx);
  const session = ctx.db.activeSessionOf(viewer.id) ?? null;
  const actingAs = (session && ctx.db.user(session.target.id)) || viewer;
  let response: BackendResponse;
  try {
    if (!endpoint) fail('not_found');
    const blocked = session ? endpoint.actions.find((action) => policyOf(ctx).blockedActions.includes(action)) : undefined;
    if (blocked) fail('blocked_during_impersonation', undefined, { action: blocked });
    response = endpoint.run(ctx, actingAs, session);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    response = errorResponse(error);
  }
  if (session) {
    const body = ctx.body.ok && ctx.body.value !== undefined ? redact(ctx.body.value) : null;
    auditAction(ctx.db, session, ctx.now, { method: ctx.method, path: ctx.fullPath, status: response.status, body });
    session.lastActivityAt = isoAt(ctx.now);
    refreshDeadline(ctx.db, session);
  }
  return response;
}

/** The sample app's routes, relative to its base (default `/api/app`). */
export const appRoutes: Route[] = endpoints.map((endpoint) => ({ method: endpoint.method, path: endpoint.path, run: (ctx) => runAppCall(ctx, endpoint) }));

