// How a countdown reads. Rounding up means the first tick of a 30-minute session reads 30:00
// and 0:00 appears only once the time is really gone.

/** Time left as "m:ss" or "h:mm:ss" ("29:59", "0:05", "1:02:03"), rounded up to whole seconds; negative, NaN or infinite read "0:00". */
export function formatRemaining(ms: number): string {
  const seconds = ms > 0 && ms < Infinity ? Math.ceil(ms / 1000) : 0;
  const pad = (value: number) => String(value).padStart(2, '0');
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor(seconds / 60) % 60;
  return `${hours ? `${hours}:${pad(minutes)}` : minutes}:${pad(seconds % 60)}`;
}
