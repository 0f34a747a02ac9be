import { afterEach, describe, expect, it } from 'vitest';
import { parsePolicy } from '../validate';
import { cleanup, setup, startSession } from './clientHarness';
import { flush, testPolicy } from './fakeApi';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

afterEach(cleanup);

describe('the restart window', () => {
  it('is 0 while nothing has ended', async () => {
    const { client } = setup();
    expect(client.session.restartRemainingMs()).toBe(0);
    await startSession(client);
    expect(client.session.restartRemainingMs()).toBe(0);
  });

  it('opens when the session ends and closes restartWindowSeconds later, by server time', async () => {
    const { client, clock } = setup({ policy: testPolicy({ restartWindowSeconds: 120 }) });
    await startSession(client);
    await client.session.end();
    expect(client.session.restartRemainingMs()).toBe(120 * SECOND);
    clock.advance(119 * SECOND);
    expect(client.session.restartRemainingMs()).toBe(SECOND);
    clock.advance(SECOND);
    expect(client.session.restartRemainingMs()).toBe(0);
  });

  it('lasts the contract’s 600 s by default', async () => {
    const { client } = setup();
    await startSession(client);
    await client.session.end();
    expect(client.session.restartRemainingMs()).toBe(10 * MINUTE);
  });

  it.each([
    ['an hour ahead', 60 * MINUTE],
    ['an hour behind', -60 * MINUTE],
  ])('counts on the server’s clock when the client clock is %s', async (_what, clientOffsetMs) => {
    const { client, clock } = setup({ clientOffsetMs });
    await startSession(client);
    await client.session.end();
    clock.advance(4 * MINUTE);
    expect(client.session.restartRemainingMs()).toBe(6 * MINUTE);
  });

  it('is 0 when the policy does not allow restarts', async () => {
    const { client } = setup({ policy: testPolicy({ restartAllowed: false }) });
    await startSession(client);
    await client.session.end();
    expect(client.session.restartRemainingMs()).toBe(0);
  });

  it('counts from the deadline for a session that ran out by the local clock', async () => {
    const { client, clock, server } = setup();
    await startSession(client);
    server.offline = true;
    clock.advance(30 * MINUTE + 5 * SECOND);
    await flush();
    expect(client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'expired', session: { endedAt: null } });
    expect(client.session.restartRemainingMs()).toBe(10 * MINUTE - 5 * SECOND);
  });

  it('allows a restart inside the window', async () => {
    const { client, clock } = setup();
    await startSession(client);
    const first = await client.session.end();
    clock.advance(10 * MINUTE - 1);
    await expect(client.session.restart()).resolves.toMatchObject({ status: 'active', restartOf: first.id });
  });

  it('refuses a restart once the window has passed, without a request', async () => {
    const { client, clock, server } = setup();
    await startSession(client);
    await client.session.end();
    clock.advance(10 * MINUTE);
    await expect(client.session.restart()).rejects.toMatchObject({ code: 'restart_not_allowed', status: 409 });
    expect(server.count('restartSession')).toBe(0);
    expect(client.session.getSnapshot().status).toBe('ended');
  });

  it('sends the second factor with the restart', async () => {
    const { client, server } = setup();
    await startSession(client);
    const first = await client.session.end();
    await client.session.restart({ stepUpCode: '123456' });
    expect(server.calls.find((call) => call.method === 'restartSession')?.args).toEqual([first.id, { stepUpCode: '123456' }, expect.any(String)]);
  });
});

describe('a policy from an older server, without restartWindowSeconds', () => {
  it('reads as the contract’s default of 600 seconds', () => {
    const { restartWindowSeconds: _omitted, ...older } = testPolicy().session;
    const policy = parsePolicy({ ...testPolicy(), session: older });
    expect(policy.session.restartWindowSeconds).toBe(600);
  });

  it('keeps the window a newer server sends, and refuses a malformed one', () => {
    expect(parsePolicy(testPolicy({ restartWindowSeconds: 30 })).session.restartWindowSeconds).toBe(30);
    expect(() => parsePolicy({ ...testPolicy(), session: { ...testPolicy().session, restartWindowSeconds: '600' } })).toThrow(
      expect.objectContaining({ code: 'invalid_response', details: { path: 'policy.session.restartWindowSeconds' } }),
    );
  });
});
