// The example's own sign-in: a cookie holding the user id and an HMAC of it. It stands in for the
// product's real auth (sessions, passwords, SSO); the kit only asks who the real user is.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Authentication } from '@impersonate-kit/server';

/** The cookie that carries the signed-in user. */
export const SESSION_COOKIE = 'example_session';

// One secret per process unless one is configured: a restart signs everyone out, which is what a
// demo wants; set EXAMPLE_AUTH_SECRET to keep sign-ins across restarts or instances.
const globals = globalThis as { exampleAuthSecret?: Buffer };
const secret = (globals.exampleAuthSecret ??= process.env.EXAMPLE_AUTH_SECRET ? Buffer.from(process.env.EXAMPLE_AUTH_SECRET) : randomBytes(32));

const sign = (userId: string) => createHmac('sha256', secret).update(userId).digest('base64url');

/** The cookie value for `userId`: the id and its signature. */
export function sessionValue(userId: string): string {
  return `${userId}.${sign(userId)}`;
}

/** The user id a cookie value proves, or null when it is missing or forged. */
export function verifySession(value: string | undefined): string | null {
  const dot = value?.lastIndexOf('.') ?? -1;
  if (!value || dot < 1) return null;
  const userId = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(sign(userId));
  return given.length === expected.length && timingSafeEqual(given, expected) ? userId : null;
}

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | null, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/** The real user behind a request (never the impersonated one), for the server's `authenticate`. */
export function authenticate(request: Request): Authentication | null {
  const userId = verifySession(readCookie(request.headers.get('cookie'), SESSION_COOKIE));
  return userId ? { userId, via: 'session' } : null;
}
