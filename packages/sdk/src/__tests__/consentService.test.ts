import { afterEach, describe, expect, it, vi } from 'vitest';
import { consentHoursRange, validateConsentDuration } from '../consentService';
import { cleanup, setup } from './clientHarness';
import { flush, networkError, testPolicy } from './fakeApi';

const HOUR = 3_600_000;

afterEach(cleanup);

async function loaded(options: Parameters<typeof setup>[0] = {}) {
  const harness = setup(options);
  harness.client.consent.subscribe(() => {});
  await flush();
  return harness;
}

describe('the consent store', () => {
  describe('given a viewer who never consented', () => {
    it('reads the consent on the first subscriber, once', async () => {
      const { client, server } = await loaded();
      client.consent.subscribe(() => {});
      await flush();
      expect(client.consent.getSnapshot()).toEqual({
        status: 'inactive',
        consent: { status: 'inactive', grantedAt: null, expiresAt: null, durationHours: null },
        error: null,
      });
      expect(server.count('getConsent')).toBe(1);
    });

    it('says what went wrong when the read fails, and reads again on refresh', async () => {
      const harness = setup();
      harness.server.offline = true;
      harness.client.consent.subscribe(() => {});
      await flush();
      expect(harness.client.consent.getSnapshot()).toMatchObject({ status: 'error', error: { code: 'network_error' } });
      harness.server.offline = false;
      await expect(harness.client.consent.refresh()).resolves.toMatchObject({ status: 'inactive' });
      expect(harness.client.consent.getSnapshot()).toMatchObject({ status: 'inactive', error: null });
    });

    describe.each([
      ['0 hours', 0],
      ['169 hours', 169],
      ['1.5 hours', 1.5],
      ['the string "2"', '2'],
      ['NaN', Number.NaN],
      ['minus one hour', -1],
      ['Infinity', Number.POSITIVE_INFINITY],
      ['nothing', undefined],
    ])('when they try to grant %s', (_label, durationHours) => {
      it('refuses with invalid_duration before any request, leaving the state untouched', async () => {
        const { client, server } = await loaded();
        const before = client.consent.getSnapshot();
        const listener = vi.fn();
        client.consent.subscribe(listener);
        const grant = client.consent.grant({ durationHours: durationHours as number });
        await expect(grant).rejects.toMatchObject({ name: 'ImpersonationError', code: 'invalid_duration', status: 422 });
        expect(server.count('putConsent')).toBe(0);
        expect(client.consent.getSnapshot()).toBe(before);
        expect(listener).not.toHaveBeenCalled();
      });
    });

    it('accepts both ends of the range', async () => {
      const { client, server } = await loaded();
      await client.consent.grant({ durationHours: 1 });
      await client.consent.grant({ durationHours: 168 });
      expect(server.calls.filter((call) => call.method === 'putConsent').map((call) => call.args[0])).toEqual([1, 168]);
    });

    it('holds to the policy’s own range once the policy is loaded', async () => {
      const { client, server } = await loaded({ policy: testPolicy({}, { consent: { required: true, minHours: 2, maxHours: 72, presetHours: [24] } }) });
      await client.viewer.load();
      await expect(client.consent.grant({ durationHours: 1 })).rejects.toMatchObject({ code: 'invalid_duration', details: { minHours: 2, maxHours: 72 } });
      await expect(client.consent.grant({ durationHours: 73 })).rejects.toMatchObject({ code: 'invalid_duration' });
      await client.consent.grant({ durationHours: 72 });
      expect(server.count('putConsent')).toBe(1);
    });

    describe('when they grant 24 hours', () => {
      it('is saving, then active until the server’s expiresAt', async () => {
        const { client, server } = await loaded();
        const release = server.hold('putConsent');
        const granting = client.consent.grant({ durationHours: 24 });
        expect(client.consent.getSnapshot().status).toBe('saving');
        release();
        const consent = await granting;
        expect(consent).toMatchObject({ status: 'active', durationHours: 24, expiresAt: '2026-11-22T10:00:00.000Z' });
        expect(client.consent.getSnapshot()).toEqual({ status: 'active', consent, error: null });
      });

      it('keeps the old consent and shows the error when the save fails', async () => {
        const { client, server } = await loaded();
        const before = client.consent.getSnapshot().consent;
        server.failNext('putConsent', networkError());
        await expect(client.consent.grant({ durationHours: 24 })).rejects.toMatchObject({ code: 'network_error' });
        expect(client.consent.getSnapshot()).toMatchObject({ status: 'inactive', consent: before, error: { code: 'network_error' } });
      });
    });
  });

  describe('given an active consent of 24 hours', () => {
    it('turns inactive at expiresAt exactly, without a request', async () => {
      const { client, clock, server } = await loaded();
      await client.consent.grant({ durationHours: 24 });
      const requests = server.calls.length;
      clock.advance(24 * HOUR - 1);
      expect(client.consent.getSnapshot().status).toBe('active');
      clock.advance(1);
      expect(client.consent.getSnapshot()).toMatchObject({ status: 'inactive', consent: { durationHours: 24 } });
      expect(server.calls.length).toBe(requests);
      expect(clock.pendingTimers()).toBe(0);
    });

    it('expires on the server’s clock when the client clock is an hour off', async () => {
      const { client, clock } = await loaded({ clientOffsetMs: HOUR });
      await client.consent.grant({ durationHours: 24 });
      clock.advance(24 * HOUR - 1);
      expect(client.consent.getSnapshot().status).toBe('active');
      clock.advance(1);
      expect(client.consent.getSnapshot().status).toBe('inactive');
    });

    it('is revoked', async () => {
      const { client, clock } = await loaded();
      await client.consent.grant({ durationHours: 24 });
      const consent = await client.consent.revoke();
      expect(consent.status).toBe('inactive');
      expect(client.consent.getSnapshot()).toMatchObject({ status: 'inactive', error: null });
      expect(clock.pendingTimers()).toBe(0);
    });

    it('keeps the consent when a revoke fails', async () => {
      const { client, server } = await loaded();
      const consent = await client.consent.grant({ durationHours: 24 });
      server.failNext('deleteConsent', networkError());
      await expect(client.consent.revoke()).rejects.toMatchObject({ code: 'network_error' });
      expect(client.consent.getSnapshot()).toMatchObject({ status: 'active', consent, error: { code: 'network_error' } });
    });

    it('keeps the same snapshot when a refresh learns nothing', async () => {
      const { client } = await loaded();
      await client.consent.grant({ durationHours: 24 });
      const before = client.consent.getSnapshot();
      await client.consent.refresh();
      expect(client.consent.getSnapshot()).toBe(before);
    });
  });

  it('reads the range from the policy, or 1..168 without one', () => {
    expect(consentHoursRange(null)).toEqual({ min: 1, max: 168 });
    expect(consentHoursRange(testPolicy({}, { consent: { required: true, minHours: 4, maxHours: 8, presetHours: [] } }))).toEqual({ min: 4, max: 8 });
    expect(validateConsentDuration(8, { min: 4, max: 8 })).toBeNull();
    expect(validateConsentDuration(9, { min: 4, max: 8 })?.code).toBe('invalid_duration');
  });
});
