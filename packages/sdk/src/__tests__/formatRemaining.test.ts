import { describe, expect, it } from 'vitest';
import { formatRemaining } from '../formatRemaining';

describe('formatRemaining', () => {
  it.each([
    [30 * 60_000, '30:00'],
    [30 * 60_000 - 1, '30:00'],
    [29 * 60_000 + 59_000, '29:59'],
    [60_000, '1:00'],
    [59_001, '1:00'],
    [5_000, '0:05'],
    [4_001, '0:05'],
    [1, '0:01'],
    [3_723_000, '1:02:03'],
    [3_600_000, '1:00:00'],
    [3_599_001, '1:00:00'],
    [168 * 3_600_000, '168:00:00'],
  ])('shows %d ms as %s', (ms, text) => {
    expect(formatRemaining(ms)).toBe(text);
  });

  it.each([0, -1, -60_000, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('shows %d as 0:00', (ms) => {
    expect(formatRemaining(ms)).toBe('0:00');
  });

  it('reads 0:00 only once the time is really gone', () => {
    expect(formatRemaining(999)).toBe('0:01');
    expect(formatRemaining(0)).toBe('0:00');
  });
});
