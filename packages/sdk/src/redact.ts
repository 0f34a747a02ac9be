// The contract's redaction, shared by the client (for display) and the mock backend (for storage).

/** Keys whose values are secrets, at any depth. */
export const SECRET_KEY_PATTERN = /pass(word)?|secret|token|api[-_]?key|authorization|cookie|otp|ssn|card/i;

/** What a secret value becomes. */
export const REDACTED = '[REDACTED]';

/** The most a redacted body may weigh once serialised, in bytes (8 KiB). */
export const MAX_REDACTED_BYTES = 8 * 1024;

/** What stands in for a value seen twice on one path (a cycle). */
export const CIRCULAR = '[Circular]';

/** A body that was cut at MAX_REDACTED_BYTES: its first bytes as text, and the original size. */
export interface TruncatedBody {
  truncated: true;
  originalBytes: number;
  preview: string;
}

// `path` holds the objects above this one: the same object twice side by side is not a cycle.
function redactValue(value: unknown, path: object[]): unknown {
  if (typeof value === 'bigint') return String(value);
  // What JSON cannot hold disappears, as JSON.stringify would drop it.
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (!value || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (path.includes(value)) return CIRCULAR;
  const inner = [...path, value];
  return Array.isArray(value)
    ? value.map((item) => redactValue(item, inner))
    : Object.fromEntries(Object.entries(value).map(([key, item]) => [key, SECRET_KEY_PATTERN.test(key) ? REDACTED : redactValue(item, inner)]));
}

/**
 * Redacts every secret key at any depth, in objects and arrays, and cuts bodies over 8 KiB.
 * Pure: returns a new value and never touches its input; cycles become "[Circular]".
 */
export function redact(value: unknown): unknown {
  const clean = redactValue(value, []) ?? null;
  const bytes = new TextEncoder().encode(JSON.stringify(clean));
  if (bytes.length <= MAX_REDACTED_BYTES) return clean;
  // Cut on a character boundary: decoding a partial UTF-8 sequence leaves U+FFFD, which is dropped.
  const preview = new TextDecoder().decode(bytes.slice(0, MAX_REDACTED_BYTES)).replace(/\uFFFD+$/, '');
  return { truncated: true, originalBytes: bytes.length, preview } satisfies TruncatedBody;
}

/** True when a redacted body is the marker of a cut one. */
export function isTruncatedBody(value: unknown): value is TruncatedBody {
  const body = value as Partial<TruncatedBody> | null | undefined;
  return body?.truncated === true && typeof body.preview === 'string';
}
