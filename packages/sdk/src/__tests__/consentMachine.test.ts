import { describe, expect, it } from 'vitest';
import type { ConsentState } from '../clientTypes';
import { CONSENT_EVENTS, initialConsentState, transitionConsent } from '../consentMachine';
import { ImpersonationError } from '../errors';
import type { Consent } from '../types';

const granted: Consent = {
  status: 'active',
  grantedAt: '2026-11-21T10:00:00.000Z',
  expiresAt: '2026-11-22T10:00:00.000Z',
  durationHours: 24,
};
const none: Consent = { status: 'inactive', grantedAt: null, expiresAt: null, durationHours: null };
const networkError = new ImpersonationError('network_error', 'Failed to fetch');

const active: ConsentState = { status: 'active', consent: granted, error: null };
const inactive: ConsentState = { status: 'inactive', consent: none, error: null };

describe('the consent machine', () => {
  it('names every event in one map', () => {
    expect(Object.keys(CONSENT_EVENTS)).toEqual(Object.values(CONSENT_EVENTS));
  });

  describe('given the consent was never read', () => {
    it('starts unknown', () => {
      expect(initialConsentState).toEqual({ status: 'unknown', consent: null, error: null });
    });

    it('is loading while the read is out', () => {
      expect(transitionConsent(initialConsentState, { type: 'LOAD' })).toEqual({ status: 'loading', consent: null, error: null });
    });

    it('becomes active or inactive as the server says', () => {
      const loading = transitionConsent(initialConsentState, { type: 'LOAD' });
      expect(transitionConsent(loading, { type: 'LOADED', consent: granted })).toEqual(active);
      expect(transitionConsent(loading, { type: 'LOADED', consent: none })).toEqual(inactive);
    });

    it('goes to error when the read fails, and loads again', () => {
      const loading = transitionConsent(initialConsentState, { type: 'LOAD' });
      const failed = transitionConsent(loading, { type: 'FAILED', error: networkError });
      expect(failed).toEqual({ status: 'error', consent: null, error: networkError });
      expect(transitionConsent(failed, { type: 'FAILED', error: networkError })).toBe(failed);
      expect(transitionConsent(failed, { type: 'LOAD' })).toEqual({ status: 'loading', consent: null, error: null });
    });
  });

  describe('given an active consent', () => {
    it('re-reads quietly, keeping the consent on show', () => {
      expect(transitionConsent(active, { type: 'LOAD' })).toBe(active);
    });

    it('keeps the same snapshot when an equal copy arrives', () => {
      expect(transitionConsent(active, { type: 'LOADED', consent: { ...granted } })).toBe(active);
    });

    it('keeps the consent and shows the error when a re-read fails', () => {
      expect(transitionConsent(active, { type: 'FAILED', error: networkError })).toEqual({ ...active, error: networkError });
    });

    it('becomes inactive when it expires, keeping when it was granted', () => {
      expect(transitionConsent(active, { type: 'EXPIRED' })).toEqual({
        status: 'inactive',
        consent: { ...granted, status: 'inactive' },
        error: null,
      });
    });

    describe('when it is revoked', () => {
      const saving = transitionConsent(active, { type: 'SAVE' });

      it('is saving, still showing the consent', () => {
        expect(saving).toEqual({ status: 'saving', consent: granted, error: null });
      });

      it('ignores a second save and a read answered meanwhile', () => {
        expect(transitionConsent(saving, { type: 'SAVE' })).toBe(saving);
        expect(transitionConsent(saving, { type: 'LOADED', consent: granted })).toBe(saving);
      });

      it('becomes inactive when the server agrees', () => {
        expect(transitionConsent(saving, { type: 'SAVED', consent: none })).toEqual(inactive);
      });

      it('keeps the consent and sets the error when the request fails', () => {
        expect(transitionConsent(saving, { type: 'SAVE_FAILED', error: networkError })).toEqual({ ...active, error: networkError });
      });
    });
  });

  describe('given no consent', () => {
    it('cannot expire', () => {
      expect(transitionConsent(inactive, { type: 'EXPIRED' })).toBe(inactive);
    });

    it('becomes active once a grant is saved', () => {
      const saving = transitionConsent(inactive, { type: 'SAVE' });
      expect(transitionConsent(saving, { type: 'SAVED', consent: granted })).toEqual(active);
    });

    it('ignores a stray failure of a save it never made', () => {
      expect(transitionConsent(inactive, { type: 'SAVE_FAILED', error: networkError })).toBe(inactive);
    });

    it('takes another tab’s grant', () => {
      expect(transitionConsent(inactive, { type: 'LOADED', consent: granted })).toEqual(active);
    });
  });

  it('reports an error status when a save fails before the consent was ever read', () => {
    const saving = transitionConsent(initialConsentState, { type: 'SAVE' });
    expect(transitionConsent(saving, { type: 'SAVE_FAILED', error: networkError })).toEqual({ status: 'error', consent: null, error: networkError });
  });
});
