import { describe, expect, it, vi } from 'vitest';
import { createTestClock } from '../clock';
import { createTicker } from '../ticker';

const START = Date.UTC(2026, 10, 21, 10, 0, 0);

describe('the shared ticker', () => {
  describe('given no subscriber', () => {
    it('sets no timer, yet reads the current second', () => {
      const clock = createTestClock(START + 1_250);
      const ticker = createTicker(clock, clock.now);
      expect(clock.pendingTimers()).toBe(0);
      expect(ticker.getSnapshot()).toBe(START + 1_000);
    });
  });

  describe('given one subscriber', () => {
    it('ticks on every whole second of server time', () => {
      const clock = createTestClock(START + 300);
      // The server is 450 ms ahead: ticks land on its whole seconds, not the client's.
      const ticker = createTicker(clock, () => clock.now() + 450);
      const seen: number[] = [];
      ticker.subscribe(() => seen.push(ticker.getSnapshot()));
      expect(clock.pendingTimers()).toBe(1);
      clock.advance(249);
      expect(seen).toEqual([]);
      clock.advance(1);
      expect(seen).toEqual([START + 1_000]);
      clock.advance(2_000);
      expect(seen).toEqual([START + 1_000, START + 2_000, START + 3_000]);
    });

    it('re-aligns after a machine sleeps instead of drifting', () => {
      const clock = createTestClock(START);
      const ticker = createTicker(clock, clock.now);
      const listener = vi.fn();
      ticker.subscribe(listener);
      clock.set(START + 40 * 60_000 + 730);
      clock.advance(0);
      expect(listener).toHaveBeenCalledTimes(1);
      expect(ticker.getSnapshot()).toBe(START + 40 * 60_000);
      clock.advance(269);
      expect(listener).toHaveBeenCalledTimes(1);
      clock.advance(1);
      expect(listener).toHaveBeenCalledTimes(2);
      expect(ticker.getSnapshot()).toBe(START + 40 * 60_000 + 1_000);
    });

    it('says nothing when a timer fires early within the same second', () => {
      const clock = createTestClock(START);
      let skew = 0;
      const ticker = createTicker(clock, () => clock.now() + skew);
      const listener = vi.fn();
      ticker.subscribe(listener);
      // The skew moves back 10 ms: the timer set for the next second now fires 10 ms short of it.
      skew = -10;
      clock.advance(1_000);
      expect(listener).not.toHaveBeenCalled();
      clock.advance(10);
      expect(listener).toHaveBeenCalledTimes(1);
    });
  });

  describe('given several subscribers', () => {
    it('shares one timer and stops with the last one', () => {
      const clock = createTestClock(START);
      const ticker = createTicker(clock, clock.now);
      const first = vi.fn();
      const second = vi.fn();
      const stopFirst = ticker.subscribe(first);
      const stopSecond = ticker.subscribe(second);
      expect(clock.pendingTimers()).toBe(1);
      clock.advance(1_000);
      expect(first).toHaveBeenCalledTimes(1);
      expect(second).toHaveBeenCalledTimes(1);
      stopFirst();
      expect(clock.pendingTimers()).toBe(1);
      stopSecond();
      stopSecond();
      expect(clock.pendingTimers()).toBe(0);
      clock.advance(5_000);
      expect(second).toHaveBeenCalledTimes(1);
    });

    it('lets a listener leave during a tick', () => {
      const clock = createTestClock(START);
      const ticker = createTicker(clock, clock.now);
      const stop = ticker.subscribe(() => stop());
      clock.advance(1_000);
      expect(clock.pendingTimers()).toBe(0);
    });

    it('drops everyone on destroy', () => {
      const clock = createTestClock(START);
      const ticker = createTicker(clock, clock.now);
      const listener = vi.fn();
      ticker.subscribe(listener);
      ticker.destroy();
      expect(clock.pendingTimers()).toBe(0);
      clock.advance(3_000);
      expect(listener).not.toHaveBeenCalled();
    });
  });
});
