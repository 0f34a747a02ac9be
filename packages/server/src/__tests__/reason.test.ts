import { describe, expect, it } from 'vitest';
import { buildPolicy } from '../presets';
import { testServer } from './harness';

const start = (t: ReturnType<typeof testServer>, extra: Record<string, unknown>) => t.start('u_admin', { targetUserId: 'u_alice', ...extra });
const storedReason = (reply: { body: { session?: unknown } }) => (reply.body.session as { reason: string | null; reasonCategory: string | null } | undefined);

// Account-admin: a reason of 10 to 500 characters is required; four categories, none required.
describe('the reason a start carries', () => {
  describe('is measured in user-perceived characters (grapheme clusters), not code units', () => {
    it('accepts ten accented letters written as letter + combining mark (20 code units)', async () => {
      const reply = await start(testServer(), { reason: 'e\u0301'.repeat(10) });
      expect(reply.status).toBe(201);
    });

    it('refuses nine family emoji (72 code units) as too short', async () => {
      const reply = await start(testServer(), { reason: '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}'.repeat(9) });
      expect(reply).toMatchObject({ status: 422, body: { error: { code: 'invalid_reason', details: { minLength: 10 } } } });
    });

    it('accepts 500 combined letters (1,000 code units) and refuses 501', async () => {
      expect((await start(testServer(), { reason: 'e\u0301'.repeat(500) })).status).toBe(201);
      expect((await start(testServer(), { reason: 'e\u0301'.repeat(501) })).body.error?.code).toBe('invalid_reason');
    });
  });

  describe('made only of invisible characters', () => {
    const invisible = '\u200B\u2800\u3164\uFEFF \u00A0'.repeat(5);

    it('is blank, so a policy that requires a reason refuses it', async () => {
      const reply = await start(testServer(), { reason: invisible });
      expect(reply).toMatchObject({ status: 422, body: { error: { code: 'invalid_reason', message: 'The reason cannot be blank.' } } });
    });

    it('is stored as no reason where the reason is optional', async () => {
      const t = testServer({ policy: buildPolicy('account-admin', { reason: { required: false, minLength: 0 } }) });
      const reply = await start(t, { reason: invisible });
      expect(reply.status).toBe(201);
      expect(storedReason(reply)?.reason).toBeNull();
    });
  });

  describe('with bidi controls', () => {
    it('is stored without them, in the session and in the audit trail', async () => {
      const t = testServer();
      const reply = await start(t, { reason: '\u202EReproducing \u2066ticket\u2069 4521\u202C' });
      expect(reply.status).toBe(201);
      expect(storedReason(reply)?.reason).toBe('Reproducing ticket 4521');
      const audit = await t.call('GET', '/audit?type=impersonation.started', { as: 'u_admin' });
      expect(JSON.stringify(audit.body)).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
      expect(JSON.stringify(audit.body)).toContain('Reproducing ticket 4521');
    });

    it('counts only what is left: controls do not make a short reason long enough', async () => {
      const reply = await start(testServer(), { reason: `Short\u202E${'\u2066'.repeat(20)}` });
      expect(reply.body.error?.code).toBe('invalid_reason');
    });
  });

  describe('category', () => {
    it('is optional even where the policy lists categories: absent or empty is stored as null', async () => {
      for (const extra of [{}, { reasonCategory: '' }]) {
        const reply = await start(testServer(), { reason: 'Reproducing a bug', ...extra });
        expect(reply.status).toBe(201);
        expect(storedReason(reply)?.reasonCategory).toBeNull();
      }
    });

    it('is stored when it is one of the policy’s and refused with 422 invalid_reason when not', async () => {
      const ok = await start(testServer(), { reason: 'Reproducing a bug', reasonCategory: 'Support' });
      expect(storedReason(ok)?.reasonCategory).toBe('Support');
      const unknown = await start(testServer(), { reason: 'Reproducing a bug', reasonCategory: 'Curiosity' });
      expect(unknown).toMatchObject({ status: 422, body: { error: { code: 'invalid_reason', details: { categories: ['Troubleshooting', 'Support', 'Training', 'Permission check'] } } } });
    });
  });
});
