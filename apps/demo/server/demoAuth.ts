// Demo only. The demo's sign-in: an HMAC-signed bearer token per browser tab. It stands in for the
// product's real auth (its session cookie or identity provider); the kit only asks "who is this?".
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Authentication } from '@impersonate-kit/server';

/** How long a demo token is honoured: a working day. Real time, so fast-forwarding the demo never signs anyone out. */
export const DEMO_TOKEN_TTL_MS = 12 * 60 * 60_000;

/** Issues and checks the demo's bearer tokens. */
export interface DemoTokens {
  /** A new token naming `userId`. */
  issue(userId: string): string;
  /** The user a token names, or null when it is malformed, tampered with, signed by another key or expired. */
  verify(token: string): string | null;
  /** `authenticate` for createImpersonationServer: the bearer's user, or null (401). */
  authenticate(request: Request): Promise<Authentication | null>;
  /** The user behind a request's bearer, or null. */
  userOf(request: Request): string | null;
}

const b64 = (bytes: Buffer) => bytes.toString('base64url');

/** Demo tokens signed with `secret` (default: 32 random bytes, so a restart invalidates every token). */
export function createDemoTokens(options: { secret?: Uint8Array; now?: () => number } = {}): DemoTokens {
  const secret = options.secret ?? randomBytes(32);
  const now = options.now ?? (() => Date.now());
  const sign = (payload: string) => createHmac('sha256', secret).update(`v1.${payload}`).digest();

  const verify = (token: string): string | null => {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== 'v1') return null;
    const [, payload = '', signature = ''] = parts;
    const given = Buffer.from(signature, 'base64url');
    const expected = sign(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown; exp?: unknown };
      if (typeof claims.sub !== 'string' || claims.sub === '' || typeof claims.exp !== 'number' || claims.exp <= now()) return null;
      return claims.sub;
    } catch {
      return null;
    }
  };

  const userOf = (request: Request): string | null => {
    const header = request.headers.get('authorization');
    const match = header === null ? null : /^Bearer ([A-Za-z0-9._-]{1,2048})$/.exec(header.trim());
    return match?.[1] ? verify(match[1]) : null;
  };

  return {
    issue(userId) {
      // The nonce makes every sign-in its own token, even for the same user in the same millisecond.
      const claims = { sub: userId, exp: now() + DEMO_TOKEN_TTL_MS, nonce: b64(randomBytes(9)) };
      const payload = b64(Buffer.from(JSON.stringify(claims), 'utf8'));
      return `v1.${payload}.${b64(sign(payload))}`;
    },
    verify,
    userOf,
    async authenticate(request) {
      const userId = userOf(request);
      return userId === null ? null : { userId, via: 'session' };
    },
  };
}
