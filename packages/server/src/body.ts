// Request bodies, read defensively: JSON only, at most 64 KiB counted in bytes while streaming,
// strict UTF-8. Nothing here walks the parsed value, so any nesting depth is safe.
import { fail } from './errors';

/** The largest request body the contract accepts, in bytes. */
export const MAX_BODY_BYTES = 64 * 1024;

/** A parsed body: absent (no bytes), or the JSON value. */
export type ParsedBody = { present: false } | { present: true; value: unknown };

/** True when a Content-Type header names JSON (`application/json`, any parameters, charset utf-8 if given). */
export function isJsonContentType(header: string | null): boolean {
  if (header === null) return false;
  const [type = '', ...params] = header.split(';');
  if (type.trim().toLowerCase() !== 'application/json') return false;
  return params.every((param) => {
    const [name = '', value = ''] = param.split('=');
    return name.trim().toLowerCase() !== 'charset' || value.trim().replace(/^"|"$/g, '').toLowerCase() === 'utf-8';
  });
}

/** Reads at most `max` bytes of a body stream; answers 413 `payload_too_large` (and stops reading) past it. */
export async function readBytes(request: Request, max = MAX_BODY_BYTES): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > max) fail('payload_too_large', undefined, { maxBytes: max });
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      // Not awaited: cancelling one branch of a cloned (teed) body resolves only once both are cancelled.
      reader.cancel().catch(() => undefined);
      fail('payload_too_large', undefined, { maxBytes: max });
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Decodes strict UTF-8 (a leading BOM is dropped) and parses JSON; anything malformed answers 422 `validation_failed`. */
export function parseJsonBytes(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('validation_failed', 'The body is not valid UTF-8.');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fail('validation_failed', 'The body is not valid JSON.');
  }
}

/**
 * Reads a contract request's body bytes: a body that is not `application/json` answers 415, one
 * over 64 KiB 413. `required` makes a missing JSON content type 415 even without bytes.
 */
export async function readContractBody(request: Request, required: boolean): Promise<Uint8Array> {
  const contentType = request.headers.get('content-type');
  const json = isJsonContentType(contentType);
  // A typed non-JSON body is refused unread; an untyped one once it turns out to have bytes.
  if (!json && (required || (contentType !== null && request.body !== null))) fail('unsupported_media_type');
  const bytes = await readBytes(request);
  if (!json && bytes.byteLength > 0) fail('unsupported_media_type');
  return bytes;
}

/** Parses body bytes: none is an absent body (422 when `required`), malformed JSON answers 422 `validation_failed`. */
export function parseContractBody(bytes: Uint8Array, required: boolean): ParsedBody {
  if (bytes.byteLength === 0) {
    if (required) fail('validation_failed', 'The body must be a JSON object.');
    return { present: false };
  }
  return { present: true, value: parseJsonBytes(bytes) };
}

/** The body as an object (absent counts as `{}`); any other JSON value answers 422 `validation_failed`. */
export function objectBody(body: ParsedBody): Record<string, unknown> {
  if (!body.present) return {};
  const value = body.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('validation_failed', 'The body must be a JSON object.');
  return value as Record<string, unknown>;
}

// A lone surrogate is not a character: such a string is not well-formed Unicode and is refused.
const LONE_SURROGATE = /\p{Cs}/u;

/** A body field that must be a well-formed string when present (null counts as absent). */
export function optionalString(body: Record<string, unknown>, field: string, maxLength = MAX_BODY_BYTES): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > maxLength || LONE_SURROGATE.test(value)) {
    fail('validation_failed', `"${field}" must be a string.`, { field });
  }
  return value;
}

/**
 * A host route's JSON body under the contract's rules: 415 when it is not `application/json`, 413
 * over 64 KiB, 422 when malformed; undefined when there is none (and none is `required`).
 */
export async function readJsonBody(request: Request, options: { required?: boolean } = {}): Promise<unknown> {
  const required = options.required === true;
  const parsed = parseContractBody(await readContractBody(request, required), required);
  return parsed.present ? parsed.value : undefined;
}
