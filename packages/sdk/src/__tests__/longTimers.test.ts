import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApiClient } from '../apiClient';
import { createTestClock, systemClock } from '../clock';
import { armTimer, MAX_TIMER_DELAY_MS } from '../timer';
import { cleanup, setup, startSession } from './clientHarness';
import { flush, testPolicy } from './fakeApi';

const SECOND = 1_000;
const HOUR = 3_600 * SECOND;
const DAY = 24 * HOUR;

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('the test clock, like the platform', () => {
  it('fires a timer longer than 2^31 − 1 ms at once, and counts every timer set', () => {
    const clock = createTestClock();
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('too long'), MAX_TIMER_DELAY_MS + 1);
    clock.setTimeout(() => fired.push('longest'), MAX_TIMER_DELAY_MS);
    clock.advance(0);
    expect(fired).toEqual(['too long']);
    expect(clock.timersSet()).toBe(2);
  });

  it('reports a timer storm instead of spinning forever', () => {
    const clock = createTestClock();
    const again = () => void clock.setTimeout(again, 2 ** 40);
    again();
    expect(() => clock.advance(1)).toThrow(/Timer storm/);
  });
});

describe('armTimer', () => {
  it('waits any delay, re-armed in steps the platform can hold', () => {
    const clock = createTestClock();
    const callback = vi.fn();
    armTimer(clock, 60 * DAY, callback);
    clock.advance(60 * DAY - 1);
    expect(callback).not.toHaveBeenCalled();
    clock.advance(1);
    expect(callback).toHaveBeenCalledTimes(1);
    expect(clock.timersSet()).toBe(3); // 24.8 + 24.8 + 10.4 days
  });

  it('cancels at any step', () => {
    const clock = createTestClock();
    const callback = vi.fn();
    const cancel = armTimer(clock, 60 * DAY, callback);
    clock.advance(30 * DAY);
    cancel();
    clock.advance(60 * DAY);
    expect(callback).not.toHaveBeenCalled();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('never hands the real setTimeout more than 2^31 − 1 ms, so Node never warns', () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    try {
      const cancel = armTimer(systemClock, 10_000 * 365 * DAY, () => {});
      expect(setTimeoutSpy).toHaveBeenCalledTimes(1);
      expect(setTimeoutSpy.mock.calls[0]?.[1]).toBe(MAX_TIMER_DELAY_MS);
      cancel();
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((warning) => warning.name === 'TimeoutOverflowWarning')).toEqual([]);
  });
});

describe('deadlines far away', () => {
  it('waits calmly for a session that ends in the year 9999', async () => {
    const endsIn9999 = (Date.UTC(9999, 0, 1) - createTestClock().now()) / SECOND;
    const { client, clock, server } = setup({ policy: testPolicy({ maxDurationSeconds: endsIn9999 }), pollIntervalMs: 40 * DAY });
    await startSession(client);
    expect(client.session.getSnapshot().session?.expiresAt).toBe('9999-01-01T00:00:00.000Z');
    const before = clock.timersSet();
    clock.advance(HOUR);
    await flush();
    expect(client.session.getSnapshot().status).toBe('active');
    expect(clock.timersSet()).toBe(before);
    expect(server.count('getSession')).toBe(0);
  });

  it('polls every 40 days when told to, not at once', async () => {
    const endsIn9999 = (Date.UTC(9999, 0, 1) - createTestClock().now()) / SECOND;
    const { client, clock, server } = setup({ policy: testPolicy({ maxDurationSeconds: endsIn9999 }), pollIntervalMs: 40 * DAY });
    await startSession(client);
    clock.advance(40 * DAY - 1);
    await flush();
    expect(server.count('getSession')).toBe(0);
    clock.advance(1);
    await flush();
    expect(server.count('getSession')).toBe(1);
    expect(client.session.getSnapshot().status).toBe('active');
    // The session deadline and the poll each re-armed once on the way: a handful of timers, no storm.
    expect(clock.timersSet()).toBeLessThan(12);
  });

  it('expires a 30-day consent exactly at its end, with a handful of timers', async () => {
    const { client, clock } = setup({ policy: testPolicy({}, { consent: { required: true, minHours: 1, maxHours: 1000, presetHours: [720] } }) });
    await client.getPolicy();
    client.consent.subscribe(() => {});
    await flush();
    await client.consent.grant({ durationHours: 720 });
    const before = clock.timersSet();
    clock.advance(30 * DAY - 1);
    await flush();
    expect(client.consent.getSnapshot().status).toBe('active');
    clock.advance(1);
    await flush();
    expect(client.consent.getSnapshot().status).toBe('inactive');
    expect(clock.timersSet() - before).toBeLessThanOrEqual(3);
  });

  it('times a request out after a time-out longer than 2^31 − 1 ms, not at once', async () => {
    const clock = createTestClock();
    const api = createApiClient({ fetch: () => new Promise<Response>(() => {}), clock, timeoutMs: 40 * DAY });
    const result = api.getViewer().catch((reason: unknown) => reason);
    let settled = false;
    void result.then(() => (settled = true));
    clock.advance(40 * DAY - 1);
    await flush();
    expect(settled).toBe(false);
    clock.advance(1);
    await expect(result).resolves.toMatchObject({ code: 'timeout' });
  });
});
