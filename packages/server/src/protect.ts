// Guarding the host's own API: what an impersonated call's body looks like in the audit, whatever
// was sent (deep, huge, not JSON), and the answer when the audit cannot be written.
import { redact } from '@impersonate-kit/sdk';
import { MAX_BODY_BYTES, parseJsonBytes, readBytes } from './body';
import { jsonResponse } from './errors';

/** What the audit records for a body that is not readable JSON. */
export const UNREADABLE_BODY = '[unreadable body]';
/** What the audit records for a body over 64 KiB. */
export const OVERSIZED_BODY = '[body over 64 KiB]';

/** The request body as the audit stores it: redacted JSON, null when there is none, or a marker. Never throws. */
export async function auditBodyOf(request: Request): Promise<unknown> {
  if (request.method === 'GET' || request.method === 'HEAD' || request.body === null) return null;
  let bytes: Uint8Array;
  try {
    bytes = await readBytes(request.clone(), MAX_BODY_BYTES);
  } catch {
    return OVERSIZED_BODY;
  }
  if (bytes.byteLength === 0) return null;
  try {
    return redact(parseJsonBytes(bytes));
  } catch {
    return UNREADABLE_BODY;
  }
}

/** The answer when the audit cannot be written: the call is refused and was not performed. */
export function auditUnavailable(): Response {
  return jsonResponse({ error: { code: 'internal_error', message: 'The audit is unavailable, so nothing was done. Try again.' } }, 503, { 'Retry-After': '5' });
}
