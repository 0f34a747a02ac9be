// Dates and durations through Intl, in the provider's locale.

/** An absolute date and time, e.g. "Nov 21, 2026, 10:30 AM". */
export function formatDateTime(iso: string, locale: string | undefined): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** A time of day, e.g. "10:30 AM". */
export function formatTime(iso: string, locale: string | undefined): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(new Date(iso));
}

const RELATIVE_STEPS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', Infinity],
];

/** A time relative to `nowMs`, e.g. "in 2 hours" or "5 minutes ago". */
export function formatRelative(iso: string, nowMs: number, locale: string | undefined): string {
  let value = (Date.parse(iso) - nowMs) / 1000;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of RELATIVE_STEPS) {
    // Compare the rounded value, so 59.6 seconds reads "in 1 minute", never "in 60 seconds".
    if (Math.abs(Math.round(value)) < size) return format.format(Math.round(value), unit);
    value /= size;
  }
  return format.format(Math.round(value), 'week');
}

/** A duration in words, e.g. "1 hr 30 min" (seconds only under a minute). */
export function formatDuration(ms: number, locale: string | undefined): string {
  const totalSeconds = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const unit = (value: number, name: 'hour' | 'minute' | 'second') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
  const parts: string[] = [];
  if (hours) parts.push(unit(hours, 'hour'));
  if (minutes) parts.push(unit(minutes, 'minute'));
  if (!hours && (seconds || !minutes)) parts.push(unit(seconds, 'second'));
  return new Intl.ListFormat(locale, { style: 'narrow', type: 'unit' }).format(parts);
}
