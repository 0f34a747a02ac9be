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

  it('picks the plural form the locale needs, with the number written for it', () => {
    const hours = '{count, plural, one {# hour} other {# hours}}';
    expect(formatMessage(hours, { count: 1 }, 'en')).toBe('1 hour');
    expect(formatMessage(hours, { count: 2 }, 'en')).toBe('2 hours');
    expect(formatMessage(hours, { count: 1000 }, 'en')).toBe('1,000 hours');
    expect(formatMessage(hours, { count: 1000 }, 'de')).toBe('1.000 hours');
    // Polish has a "few" form that English lacks.
    const files = '{n, plural, one {# plik} few {# pliki} many {# plików} other {# pliku}}';
    expect(formatMessage(files, { n: 1 }, 'pl')).toBe('1 plik');
    expect(formatMessage(files, { n: 3 }, 'pl')).toBe('3 pliki');
    expect(formatMessage(files, { n: 5 }, 'pl')).toBe('5 plików');
  });

  it('prefers an exact =N form and keeps the other placeholders', () => {
    const left = '{name}: {n, plural, =0 {nothing} one {# item} other {# items}} left';
    expect(formatMessage(left, { name: 'Cart', n: 0 }, 'en')).toBe('Cart: nothing left');
    expect(formatMessage(left, { name: 'Cart', n: 1 }, 'en')).toBe('Cart: 1 item left');
  });

  it('leaves a plural visible when its count is missing or not a number', () => {
    const hours = '{count, plural, one {# hour} other {# hours}}';
    expect(formatMessage(hours, {}, 'en')).toBe(hours);
    expect(formatMessage(hours, { count: 'many' }, 'en')).toBe(hours);
  });
});
