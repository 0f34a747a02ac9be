import { describe, expect, it } from 'vitest';
import { PRESETS } from '../presets';
import type { PolicyInput } from '../types';
import { testServer } from './harness';

describe('the policy a host hands in', () => {
  it('may leave out the restart window: the server runs and answers it with the contract default of 600 s', async () => {
    const { restartWindowSeconds: _dropped, ...session } = PRESETS['account-admin'].session;
    const input: PolicyInput = { ...PRESETS['account-admin'], preset: 'custom', session };
    const t = testServer({ policy: input });
    expect(t.server.policy.session.restartWindowSeconds).toBe(600);
    expect((await t.call('GET', '/policy', { as: 'u_admin' })).body).toMatchObject({ preset: 'custom', session: { restartWindowSeconds: 600, maxDurationSeconds: 1800 } });
  });

  it('keeps a restart window it was given', async () => {
    const input: PolicyInput = { ...PRESETS['account-admin'], session: { ...PRESETS['account-admin'].session, restartWindowSeconds: 60 } };
    expect((await testServer({ policy: input }).call('GET', '/policy', { as: 'u_admin' })).body).toMatchObject({ session: { restartWindowSeconds: 60 } });
  });

  it('is refused when nothing could ever end a session', () => {
    const input: PolicyInput = { ...PRESETS.enterprise, session: { maxDurationSeconds: null, idleTimeoutSeconds: null, restartAllowed: true } };
    expect(() => testServer({ policy: input })).toThrow(/must be able to end/);
  });
});
