import { describe, expect, it } from 'vitest';
import { isImpersonationError } from '@impersonate-kit/sdk';
import type { Policy } from '@impersonate-kit/sdk';
import { checkCategory, checkReason, checkStepUpCode, reasonLength } from '../components/reasonRules';
import { setupKitServer } from './kitHarness';

const { kit } = setupKitServer();

const required: Policy['reason'] = { required: true, minLength: 10, maxLength: 500, categories: ['Support', 'Training'] };
const optional: Policy['reason'] = { required: false, minLength: 0, maxLength: 500, categories: [] };

describe('reason rules', () => {
  describe('given a required reason of 10 to 500 characters', () => {
    it('calls blank and whitespace-only reasons missing', () => {
      expect(checkReason(required, '')).toBe('required');
      expect(checkReason(required, ' \n\t ')).toBe('required');
    });

    it('measures the trimmed reason', () => {
      expect(reasonLength('  Ticket 12  ')).toBe(9);
      expect(checkReason(required, '  Ticket 12  ')).toBe('tooShort');
      expect(checkReason(required, '  Ticket 123  ')).toBeNull();
    });

    it('takes exactly the minimum and exactly the maximum, and nothing past them', () => {
      expect(checkReason(required, 'x'.repeat(9))).toBe('tooShort');
      expect(checkReason(required, 'x'.repeat(10))).toBeNull();
      expect(checkReason(required, 'x'.repeat(500))).toBeNull();
      expect(checkReason(required, 'x'.repeat(501))).toBe('tooLong');
      expect(checkReason(required, 'x'.repeat(10_000))).toBe('tooLong');
    });
  });

  describe('given an optional reason', () => {
    it('takes a blank reason, and any short one', () => {
      expect(checkReason(optional, '')).toBeNull();
      expect(checkReason(optional, '   ')).toBeNull();
      expect(checkReason(optional, 'x')).toBeNull();
      expect(checkReason(optional, 'x'.repeat(501))).toBe('tooLong');
    });
  });

  describe('categories', () => {
    it('asks for one when the reason is required and the policy lists them', () => {
      expect(checkCategory(required, '')).toBe('required');
      expect(checkCategory(required, 'Support')).toBeNull();
      expect(checkCategory(required, 'Gossip')).toBe('unknown');
      expect(checkCategory({ ...required, required: false }, '')).toBeNull();
    });
  });

  describe('the second-factor code', () => {
    it('is needed only when the policy asks for one', () => {
      expect(checkStepUpCode(true, ' ')).toBe('required');
      expect(checkStepUpCode(true, '000000')).toBeNull();
      expect(checkStepUpCode(false, '')).toBeNull();
    });
  });

  describe('against the real backend', () => {
    const samples = [
      '',
      '   ',
      'x'.repeat(9),
      ` ${'x'.repeat(9)} `,
      'x'.repeat(10),
      `\n${'x'.repeat(10)}\t`,
      // Emoji are two UTF-16 code units each, for the server's `length` as for ours.
      '😀'.repeat(5),
      '😀'.repeat(4),
      '\u00a0'.repeat(3) + 'x'.repeat(9),
      '\u200b'.repeat(3) + 'x'.repeat(9),
      'x'.repeat(500),
      'x'.repeat(501),
    ];

    it.each(['account-admin', 'consent'] as const)('agrees with POST /sessions on every sample (%s)', async (preset) => {
      const k = kit({ preset });
      const policy = await k.client.getPolicy();
      for (const sample of samples) {
        const ours = checkReason(policy.reason, sample) === null;
        let theirs: boolean;
        try {
          await k.client.api.startSession({
            targetUserId: 'u_alice',
            reason: sample,
            ...(policy.reason.categories[0] ? { reasonCategory: policy.reason.categories[0] } : {}),
          });
          theirs = true;
          await k.client.api.endSession();
        } catch (error) {
          if (!isImpersonationError(error) || error.code !== 'invalid_reason') throw error;
          theirs = false;
        }
        expect({ sample, accepted: ours }).toEqual({ sample, accepted: theirs });
        // Ten starts a minute is the limit; time is cheap here.
        k.clock.advance(61_000);
      }
    });
  });
});
