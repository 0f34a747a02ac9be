// Cursor pages over append-only arrays, newest first. A cursor is the position of the last item
// a page returned; the next page starts just below it, so new items never shift a page and a page
// costs the items it returns plus one look-ahead, however long the array grows.
import { fail } from './httpError';

/** The default page size. */
export const DEFAULT_LIMIT = 50;
/** The largest page size. */
export const MAX_LIMIT = 200;

/** A parsed `?cursor=&limit=`. */
export interface PageRequest {
  limit: number;
  /** Items strictly below this position; null for the first page. */
  before: number | null;
}

/** Encodes a position as an opaque cursor. */
export function encodeCursor(position: number): string {
  return btoa(`p${position}`).replace(/=+$/, '');
}

function decodeCursor(cursor: string): number {
  let text: string;
  try {
    text = atob(cursor);
  } catch {
    return fail('validation_failed', 'The cursor is not valid.', { field: 'cursor' });
  }
  const match = /^p(\d{1,15})$/.exec(text);
  if (!match?.[1]) fail('validation_failed', 'The cursor is not valid.', { field: 'cursor' });
  return Number(match[1]);
}

/** Reads `cursor` and `limit` (1..200, default 50); anything else answers 422 `validation_failed`. */
export function readPageRequest(query: URLSearchParams): PageRequest {
  const rawLimit = query.get('limit');
  let limit = DEFAULT_LIMIT;
  if (rawLimit !== null && rawLimit !== '') {
    if (!/^\d+$/.test(rawLimit) || Number(rawLimit) < 1 || Number(rawLimit) > MAX_LIMIT) {
      fail('validation_failed', `"limit" must be a whole number from 1 to ${MAX_LIMIT}.`, { field: 'limit', min: 1, max: MAX_LIMIT });
    }
    limit = Number(rawLimit);
  }
  const cursor = query.get('cursor');
  return { limit, before: cursor ? decodeCursor(cursor) : null };
}

/** Positions in ascending order: an index list, or every position of an array of `length`. */
export type Positions = readonly number[] | { all: number };

/** The index in `list` of the last position below `before` (binary search), or -1. */
function startBelow(list: readonly number[], before: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((list[mid] ?? Infinity) < before) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}

/**
 * One page, newest first: walks `positions` down from the cursor, reading each with `read`, keeps
 * those `accept` allows, and stops at `limit` plus one look-ahead that decides `nextCursor`.
 */
export function pageDown<T, R = T>(
  positions: Positions,
  read: (position: number) => T | undefined,
  request: PageRequest,
  accept: (item: T) => boolean = () => true,
  map: (item: T) => R = (item) => item as unknown as R,
): { items: R[]; nextCursor: string | null } {
  const items: R[] = [];
  let lastPosition = -1;
  const list = 'all' in positions ? null : positions;
  const total = list ? list.length : (positions as { all: number }).all;
  let i = list
    ? request.before === null ? list.length - 1 : startBelow(list, request.before)
    : Math.min(request.before ?? total, total) - 1;
  for (; i >= 0; i--) {
    const position = list ? (list[i] ?? -1) : i;
    const item = read(position);
    if (item === undefined || !accept(item)) continue;
    if (items.length === request.limit) return { items, nextCursor: encodeCursor(lastPosition) };
    items.push(map(item));
    lastPosition = position;
  }
  return { items, nextCursor: null };
}
