// One impersonation server for the whole app, imported by every route handler and server component.
import { createImpersonationServer, createMemoryStore } from '@impersonate-kit/server';
import type { Actor, ImpersonationServer } from '@impersonate-kit/server';
import { headers } from 'next/headers';
import { authenticate } from './auth';
import { findUser } from './directory';

function create(): ImpersonationServer {
  return createImpersonationServer({
    // One process: memory. Several instances share createPostgresStore() from '@impersonate-kit/server/postgres'.
    store: createMemoryStore(),
    policy: 'account-admin',
    users: { get: async (id) => findUser(id) },
    hasPermission: (user) => user.roles.includes('admin'),
    authenticate: async (request) => authenticate(request),
  });
}

// Kept on globalThis: Next may load this module once per route bundle, and every route must share one store.
const globals = globalThis as { impersonation?: ImpersonationServer };

/** The app's impersonation server. */
export const impersonation = (globals.impersonation ??= create());

/** Who acts in the request being rendered (the target during a session), or null when nobody is signed in. */
export async function currentActor(): Promise<Actor | null> {
  const request = new Request('http://localhost/', { headers: await headers() });
  return impersonation.resolve(request).catch((error: unknown) => {
    // Nobody signed in (401) is an answer; anything else is a real failure and reaches the error page.
    // Read by its status, not `instanceof ApiError`: Next bundles route handlers and pages apart, so
    // the one server (kept on globalThis) may throw the ApiError class of the other bundle's copy.
    if ((error as { status?: unknown } | null)?.status === 401) return null;
    throw error;
  });
}
