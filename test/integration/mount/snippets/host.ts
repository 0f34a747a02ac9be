// The test's stand-in for a product's own auth and user directory, behind the README snippets:
// a bearer `session:<userId>` is a signed-in browser, `token:<userId>` an API token.
import type { Authentication } from '@impersonate-kit/server';
import type { UserSummary } from '@impersonate-kit/sdk';

const person = (id: string, name: string, roles: string[]): UserSummary => ({
  id,
  name,
  email: `${id.slice(2)}@acme.test`,
  roles,
  status: 'active',
  lastLoginAt: '2026-01-05T10:00:00.000Z',
});

const PEOPLE: readonly UserSummary[] = [person('u_admin', 'Adam Admin', ['admin']), person('u_alice', 'Alice Analyst', ['member'])];

/** The host's user directory. */
export const directory = {
  /** A copy of the user, or null when there is none. */
  async find(id: string): Promise<UserSummary | null> {
    const found = PEOPLE.find((user) => user.id === id);
    return found ? structuredClone(found) : null;
  },
};

/** Who sends the request, as the host's auth knows it: the real user, never an impersonated one. */
export async function currentUser(request: Request): Promise<Authentication | null> {
  const match = /^Bearer (session|token):(u_\w+)$/.exec(request.headers.get('authorization') ?? '');
  if (!match?.[1] || !match[2]) return null;
  return { userId: match[2], via: match[1] === 'token' ? 'token' : 'session' };
}

/** The host's second factor (the README's policy does not ask for one). */
export async function verifyTotp(_userId: string, code: string): Promise<boolean> {
  return code === '123456';
}

/** Messages the host "sent" to users, for the hooks snippet; newest last. */
export const outbox: { to: string; text: string }[] = [];

/** Tells a user something (the host's mailer); here it only records the message. */
export async function notifyUser(userId: string, text: string): Promise<void> {
  outbox.push({ to: userId, text });
}
