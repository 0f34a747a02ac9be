// The start's reason follows the sdk's rule: what the dialog accepts, the server accepts, and it stores what it measured.
import { describe, expect, it } from 'vitest';
import { testServer } from './harness';

const start = (reason: string) => ({ targetUserId: 'u_alice', reason });

describe('the reason of a start', () => {
  it('refuses a reason made only of invisible characters', async () => {
    const { call } = testServer();
    expect(await call('POST', '/sessions', { as: 'u_admin', body: start('\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b') })).toMatchObject({
      status: 422,
      body: { error: { code: 'invalid_reason' } },
    });
  });

  it('counts user-perceived characters: ten family emoji are ten, not seventy code units', async () => {
    const { call } = testServer();
    const family = '\u{1F468}\u200d\u{1F469}\u200d\u{1F467}\u200d\u{1F466}';
    expect(await call('POST', '/sessions', { as: 'u_admin', body: start(family.repeat(10)) })).toMatchObject({ status: 201 });
    const { call: other } = testServer();
    expect(await other('POST', '/sessions', { as: 'u_admin', body: start(`${'e\u0301'.repeat(5)}abc`) })).toMatchObject({ status: 422, body: { error: { code: 'invalid_reason' } } });
  });

  it('stores the reason without bidi controls', async () => {
    const { call } = testServer();
    const reply = await call('POST', '/sessions', { as: 'u_admin', body: start('Check \u202eticket 4521\u202c and the dashboard') });
    expect(reply).toMatchObject({ status: 201, body: { session: { reason: 'Check ticket 4521 and the dashboard' } } });
  });
});
