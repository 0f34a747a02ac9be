// Timing helpers: per-call durations in µs after a warm-up, and the percentiles the tables show.

/** Durations of `iterations` calls of `fn`, in µs, after `warmup` untimed calls. */
export async function sample(fn: () => Promise<unknown>, { warmup, iterations }: { warmup: number; iterations: number }): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out = new Array<number>(iterations);
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    await fn();
    out[i] = Number(process.hrtime.bigint() - start) / 1_000;
  }
  return out;
}

/** The `p`-th percentile (0..100) of `values` (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** A µs figure as the tables print it. */
export function us(value: number): string {
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} µs`;
}

/** The duration of one call of `fn`, in µs. */
export async function timeOnce(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1_000;
}
