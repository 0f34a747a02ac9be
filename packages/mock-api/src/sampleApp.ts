// A small host app ("Acme Console") behind /api/app, built the way a host builds its API: each
// endpoint wrapped in the server's protect(), which acts as the target during a session, refuses
// blocked actions and audits every call. The app validates everything it stores.
import type { Actor, ImpersonationServer } from '@impersonate-kit/server';
import { ApiError, readJsonBody } from '@impersonate-kit/server';
import { isoAt } from './clock';
import { appId } from './seed';
import type { AppData, TeamSettings } from './types';
import type { UserSummary } from '@impersonate-kit/sdk';

/** The plans the sample billing endpoint accepts. */
export const BILLING_PLANS = ['Free', 'Team', 'Enterprise'] as const;
/** The roles a team may give new members by default. */
export const DEFAULT_ROLES: readonly TeamSettings['defaultRole'][] = ['member', 'viewer'];
/** The longest name the app stores. */
export const MAX_NAME_LENGTH = 100;

/** What the sample app reads and changes. */
export interface AppHost {
  app(): AppData;
  users(): UserSummary[];
  now(): number;
}

type Handler = (request: Request, actor: Actor, host: AppHost) => Promise<unknown> | unknown;

/** One endpoint of the sample app and the action keys a policy may block it by. */
interface AppEndpoint {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  actions: readonly string[];
  status?: number;
  run: Handler;
}

const invalid = (field: string, message: string): never => {
  throw new ApiError('validation_failed', message, { field });
};

async function objectOf(request: Request): Promise<Record<string, unknown>> {
  const value = await readJsonBody(request, { required: true });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return invalid('body', 'The body must be a JSON object.');
  return value as Record<string, unknown>;
}

function nameOf(body: Record<string, unknown>, field = 'name'): string {
  const value = body[field];
  if (typeof value !== 'string' || value.trim() === '' || value.trim().length > MAX_NAME_LENGTH || /\p{Cs}|\p{Cc}/u.test(value)) {
    invalid(field, `"${field}" must be 1 to ${MAX_NAME_LENGTH} characters.`);
  }
  return (value as string).trim();
}

/** Team settings accept only known keys with typed values, so one member's request cannot break them for everyone. */
function teamSettingsOf(body: Record<string, unknown>, current: TeamSettings): TeamSettings {
  const next = { ...current };
  for (const [key, value] of Object.entries(body)) {
    if (key === 'name') next.name = nameOf(body);
    else if (key === 'defaultRole') {
      if (!DEFAULT_ROLES.includes(value as TeamSettings['defaultRole'])) invalid(key, `"defaultRole" must be one of: ${DEFAULT_ROLES.join(', ')}.`);
      next.defaultRole = value as TeamSettings['defaultRole'];
    } else invalid(key, `Unknown setting "${key}".`);
  }
  return next;
}

const endpoints: AppEndpoint[] = [
  {
    method: 'GET',
    path: '/me',
    actions: [],
    run: (_request, actor) => ({ user: structuredClone(actor.user), impersonator: actor.session ? actor.session.impersonator : null, sessionId: actor.session?.id ?? null }),
  },
  { method: 'GET', path: '/users', actions: [], run: (_request, _actor, host) => ({ items: structuredClone(host.users()) }) },
  {
    method: 'GET',
    path: '/projects',
    actions: [],
    run: (_request, actor, host) => ({ items: host.app().projects.filter((p) => p.ownerId === actor.user.id).reverse() }),
  },
  {
    method: 'POST',
    path: '/projects',
    actions: [],
    status: 201,
    run: async (request, actor, host) => {
      // Viewers only read: the target's permissions apply, never the impersonator's.
      if (!actor.user.roles.some((role) => role !== 'viewer')) throw new ApiError('forbidden', 'Viewers cannot create projects.');
      const name = nameOf(await objectOf(request));
      const project = { id: appId('prj'), ownerId: actor.user.id, name, createdAt: isoAt(host.now()) };
      host.app().projects.push(project);
      return { project };
    },
  },
  {
    method: 'POST',
    path: '/api-keys',
    actions: ['api_keys.manage'],
    status: 201,
    run: async (request, actor, host) => {
      const name = nameOf(await objectOf(request));
      const apiKey = { id: appId('key'), ownerId: actor.user.id, name, createdAt: isoAt(host.now()) };
      host.app().apiKeys.push(apiKey);
      return { apiKey, secret: appId('ik_live') };
    },
  },
  {
    method: 'PUT',
    path: '/account/password',
    actions: ['auth.password_reset', 'profile.self'],
    run: async (request) => {
      const body = await objectOf(request);
      if (typeof body.currentPassword !== 'string') invalid('currentPassword', '"currentPassword" must be a string.');
      if (typeof body.newPassword !== 'string' || body.newPassword.length < 8 || body.newPassword.length > 200) invalid('newPassword', '"newPassword" must be 8 to 200 characters.');
      return { updated: true };
    },
  },
  {
    method: 'PUT',
    path: '/account/profile',
    actions: ['profile.self'],
    run: async (request, actor, host) => {
      const name = nameOf(await objectOf(request));
      const user = host.users().find((u) => u.id === actor.user.id);
      if (!user) throw new ApiError('not_found');
      user.name = name;
      return { user: structuredClone(user) };
    },
  },
  {
    method: 'PUT',
    path: '/billing',
    actions: ['billing.manage'],
    run: async (request, actor, host) => {
      const plan = (await objectOf(request)).plan;
      if (typeof plan !== 'string' || !(BILLING_PLANS as readonly string[]).includes(plan)) invalid('plan', `"plan" must be one of: ${BILLING_PLANS.join(', ')}.`);
      host.app().billing = { plan: plan as string, updatedBy: actor.user.id };
      return { billing: host.app().billing };
    },
  },
  {
    method: 'PUT',
    path: '/team/settings',
    actions: ['team.settings'],
    run: async (request, _actor, host) => {
      const app = host.app();
      app.teamSettings = teamSettingsOf(await objectOf(request), app.teamSettings);
      return { settings: app.teamSettings };
    },
  },
];

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** The sample app's routes, relative to its base (default `/api/app`). */
export const APP_ROUTES: readonly { method: AppEndpoint['method']; path: string }[] = endpoints.map(({ method, path }) => ({ method, path }));

/** The sample app as one Web handler over `server`: known endpoints, and 404 (still audited) for any other path. */
export function createSampleApp(server: ImpersonationServer, host: AppHost, basePath: string): (request: Request) => Promise<Response> {
  const routes = endpoints.map((endpoint) => ({
    endpoint,
    handler: server.protect(async (request, actor) => json(await endpoint.run(request, actor, host), endpoint.status), { action: () => endpoint.actions }),
  }));
  const unknown = server.protect(() => {
    throw new ApiError('not_found');
  });
  return (request) => {
    const path = new URL(request.url).pathname.replace(/\/+$/, '').slice(basePath.length) || '/';
    const found = routes.find(({ endpoint }) => endpoint.method === request.method.toUpperCase() && endpoint.path === path);
    return (found?.handler ?? unknown)(request);
  };
}
