import { describe, expect, it } from 'vitest';
import { formatDuration, formatRelative } from '../format';
import { formatMessage } from '../messages';

const NOW = Date.parse('2026-11-21T10:00:00.000Z');

describe('formatRelative', () => {
  it('says seconds, minutes, hours and days in the locale', () => {
    expect(formatRelative('2026-11-21T10:00:30.000Z', NOW, 'en')).toBe('in 30 seconds');
    expect(formatRelative('2026-11-21T09:55:00.000Z', NOW, 'en')).toBe('5 minutes ago');
    expect(formatRelative('2026-11-21T12:00:00.000Z', NOW, 'en')).toBe('in 2 hours');
    expect(formatRelative('2026-11-24T10:00:00.000Z', NOW, 'en')).toBe('in 3 days');
    expect(formatRelative('2026-11-22T10:00:00.000Z', NOW, 'de')).toBe('morgen');
  });

  it('rounds up to the next unit rather than saying "60 seconds"', () => {
    expect(formatRelative('2026-11-21T10:00:59.600Z', NOW, 'en')).toBe('in 1 minute');
    expect(formatRelative('2026-11-21T10:59:40.000Z', NOW, 'en')).toBe('in 1 hour');
  });
});

describe('formatDuration', () => {
  it('reads hours and minutes, and seconds only under a minute', () => {
    expect(formatDuration(90 * 60_000, 'en')).toBe('1 hr 30 min');
    expect(formatDuration(45_000, 'en')).toBe('45 sec');
    expect(formatDuration(0, 'en')).toBe('0 sec');
  });
});

describe('formatMessage', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(formatMessage('Impersonate {name}', { name: 'Alice' })).toBe('Impersonate Alice');
    expect(formatMessage('Impersonate {name}')).toBe('Impersonate {name}');
  });

  it('never fills a placeholder from the object prototype', () => {
    expect(formatMessage('{constructor} {toString}', {})).toBe('{constructor} {toString}');
  });
});
