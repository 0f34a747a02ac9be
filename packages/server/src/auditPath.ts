// The path as the audit records it: the values of secret-named query parameters redacted, by the
// same word rule the sdk's redact applies to body keys.
import { REDACTED, redact } from '@impersonate-kit/sdk';

// The sdk's redact decides which keys are secret, so the path and the body follow one rule.
function isSecretKey(key: string): boolean {
  try {
    return (redact({ [key]: null }) as Record<string, unknown>)[key] === REDACTED;
  } catch {
    return true;
  }
}

/** `pathname?query` with secret query values replaced by `[REDACTED]`. */
export function auditedPath(url: URL): string {
  if (url.search === '' || url.search === '?') return url.pathname;
  const out = new URLSearchParams();
  url.searchParams.forEach((value, key) => out.append(key, isSecretKey(key) ? REDACTED : value));
  const query = out.toString().replaceAll(`=${encodeURIComponent(REDACTED)}`, `=${REDACTED}`);
  return query ? `${url.pathname}?${query}` : url.pathname;
}
