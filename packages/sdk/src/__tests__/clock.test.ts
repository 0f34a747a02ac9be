import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestClock, systemClock, TEST_CLOCK_START_MS } from '../clock';

describe('the test clock', () => {
  it('starts on 2026-11-21 10:00 UTC unless told otherwise', () => {
    expect(new Date(createTestClock().now()).toISOString()).toBe('2026-11-21T10:00:00.000Z');
    expect(TEST_CLOCK_START_MS).toBe(Date.UTC(2026, 10, 21, 10, 0, 0));
    expect(createTestClock(5_000).now()).toBe(5_000);
  });

  describe('when it advances', () => {
    it('fires due timers in time order, each seeing its own time', () => {
      const clock = createTestClock(0);
      const fired: string[] = [];
      clock.setTimeout(() => fired.push(`c@${clock.now()}`), 300);
      clock.setTimeout(() => fired.push(`a@${clock.now()}`), 100);
      clock.setTimeout(() => fired.push(`b@${clock.now()}`), 200);
      clock.advance(250);
      expect(fired).toEqual(['a@100', 'b@200']);
      expect(clock.now()).toBe(250);
      expect(clock.pendingTimers()).toBe(1);
      clock.advance(50);
      expect(fired).toEqual(['a@100', 'b@200', 'c@300']);
    });

    it('fires timers due at the same time in the order they were scheduled', () => {
      const clock = createTestClock(0);
      const fired: number[] = [];
      for (const n of [1, 2, 3]) clock.setTimeout(() => fired.push(n), 100);
      clock.advance(100);
      expect(fired).toEqual([1, 2, 3]);
    });

    it('also fires timers that callbacks schedule, when they fall due within the advance', () => {
      const clock = createTestClock(0);
      const ticks: number[] = [];
      const tick = () => {
        ticks.push(clock.now());
        clock.setTimeout(tick, 1_000);
      };
      clock.setTimeout(tick, 1_000);
      clock.advance(3_500);
      expect(ticks).toEqual([1_000, 2_000, 3_000]);
      expect(clock.pendingTimers()).toBe(1);
    });

    it('fires a zero-delay timer scheduled during the advance before later ones', () => {
      const clock = createTestClock(0);
      const fired: string[] = [];
      clock.setTimeout(() => {
        fired.push('first');
        clock.setTimeout(() => fired.push('immediate'), 0);
      }, 10);
      clock.setTimeout(() => fired.push('later'), 20);
      clock.advance(20);
      expect(fired).toEqual(['first', 'immediate', 'later']);
    });

    it('never fires a cleared timer', () => {
      const clock = createTestClock(0);
      const callback = vi.fn();
      const handle = clock.setTimeout(callback, 10);
      clock.clearTimeout(handle);
      clock.advance(100);
      expect(callback).not.toHaveBeenCalled();
      expect(clock.pendingTimers()).toBe(0);
    });
  });

  describe('when it jumps with set()', () => {
    it('moves the time without firing anything, and the next advance fires what is overdue at the new time', () => {
      const clock = createTestClock(0);
      const seen: number[] = [];
      clock.setTimeout(() => seen.push(clock.now()), 1_000);
      clock.set(60_000);
      expect(seen).toEqual([]);
      expect(clock.now()).toBe(60_000);
      clock.advance(0);
      expect(seen).toEqual([60_000]);
    });
  });
});

describe('the system clock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('follows fake timers installed after it was created', () => {
    vi.useFakeTimers({ now: Date.UTC(2030, 0, 1) });
    const callback = vi.fn();
    systemClock.setTimeout(callback, 1_000);
    expect(systemClock.now()).toBe(Date.UTC(2030, 0, 1));
    vi.advanceTimersByTime(1_000);
    expect(callback).toHaveBeenCalledTimes(1);
  });

  it('cancels with clearTimeout', () => {
    vi.useFakeTimers();
    const callback = vi.fn();
    const handle = systemClock.setTimeout(callback, 1_000);
    systemClock.clearTimeout(handle);
    vi.advanceTimersByTime(5_000);
    expect(callback).not.toHaveBeenCalled();
  });
});
