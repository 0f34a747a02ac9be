// The mock's stand-in for a host's auth: `Authorization: Bearer demo:<userId>`, else the signed-in
// user, but only when the request sends no Authorization header at all.
import type { Authentication } from '@impersonate-kit/server';

/** The second-factor code the mock accepts. */
export const STEP_UP_CODE = '123456';

/**
 * The header that marks a credential as an impersonated one (made *as the target* from inside a
 * session); any value but "0" or "false" counts. A real backend knows this from its actor token.
 */
export const AS_TARGET_HEADER = 'x-impersonating';

/** The bearer of a demo API token of `userId`: it always acts as its owner, never as a target. */
export function demoTokenBearer(userId: string): string {
  return `Bearer demo-token:${userId}`;
}

/** Who a request comes from: a demo bearer names its user (`demo-token:` an API token); any other Authorization is nobody (401), never the signed-in user. */
export function demoAuthenticate(request: Request, signedIn: string | null): Authentication | null {
  const header = request.headers.get('authorization');
  let userId: string | null;
  if (header !== null) {
    const match = /^Bearer\s+demo(-token)?:(.*)$/is.exec(header.trim());
    userId = match?.[2]?.trim() || null;
    if (userId && match?.[1]) return { userId, via: 'token' };
  } else userId = signedIn;
  if (!userId) return null;
  const marker = request.headers.get(AS_TARGET_HEADER)?.trim().toLowerCase();
  const impersonated = marker !== undefined && marker !== '' && marker !== '0' && marker !== 'false';
  return impersonated ? { userId, via: 'session', impersonatedBy: marker } : { userId, via: 'session' };
}

/** Accepts exactly the demo code. */
export async function demoVerifyStepUp(_userId: string, code: string): Promise<boolean> {
  return code === STEP_UP_CODE;
}
