// Time, injected. The default looks the globals up at every call (not once at import), so
// `vi.useFakeTimers()` installed after this module loaded still drives it.
import type { Clock, TestClock } from './clientTypes';
import { MAX_TIMER_DELAY_MS } from './timer';

/** The real clock: `Date.now`, `setTimeout` and `clearTimeout` of the global object, looked up lazily. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as number),
};

/** Where a test clock starts unless told otherwise: 2026-11-21 10:00:00 UTC. */
export const TEST_CLOCK_START_MS = Date.UTC(2026, 10, 21, 10);

// More timers than this firing within one `advance` is a timer storm: a bug, reported as such.
const STORM = 100_000;

/**
 * A clock that only moves when told to. `advance(ms)` fires every timer due on the way in time
 * order (ties in the order they were scheduled), including timers those callbacks schedule;
 * `set(ms)` jumps without firing anything, like a machine waking from sleep.
 */
export function createTestClock(startMs = TEST_CLOCK_START_MS): TestClock {
  let now = startMs;
  let lastId = 0;
  let setCount = 0;
  const timers = new Map<unknown, { at: number; callback: () => void }>();
  return {
    now: () => now,
    setTimeout(callback, ms) {
      // Like the platform: a negative, non-numeric or too long delay (over 2^31 − 1 ms) means "as soon as possible".
      setCount += 1;
      timers.set(++lastId, { at: now + (ms > 0 && ms <= MAX_TIMER_DELAY_MS ? ms : 0), callback });
      return lastId;
    },
    clearTimeout: (handle) => void timers.delete(handle),
    advance(ms) {
      const until = now + Math.max(0, ms);
      for (let fired = 0; ; fired += 1) {
        if (fired > STORM) throw new Error(`Timer storm in advance(${ms})`);
        // A stable sort keeps timers due at the same time in the order they were scheduled.
        const [next] = [...timers].filter(([, timer]) => timer.at <= until).sort(([, a], [, b]) => a.at - b.at);
        if (!next) break;
        timers.delete(next[0]);
        // A timer made overdue by `set` fires at the current time, never back in the past.
        now = Math.max(now, next[1].at);
        next[1].callback();
      }
      now = Math.max(now, until);
    },
    set: (ms) => void (now = ms),
    pendingTimers: () => timers.size,
    timersSet: () => setCount,
  };
}
