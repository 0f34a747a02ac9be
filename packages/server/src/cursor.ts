// Opaque keyset cursors: the (at, id) of the last item a page returned, bound to the list it came
// from. They carry no position and no count, so they reveal nothing the page did not show.
import { fail } from './errors';
import type { PageKey } from './store';

/** The default page size. */
export const DEFAULT_LIMIT = 50;
/** The largest page size. */
export const MAX_LIMIT = 200;

// FNV-1a, 32 bits: enough to tell one list from another, so a cursor of one list is refused by the next.
function scopeTag(scope: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < scope.length; i++) hash = Math.imul(hash ^ scope.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(36);
}

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(cursor: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return null;
  try {
    const binary = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

/** The cursor after `key` in the list named `scope`. */
export function encodeCursor(key: PageKey, scope: string): string {
  return toBase64Url(`${scopeTag(scope)}.${key.at.toString(36)}.${key.id}`);
}

/** The key in a cursor of the list named `scope`; a tampered or foreign cursor answers 422 `validation_failed`. */
export function decodeCursor(cursor: string, scope: string): PageKey {
  const text = fromBase64Url(cursor);
  const match = text === null ? null : /^([0-9a-z]{1,7})\.([0-9a-z]{1,11})\.([A-Za-z0-9_]{1,64})$/.exec(text);
  if (!match || match[1] !== scopeTag(scope)) fail('validation_failed', 'The cursor is not valid.', { field: 'cursor' });
  const at = parseInt(match[2] ?? '', 36);
  if (!Number.isSafeInteger(at)) fail('validation_failed', 'The cursor is not valid.', { field: 'cursor' });
  return { at, id: match[3] ?? '' };
}

/** A parsed `?cursor=&limit=` for the list named `scope`. */
export function readPageQuery(query: URLSearchParams, scope: string): { limit: number; before: PageKey | null } {
  const rawLimit = query.get('limit');
  let limit = DEFAULT_LIMIT;
  if (rawLimit !== null && rawLimit !== '') {
    if (!/^\d{1,3}$/.test(rawLimit) || Number(rawLimit) < 1 || Number(rawLimit) > MAX_LIMIT) {
      fail('validation_failed', `"limit" must be a whole number from 1 to ${MAX_LIMIT}.`, { field: 'limit', min: 1, max: MAX_LIMIT });
    }
    limit = Number(rawLimit);
  }
  const cursor = query.get('cursor');
  return { limit, before: cursor ? decodeCursor(cursor, scope) : null };
}

/** One answer page from `limit + 1` items read: the first `limit`, and a cursor when there was one more. */
export function toPage<T, R>(items: readonly T[], limit: number, keyOf: (item: T) => PageKey, scope: string, map: (item: T) => R): { items: R[]; nextCursor: string | null } {
  const shown = items.slice(0, limit);
  const last = shown[shown.length - 1];
  return { items: shown.map(map), nextCursor: items.length > limit && last ? encodeCursor(keyOf(last), scope) : null };
}
