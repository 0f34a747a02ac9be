// The contract's redaction, shared by the client (for display), the mock backend and the server
// (for storage). Bodies are hostile: any shape, any depth, getters that throw, Proxies, cycles.
// So the walk is iterative (no recursion to overflow), every touch of the input is guarded, and
// its work is capped, which also bounds inputs that expand without end (a Proxy inventing children).
import { isSecretKey } from './secretKey';

/** What a secret value becomes. */
export const REDACTED = '[REDACTED]';

/** The most a redacted body may weigh once serialised, in bytes (8 KiB), a cut one included. */
export const MAX_REDACTED_BYTES = 8 * 1024;

/** What stands in for an object met again inside itself (a cycle). */
export const CIRCULAR = '[Circular]';

/** What stands in for a value that could not be read (a getter, a Proxy trap or a toJSON that throws). */
export const UNREADABLE = '[Unreadable]';

/**
 * How much of a body is walked and measured, in units of about a byte of JSON: beyond it the body
 * is cut where the walk stopped and `originalBytes` is a lower bound. Four times the contract's
 * 64 KiB request limit, so every body a server accepts is measured in full.
 */
export const MAX_MEASURED_BYTES = 256 * 1024;

/** A body whose redacted JSON was over 8 KiB: the start of that JSON as text, and its full size in bytes. */
export interface TruncatedBody {
  truncated: true;
  originalBytes: number;
  preview: string;
}

// The walk writes the redacted JSON as a list of pieces. Strings stay raw until every secret is
// known, since a later secret can turn an earlier string into an echo of it.
const TEXT = 0; // JSON text as is: punctuation, numbers, literals
const KEY = 1; // an object key, written as "key":
const VALUE = 2; // a string value, "[REDACTED]" when it echoes a secret

// Nothing: a value JSON leaves out (undefined, a function, a symbol).
const SKIP = Symbol('skip');

interface Frame {
  node: object;
  keys: string[] | null; // null: walked by index (an array, or a typed array's numeric keys)
  array: boolean;
  length: number;
  index: number;
  written: number; // entries written so far, for the commas
  collect: boolean; // inside a secret value: only its strings are gathered, nothing is written
}

interface Walk {
  kinds: number[];
  pieces: string[];
  secrets: Set<string>;
  work: number;
}

// new String('x') and friends: JSON writes the value inside.
function isBoxed(value: object): value is { valueOf(): string | number | boolean } {
  return value instanceof String || value instanceof Number || value instanceof Boolean;
}

// What JSON.stringify would see for one value: toJSON applied, boxes opened; SKIP for what it drops.
function jsonView(value: unknown, key: string): unknown {
  try {
    let view = value;
    if ((typeof view === 'object' && view !== null) || typeof view === 'bigint') {
      const toJSON = (view as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') view = (toJSON as (key: string) => unknown).call(view, key);
    }
    if (typeof view === 'object' && view !== null && isBoxed(view)) view = view.valueOf();
    if (typeof view === 'bigint') return String(view); // JSON cannot hold one; its digits are the value
    if (view === undefined || typeof view === 'function' || typeof view === 'symbol') return SKIP;
    return view;
  } catch {
    return UNREADABLE;
  }
}

function read(node: object, key: string | number): unknown {
  try {
    return (node as Record<string | number, unknown>)[key];
  } catch {
    return UNREADABLE;
  }
}

function open(node: object, collect: boolean): Frame | string {
  try {
    if (Array.isArray(node)) {
      return { node, keys: null, array: true, length: Number(node.length) || 0, index: 0, written: 0, collect };
    }
    // A typed array's keys are its indices: walked by number, so a huge one never becomes a huge key list.
    if (ArrayBuffer.isView(node) && !(node instanceof DataView)) {
      return { node, keys: null, array: false, length: (node as unknown as ArrayLike<unknown>).length, index: 0, written: 0, collect };
    }
    const keys = Object.keys(node);
    return { node, keys, array: false, length: keys.length, index: 0, written: 0, collect };
  } catch {
    return UNREADABLE;
  }
}

// Walks the input once, depth first with an explicit stack. `ancestors` holds the objects on the
// current path only: the same object twice side by side is not a cycle.
function walk(input: unknown, walker: Walk): boolean {
  const { kinds, pieces, secrets } = walker;
  const stack: Frame[] = [];
  const ancestors = new Set<object>();
  const write = (kind: number, piece: string) => {
    kinds.push(kind);
    pieces.push(piece);
  };

  // Writes (or, inside a secret, gathers) one value already seen through jsonView.
  const visit = (view: unknown, collect: boolean) => {
    if (typeof view === 'string') {
      walker.work += view.length;
      if (!collect) write(VALUE, view);
      else if (view !== '') secrets.add(view);
    } else if (typeof view === 'object' && view !== null) {
      const frame = ancestors.has(view) ? CIRCULAR : open(view, collect);
      if (typeof frame === 'string') {
        if (!collect) write(VALUE, frame);
        return;
      }
      ancestors.add(view);
      stack.push(frame);
      if (!collect) write(TEXT, frame.array ? '[' : '{');
    } else if (!collect) {
      // Numbers JSON cannot hold (NaN, Infinity) are null, as JSON.stringify writes them.
      write(TEXT, typeof view === 'number' ? (Number.isFinite(view) ? String(view) : 'null') : String(view));
    }
  };

  const top = jsonView(input, '');
  visit(top === SKIP ? null : top, false);
  while (stack.length > 0) {
    if (walker.work > MAX_MEASURED_BYTES) return false;
    walker.work += 1;
    const frame = stack[stack.length - 1] as Frame;
    if (frame.index >= frame.length) {
      if (!frame.collect) write(TEXT, frame.array ? ']' : '}');
      ancestors.delete(frame.node);
      stack.pop();
      continue;
    }
    const index = frame.index++;
    const key = frame.keys ? (frame.keys[index] as string) : String(index);
    const view = jsonView(read(frame.node, frame.keys ? key : index), key);
    if (frame.array) {
      if (!frame.collect && frame.written++ > 0) write(TEXT, ',');
      visit(view === SKIP ? null : view, frame.collect);
      continue;
    }
    if (view === SKIP) continue;
    walker.work += key.length;
    const secret = !frame.collect && isSecretKey(key);
    if (!frame.collect) {
      if (frame.written++ > 0) write(TEXT, ',');
      write(KEY, key);
    }
    if (secret) write(TEXT, JSON.stringify(REDACTED));
    visit(view, frame.collect || secret);
  }
  return true;
}

// The UTF-8 bytes one UTF-16 unit (not a surrogate) takes inside a JSON string, escapes included.
function unitBytes(unit: number): number {
  if (unit === 0x22 || unit === 0x5c) return 2; // \" and \\
  if (unit < 0x20) return unit === 8 || unit === 9 || unit === 10 || unit === 12 || unit === 13 ? 2 : 6;
  if (unit < 0x80) return 1;
  return unit < 0x800 ? 2 : 3;
}

// Walks a text as JSON.stringify would write it, unit by unit, while `take(bytes)` says yes:
// a surrogate pair is one 4-byte step, a lone surrogate a 6-byte \udxxx. Returns the units taken.
function scanJsonString(text: string, take: (bytes: number) => boolean): number {
  let i = 0;
  while (i < text.length) {
    const unit = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    const pair = unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
    const bytes = pair ? 4 : unit >= 0xd800 && unit <= 0xdfff ? 6 : unitBytes(unit);
    if (!take(bytes)) break;
    i += pair ? 2 : 1;
  }
  return i;
}

// The UTF-8 bytes of one piece once written as JSON, counted without building it, and no further than `limit`.
function pieceBytes(kind: number, piece: string, secrets: Set<string>, limit: number): number {
  if (kind === TEXT) return piece.length; // punctuation, numbers and literals are ASCII
  if (kind === VALUE && secrets.has(piece)) return REDACTED.length + 2;
  let bytes = kind === KEY ? 3 : 2; // the quotes, and a key's colon
  scanJsonString(piece, (step) => {
    bytes += step;
    return bytes <= limit;
  });
  return bytes;
}

function pieceText(kind: number, piece: string, secrets: Set<string>): string {
  if (kind === TEXT) return piece;
  if (kind === KEY) return `${JSON.stringify(piece)}:`;
  return JSON.stringify(secrets.has(piece) ? REDACTED : piece);
}

// The start of the redacted JSON that fits `budget` bytes once the preview is itself a JSON
// string (quotes and backslashes doubled), cut between whole characters.
function preview(walker: Walk, budget: number): string {
  const out: string[] = [];
  let left = budget;
  for (let p = 0; p < walker.pieces.length && left > 0; p += 1) {
    const kind = walker.kinds[p] as number;
    const piece = walker.pieces[p] as string;
    // Whether a string echoes a secret is decided on all of it; then, as each unit costs at least
    // a byte, no more than `left` units of it can fit.
    let text = piece;
    if (kind === KEY) text = `${JSON.stringify(piece.slice(0, left))}:`;
    if (kind === VALUE) text = JSON.stringify(walker.secrets.has(piece) ? REDACTED : piece.slice(0, left));
    const end = scanJsonString(text, (step) => {
      if (step > left) {
        left = 0;
        return false;
      }
      left -= step;
      return true;
    });
    out.push(text.slice(0, end));
  }
  return out.join('');
}

/**
 * Redacts a body as the contract says: a secret key's value at any depth becomes "[REDACTED]",
 * and so does any other string equal to a string inside a secret value (a `confirm` echoing a
 * password). The result is plain JSON data; over 8 KiB it is a `TruncatedBody` that weighs at
 * most 8 KiB serialised. Pure and total: it never throws and never touches its input; cycles are "[Circular]".
 */
export function redact(value: unknown): unknown {
  const walker: Walk = { kinds: [], pieces: [], secrets: new Set(), work: 0 };
  const complete = walk(value, walker);
  let bytes = 0;
  for (let p = 0; p < walker.pieces.length && bytes <= MAX_MEASURED_BYTES; p += 1) {
    bytes += pieceBytes(walker.kinds[p] as number, walker.pieces[p] as string, walker.secrets, MAX_MEASURED_BYTES);
  }
  if (complete && bytes <= MAX_REDACTED_BYTES) {
    const text = walker.pieces.map((piece, p) => pieceText(walker.kinds[p] as number, piece, walker.secrets)).join('');
    return JSON.parse(text) as unknown;
  }
  const empty = `{"truncated":true,"originalBytes":${bytes},"preview":""}`;
  return { truncated: true, originalBytes: bytes, preview: preview(walker, MAX_REDACTED_BYTES - empty.length) } satisfies TruncatedBody;
}

/** True when a redacted body is the marker of a cut one. */
export function isTruncatedBody(value: unknown): value is TruncatedBody {
  const body = value as Partial<TruncatedBody> | null | undefined;
  return body?.truncated === true && typeof body.preview === 'string';
}
