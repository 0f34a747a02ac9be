import { describe, expect, it } from 'vitest';
import { createTestClock } from '../clock';
import { MAX_SAMPLE_ROUND_TRIP_MS, createSkewMeter, measureSkew } from '../skew';

const HOUR = 3_600_000;

describe('clock skew', () => {
  it('is the server time minus the midpoint of the round trip', () => {
    expect(measureSkew(1_000, 1_200, 5_000)).toBe(3_900);
  });

  describe('given a client clock an hour ahead of the server', () => {
    const clock = createTestClock(Date.UTC(2026, 10, 21, 11, 0, 0));
    const meter = createSkewMeter(clock);

    it('reads server time as the client clock until an answer arrives', () => {
      expect(meter.offsetMs()).toBe(0);
      expect(meter.serverNow()).toBe(clock.now());
    });

    it('corrects by the hour once an answer says what time the server has', async () => {
      await meter.measure(async () => {
        clock.advance(200);
        return { serverTime: '2026-11-21T10:00:00.100Z' };
      });
      expect(meter.offsetMs()).toBe(-HOUR);
      // The server spoke at the midpoint of the round trip; the answer arrived 100 ms later.
      expect(new Date(meter.serverNow()).toISOString()).toBe('2026-11-21T10:00:00.200Z');
    });

    it('follows the latest answer when the client clock jumps', () => {
      meter.record(clock.now(), clock.now(), new Date(clock.now() + 5_000).toISOString());
      expect(meter.offsetMs()).toBe(5_000);
    });

    it('ignores an answer without a readable time, a round trip that ran backwards, and one that took ages', () => {
      meter.record(clock.now(), clock.now(), 'not a time');
      meter.record(clock.now(), clock.now() - 1, new Date(0).toISOString());
      meter.record(clock.now() - MAX_SAMPLE_ROUND_TRIP_MS - 1, clock.now(), new Date(0).toISOString());
      expect(meter.offsetMs()).toBe(5_000);
    });

    it('still uses a slow answer within the limit', () => {
      meter.record(clock.now() - MAX_SAMPLE_ROUND_TRIP_MS, clock.now(), new Date(clock.now()).toISOString());
      expect(meter.offsetMs()).toBe(MAX_SAMPLE_ROUND_TRIP_MS / 2);
    });
  });
});
