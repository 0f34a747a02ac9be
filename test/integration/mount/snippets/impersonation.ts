// lib/impersonation.ts: one impersonation server for the whole app.
import { createImpersonationServer, createMemoryStore } from '@impersonate-kit/server';
import { currentUser, directory, notifyUser, verifyTotp } from './host';

export const impersonation = createImpersonationServer({
  // One process keeps everything in memory; several instances share createPostgresStore().
  store: createMemoryStore(),
  policy: 'account-admin',
  // Your users: the server stores ids and asks you for names, roles and status.
  users: { get: (id) => directory.find(id) },
  // Who may impersonate at all (the policy then decides whom).
  hasPermission: (user) => user.roles.includes('admin'),
  // The REAL user behind the request, from your own auth; null when nobody is signed in.
  authenticate: (request) => currentUser(request),
  // Your second factor, used when the policy asks for step-up.
  verifyStepUp: (userId, code) => verifyTotp(userId, code),
  hooks: {
    // Runs after the session is committed; a hook that throws is logged, never fatal.
    onSessionStarted: ({ session }) => notifyUser(session.target.id, `${session.impersonator.name} is signed in as you: ${session.reason}`),
  },
});
