// The contract's redaction, shared by the client (for display), the mock backend and the server
// (for storage). Bodies are hostile: any shape, any depth, getters that throw, Proxies, cycles.
// So the walk is iterative (no recursion to overflow), every touch of the input is guarded, the
// copy it makes is at most MAX_REDACT_DEPTH deep (so JSON.stringify, itself recursive, never
// overflows on it), and its work is capped, which also bounds an input that expands without end.
import { isSecretKey } from './secretKey';

/** What a secret value becomes. */
export const REDACTED = '[REDACTED]';

/** The most a redacted body may weigh once serialised, in bytes (8 KiB), a cut one included. */
export const MAX_REDACTED_BYTES = 8 * 1024;

/** What stands in for an object met again inside itself (a cycle). */
export const CIRCULAR = '[Circular]';

/** What stands in for a value that could not be read (a getter, a Proxy trap or a toJSON that throws). */
export const UNREADABLE = '[Unreadable]';

/** How deep a redacted body may nest; a deeper one is cut there and marked as cut. */
export const MAX_REDACT_DEPTH = 500;

/**
 * How much of a body is walked, in units of about a byte of JSON: a bigger one is cut where the
 * walk stopped and its `originalBytes` is a lower bound. Four times the contract's 64 KiB request
 * limit, so every body a server accepts is measured in full.
 */
export const MAX_MEASURED_BYTES = 256 * 1024;

/** A body whose redacted JSON was over 8 KiB (or deeper than MAX_REDACT_DEPTH): the start of that JSON as text, and its size in bytes. */
export interface TruncatedBody {
  truncated: true;
  originalBytes: number;
  preview: string;
}

type Box = Record<string | number, unknown>;

// One container being walked: its source, its copy (null inside a secret: only strings are gathered),
// its keys (null: walked by index, an array or a typed array), where it is at, where it ends, its depth.
type Frame = [from: Box, to: Box | null, keys: string[] | null, at: number, end: number, depth: number];

// Nothing: a value JSON leaves out (undefined, a function, a symbol).
const SKIP = Symbol();

// Copies have no prototype, so a key named "__proto__" is plain data when assigned.
const box = (): Box => Object.create(null) as Box;

// What JSON.stringify would see for one value: toJSON applied, boxes opened, a BigInt as its digits.
function jsonView(value: unknown, key: string | number): unknown {
  try {
    let view = value;
    const toJSON: unknown = (view instanceof Object || typeof view === 'bigint') && (view as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') view = (toJSON as (key: string) => unknown).call(view, String(key));
    if (view instanceof String || view instanceof Number || view instanceof Boolean) view = view.valueOf();
    if (typeof view === 'bigint') return String(view);
    return view === undefined || typeof view === 'function' || typeof view === 'symbol' ? SKIP : view;
  } catch {
    return UNREADABLE;
  }
}

/**
 * Redacts a body as the contract says: a secret key's value at any depth becomes "[REDACTED]",
 * and so does any other string equal to a string inside a secret value (a `confirm` echoing a
 * password). The result is plain JSON data; over 8 KiB it is a `TruncatedBody` that weighs at
 * most 8 KiB serialised. Pure and total: it never throws and never touches its input; cycles are "[Circular]".
 */
export function redact(value: unknown): unknown {
  const secrets = new Set<string>();
  // Every string copied, where it sits: once all secrets are known, echoes of them are redacted there.
  const strings: [Box, string | number][] = [];
  const path = new Set<unknown>();
  const stack: Frame[] = [];
  const top = box();
  let work = 0;
  let cut = false;

  // Copies one value into `to[key]` (or, with no `to`, only gathers its strings as secrets); returns what JSON sees of it.
  const place = (raw: unknown, to: Box | null, key: string | number, depth: number): unknown => {
    const view = jsonView(raw, key);
    let copy: unknown = view;
    if (view === SKIP) copy = Array.isArray(to) ? null : SKIP;
    else if (typeof view === 'string') {
      work += view.length;
      if (!to && view) secrets.add(view);
    } else if (typeof view === 'number') copy = Number.isFinite(view) ? view : null;
    else if (view && typeof view === 'object') {
      copy = CIRCULAR;
      if (!path.has(view)) {
        // Too deep: cut there (the body is marked as cut), else UNREADABLE unless it opens below.
        copy = depth > MAX_REDACT_DEPTH ? '…' : UNREADABLE;
        cut ||= depth > MAX_REDACT_DEPTH;
        try {
          if (depth <= MAX_REDACT_DEPTH) {
            const byIndex = Array.isArray(view) || ArrayBuffer.isView(view);
            const keys = byIndex ? null : Object.keys(view);
            const end = keys ? keys.length : Number((view as { length?: unknown }).length) || 0;
            copy = to && (byIndex ? [] : box());
            path.add(view);
            stack.push([view as Box, copy as Box | null, keys, 0, end, depth]);
          }
        } catch {
          // A Proxy whose traps throw, a revoked one: it stays UNREADABLE.
        }
      }
    }
    if (to && copy !== SKIP) {
      to[key] = copy;
      if (typeof copy === 'string') strings.push([to, key]);
    }
    return view;
  };

  place(value, top, '', 0);
  while (stack.length > 0) {
    if (++work > MAX_MEASURED_BYTES) {
      cut = true;
      break;
    }
    const frame = stack[stack.length - 1] as Frame;
    const [from, to, keys, at, end, depth] = frame;
    if (at >= end) {
      path.delete(from);
      stack.pop();
      continue;
    }
    const key = keys ? (keys[at] as string) : at;
    frame[3] += 1;
    let raw: unknown = UNREADABLE;
    try {
      raw = from[key];
    } catch {
      // A getter that throws: the value stays UNREADABLE.
    }
    const secret = to && typeof key === 'string' && isSecretKey(key);
    if (place(raw, secret ? null : to, key, depth + 1) !== SKIP && secret) to[key] = REDACTED;
  }

  for (const [at, key] of strings) if (secrets.has(at[key] as string)) at[key] = REDACTED;
  const text = JSON.stringify(top['']) ?? 'null';
  const bytes = new TextEncoder().encode(text).length;
  if (!cut && bytes <= MAX_REDACTED_BYTES) return JSON.parse(text) as unknown;
  return cutBody(text, bytes);
}

// The start of the redacted JSON, as long as fits once the marker is serialised (where quotes
// and backslashes in the preview double), cut between whole characters.
function cutBody(text: string, originalBytes: number): TruncatedBody {
  const weight = (preview: string) => new TextEncoder().encode(JSON.stringify({ truncated: true, originalBytes, preview })).length;
  // Each character weighs at least a byte: the preview is never longer than the limit. Prefixes
  // only grow heavier, so the longest that fits is found by halving.
  let fits = 0;
  let over = Math.min(text.length, MAX_REDACTED_BYTES) + 1;
  while (over - fits > 1) {
    const middle = (fits + over) >> 1;
    if (weight(text.slice(0, middle)) <= MAX_REDACTED_BYTES) fits = middle;
    else over = middle;
  }
  const preview = text.slice(0, fits).replace(/[\uD800-\uDBFF]$/, '');
  return { truncated: true, originalBytes, preview };
}

/** True when a redacted body is the marker of a cut one. */
export function isTruncatedBody(value: unknown): value is TruncatedBody {
  const body = value as Partial<TruncatedBody> | null | undefined;
  return body?.truncated === true && typeof body.preview === 'string';
}
