// Server time for the mock: real time plus an offset, so the demo can fast-forward without fake timers.

/** Any clock the mock accepts: it reads `now()` and moves with `advance(ms)`. */
export interface MockClock {
  now(): number;
  advance(ms: number): void;
}

/** The built-in clock; its offset can be shared between tabs that share one stored backend. */
export interface OffsetClock extends MockClock {
  offset(): number;
  setOffset(ms: number): void;
}

/** A clock that reads `Date.now()` (looked up at call time, so fake timers still apply) plus an offset. */
export function createMockClock(offsetMs = 0): OffsetClock {
  let offset = offsetMs;
  return {
    now: () => Date.now() + offset,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance(ms) takes a finite, non-negative number');
      offset += ms;
    },
    offset: () => offset,
    setOffset(ms) {
      offset = ms;
    },
  };
}

/** True for the built-in clock, whose offset the store can persist. */
export function isOffsetClock(clock: MockClock): clock is OffsetClock {
  return typeof (clock as Partial<OffsetClock>).setOffset === 'function' && typeof (clock as Partial<OffsetClock>).offset === 'function';
}

/** An epoch-ms instant as the contract's ISO-8601 UTC string. */
export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}
