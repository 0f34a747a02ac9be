// DEMO ONLY — not part of the impersonation contract and never in a product. The demo bar's
// controls: sign in as anyone in the cast, switch the policy preset, fast-forward the server
// clock, start over; and the signed-in user's notifications. Everything but the cast and sign-in
// needs a valid demo token, and every body is checked like any other hostile input.
import type { PresetName } from '@impersonate-kit/server';
import { ApiError, PRESET_NAMES, readJsonBody } from '@impersonate-kit/server';
import { STEP_UP_CODE } from '@impersonate-kit/mock-api';
import type { DemoTokens } from './demoAuth';
import type { DemoWorld } from './demoWorld';

/** Where the demo-only API is mounted. */
export const DEMO_API_BASE = '/demo-api';

/** The longest single fast-forward: a week, the longest consent. */
export const MAX_FAST_FORWARD_MS = 7 * 24 * 60 * 60_000;

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' },
  });
}

function errorJson(error: ApiError): Response {
  return json({ error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } }, error.status);
}

async function objectBody(request: Request): Promise<Record<string, unknown>> {
  const value = await readJsonBody(request, { required: true });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ApiError('validation_failed', 'The body must be a JSON object.');
  return value as Record<string, unknown>;
}

function presetOf(value: unknown): PresetName {
  if (typeof value !== 'string' || !(PRESET_NAMES as readonly string[]).includes(value)) {
    throw new ApiError('validation_failed', `"preset" must be one of: ${PRESET_NAMES.join(', ')}.`, { field: 'preset' });
  }
  return value as PresetName;
}

/** The demo-only API as one Web handler. */
export function createDemoApi(world: DemoWorld, tokens: DemoTokens): (request: Request) => Promise<Response> {
  /** The signed-in (real) user of a request; 401 otherwise. */
  const signedIn = (request: Request) => {
    const userId = tokens.userOf(request);
    const user = userId === null ? undefined : world.users().find((u) => u.id === userId);
    if (!user || user.status !== 'active') throw new ApiError('unauthenticated');
    return user;
  };

  const state = () => ({ preset: world.preset, presets: PRESET_NAMES, serverTime: new Date(world.clock.now()).toISOString(), stepUpCode: STEP_UP_CODE });

  const routes: Record<string, (request: Request) => Promise<Response> | Response> = {
    'GET /cast': () => json({ items: world.users() }),
    'POST /sign-in': async (request) => {
      const { userId } = await objectBody(request);
      const user = typeof userId === 'string' ? world.users().find((u) => u.id === userId) : undefined;
      if (!user) throw new ApiError('not_found', 'No such user in the demo.', { field: 'userId' });
      if (user.status !== 'active') throw new ApiError('forbidden', `${user.name} is ${user.status} and cannot sign in.`);
      return json({ token: tokens.issue(user.id), user });
    },
    'GET /me': (request) => json({ user: signedIn(request) }),
    'GET /state': () => json(state()),
    'PUT /preset': async (request) => {
      signedIn(request);
      await world.setPreset(presetOf((await objectBody(request)).preset));
      return json(state());
    },
    'POST /clock/advance': async (request) => {
      signedIn(request);
      const { ms } = await objectBody(request);
      if (typeof ms !== 'number' || !Number.isInteger(ms) || ms <= 0 || ms > MAX_FAST_FORWARD_MS) {
        throw new ApiError('validation_failed', `"ms" must be a whole number of milliseconds, 1 to ${MAX_FAST_FORWARD_MS}.`, { field: 'ms' });
      }
      world.clock.advance(ms);
      return json(state());
    },
    'POST /reset': async (request) => {
      signedIn(request);
      const body = await objectBody(request);
      await world.reset(body.preset === undefined ? undefined : presetOf(body.preset));
      return json(state());
    },
    'GET /notifications': (request) => {
      const items = world.inboxes.list(signedIn(request).id);
      return json({ items, unread: items.filter((item) => !item.read).length });
    },
    'POST /notifications/read': (request) => {
      world.inboxes.markAllRead(signedIn(request).id);
      return json({ unread: 0 });
    },
  };

  return async (request) => {
    const path = new URL(request.url).pathname.slice(DEMO_API_BASE.length).replace(/\/+$/, '') || '/';
    const route = routes[`${request.method.toUpperCase()} ${path}`];
    try {
      if (!route) throw new ApiError('not_found');
      return await route(request);
    } catch (error) {
      if (error instanceof ApiError) return errorJson(error);
      console.error('[demo] demo API failed', error);
      return errorJson(new ApiError('internal_error'));
    }
  };
}
