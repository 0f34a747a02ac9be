// Timers of any length. setTimeout holds its delay in a signed 32-bit integer: a longer one (a
// session ending in 9999, a 30-day consent, a huge poll interval) fires at once in browsers and
// in Node (which also warns), so every timer in the sdk is armed here, in steps it can hold.
import type { Clock } from './clientTypes';

/** The longest delay setTimeout takes as given: 2^31 − 1 ms, about 24.8 days. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * Calls `callback` once `ms` have passed on `clock`, re-arming in steps of at most
 * MAX_TIMER_DELAY_MS; a delay that is not a positive number means "as soon as possible".
 * Returns the function that cancels it.
 */
export function armTimer(clock: Clock, ms: number, callback: () => void): () => void {
  let handle: unknown;
  let left = ms > 0 ? ms : 0;
  const arm = () => {
    const step = Math.min(left, MAX_TIMER_DELAY_MS);
    left -= step;
    handle = clock.setTimeout(() => (left > 0 ? arm() : callback()), step);
  };
  arm();
  return () => clock.clearTimeout(handle);
}
