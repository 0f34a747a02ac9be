// Instants as the contract writes them, and ids that reveal nothing.

/** An epoch-ms instant as the contract's ISO-8601 UTC string. */
export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

/** An ISO string as epoch ms. */
export function msOf(iso: string): number {
  return Date.parse(iso);
}

const hex8 = (n: number) => n.toString(16).padStart(8, '0');
// Random words are drawn 256 at a time: one getRandomValues call per id was a tenth of an audited call's cost.
const pool = new Uint32Array(256);
let pooled = 0;
function random32(): number {
  if (pooled === 0) {
    globalThis.crypto.getRandomValues(pool);
    pooled = pool.length;
  }
  pooled--;
  return pool[pooled] ?? 0;
}

let lastAt = Number.NaN;
let high = 0;
let low = 0;

/**
 * A new id such as `evt_1f3a9c0b7d2e4f60a1b2c3d4` for a record dated `atMs`. Random, so it reveals
 * nothing; but ids made one after another for the same instant sort in the order they were made
 * (the random part is incremented, as ULIDs do), so `(at, id)` keeps a session's started event
 * before its ended one even within one millisecond.
 */
export function newId(prefix: string, atMs: number): string {
  if (atMs === lastAt) {
    low = (low + 1) >>> 0;
    if (low === 0) high = (high + 1) >>> 0;
  } else {
    lastAt = atMs;
    // The top bit stays clear, so incrementing never wraps past the largest id.
    high = random32() >>> 1;
    low = random32();
  }
  return `${prefix}_${hex8(high)}${hex8(low)}${hex8(random32())}`;
}
