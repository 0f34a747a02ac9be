import { afterEach, describe, expect, it, vi } from 'vitest';
import { ImpersonationError } from '../errors';
import type { Session } from '../types';
import { cleanup, setup } from './clientHarness';
import { flush, networkError } from './fakeApi';

const MINUTE = 60_000;

afterEach(cleanup);

const lostAnswers: [string, ImpersonationError][] = [
  ['no answer (network_error)', networkError()],
  ['a time-out', new ImpersonationError('timeout', 'no answer in 15000 ms', 0)],
  ['a 502', new ImpersonationError('internal_error', 'Bad gateway', 502)],
  ['a garbled 201', new ImpersonationError('invalid_response', 'Malformed response.session', 201)],
];

const startCalls = (server: ReturnType<typeof setup>['server']) =>
  server.calls.filter((call) => call.method === 'startSession').map((call) => ({ input: call.args[0], key: call.args[1] as string }));

describe('starting a session whose answer is lost', () => {
  it.each(lostAnswers)('sends it again with the same key and body after %s, and makes one session', async (_what, error) => {
    const { client, server } = setup();
    server.loseNext('startSession', error);
    const input = { targetUserId: 'u_alice', reason: 'Ticket 4521' };
    const session = await client.session.start(input);
    const calls = startCalls(server);
    expect(calls).toHaveLength(2);
    expect(calls[1]).toEqual(calls[0]);
    expect(calls[0]?.input).toEqual(input);
    expect(client.session.getSnapshot()).toMatchObject({ status: 'active', session, error: null });
    expect(session.id).toBe('imp_1');
    expect(server.current()?.id).toBe('imp_1');
  });

  it('tries three times in all, then fails with the error, and learns the session the server did make', async () => {
    const { client, server } = setup();
    client.session.subscribe(() => {});
    await flush();
    server.loseNext('startSession');
    server.loseNext('startSession');
    server.loseNext('startSession');
    await expect(client.session.start({ targetUserId: 'u_alice' })).rejects.toMatchObject({ code: 'network_error' });
    const calls = startCalls(server);
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((call) => call.key)).size).toBe(1);
    await flush();
    // The first try made it; the store learns it from the server instead of showing a failure forever.
    expect(client.session.getSnapshot()).toMatchObject({ status: 'active', session: { id: 'imp_1' } });
  });

  it.each([
    ['a refusal', new ImpersonationError('consent_required', 'Alice has not consented', 403)],
    ['a rate limit', new ImpersonationError('rate_limited', 'Too many', 429)],
    ['a 4xx it cannot read', new ImpersonationError('invalid_response', 'HTTP 418', 418)],
    ['a cancel', new ImpersonationError('aborted', 'cancelled', 0)],
  ])('does not send it again after %s', async (_what, error) => {
    const { client, server } = setup();
    server.failNext('startSession', error);
    await expect(client.session.start({ targetUserId: 'u_alice' })).rejects.toBe(error);
    expect(startCalls(server)).toHaveLength(1);
  });

  it('never turns a lost answer into a 409: without the same key the retry would be refused', async () => {
    const { client, server } = setup();
    server.loseNext('startSession');
    await client.session.start({ targetUserId: 'u_alice' });
    expect(server.calls.some((call) => call.method === 'startSession' && call.args[1] === undefined)).toBe(false);
    expect(client.session.getSnapshot().error).toBeNull();
  });
});

describe('starting again right after a lost answer', () => {
  async function failThrice(client: ReturnType<typeof setup>['client'], server: ReturnType<typeof setup>['server'], input: object) {
    client.session.subscribe(() => {});
    await flush();
    server.offline = true;
    await expect(client.session.start(input as { targetUserId: string })).rejects.toMatchObject({ code: 'network_error' });
    server.offline = false;
    return startCalls(server)[0]?.key;
  }

  it('reuses the key and the very body for the same input, even with its fields in another order', async () => {
    const { client, server } = setup();
    const first = { targetUserId: 'u_alice', reason: 'Ticket 4521' };
    const key = await failThrice(client, server, first);
    await client.session.start({ reason: 'Ticket 4521', targetUserId: 'u_alice' });
    const last = startCalls(server).at(-1);
    expect(last?.key).toBe(key);
    expect(last?.input).toBe(first);
  });

  it('uses a fresh key for a different input', async () => {
    const { client, server } = setup();
    const key = await failThrice(client, server, { targetUserId: 'u_alice', reason: 'Ticket 4521' });
    await client.session.start({ targetUserId: 'u_alice', reason: 'Ticket 4522' });
    expect(startCalls(server).at(-1)?.key).not.toBe(key);
  });

  it('uses a fresh key once the server has forgotten the old one (10 minutes)', async () => {
    const { client, server, clock } = setup();
    const key = await failThrice(client, server, { targetUserId: 'u_alice' });
    clock.advance(10 * MINUTE);
    await client.session.start({ targetUserId: 'u_alice' });
    expect(startCalls(server).at(-1)?.key).not.toBe(key);
  });

  it('uses a fresh key after a refusal: the server answered, nothing is pending', async () => {
    const { client, server } = setup();
    server.failNext('startSession', new ImpersonationError('step_up_invalid', 'Wrong code', 403));
    await expect(client.session.start({ targetUserId: 'u_alice' })).rejects.toMatchObject({ code: 'step_up_invalid' });
    await client.session.start({ targetUserId: 'u_alice' });
    const [first, second] = startCalls(server);
    expect(second?.key).not.toBe(first?.key);
  });
});

describe('restarting a session whose answer is lost', () => {
  it('sends it again with the same key and { stepUpCode } body, and makes one session', async () => {
    const { client, server } = setup();
    await client.session.start({ targetUserId: 'u_alice' });
    const first = await client.session.end();
    server.loseNext('restartSession', new ImpersonationError('internal_error', 'Oops', 500));
    const second = await client.session.restart({ stepUpCode: '123456' });
    const calls = server.calls.filter((call) => call.method === 'restartSession').map((call) => call.args);
    expect(calls).toEqual([
      [first.id, { stepUpCode: '123456' }, expect.any(String)],
      [first.id, { stepUpCode: '123456' }, calls[0]?.[2]],
    ]);
    expect(second).toMatchObject({ status: 'active', restartOf: first.id });
    expect(server.current()?.id).toBe(second.id);
  });

  it('reuses the key when restarted again right after three lost answers', async () => {
    const { client, server } = setup();
    await client.session.start({ targetUserId: 'u_alice' });
    await client.session.end();
    server.offline = true;
    await expect(client.session.restart({ stepUpCode: '1' })).rejects.toMatchObject({ code: 'network_error' });
    server.offline = false;
    await client.session.restart({ stepUpCode: '1' });
    const keys = server.calls.filter((call) => call.method === 'restartSession').map((call) => call.args[2]);
    expect(keys).toHaveLength(4);
    expect(new Set(keys).size).toBe(1);
  });
});

describe('a start answered with a session that has already ended', () => {
  function answerEnded(server: ReturnType<typeof setup>['server'], method: 'startSession' | 'restartSession') {
    const real = server.api[method].bind(server.api) as (...args: unknown[]) => ReturnType<typeof server.api.startSession>;
    server.api[method] = (async (...args: unknown[]) => {
      const answer = await real(...args);
      const ended: Session = { ...answer.session, status: 'ended', endedAt: answer.session.startedAt, endReason: 'consent_revoked' };
      return { ...answer, session: ended };
    }) as never;
  }

  it('never makes the store active: it shows the session as ended, with the server’s reason', async () => {
    const onSessionChange = vi.fn();
    const { client, server } = setup({ onSessionChange });
    answerEnded(server, 'startSession');
    const session = await client.session.start({ targetUserId: 'u_alice' });
    expect(session.status).toBe('ended');
    expect(client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'consent_revoked', session: { id: session.id } });
    expect(client.session.remainingMs()).toBe(0);
    expect(client.isBlocked('billing.manage')).toBe(false);
    expect(onSessionChange).not.toHaveBeenCalledWith(expect.objectContaining({ type: 'started' }));
  });

  it('does the same for a restart', async () => {
    const { client, server } = setup();
    await client.session.start({ targetUserId: 'u_alice' });
    await client.session.end();
    answerEnded(server, 'restartSession');
    const session = await client.session.restart();
    expect(client.session.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'consent_revoked', session: { id: session.id } });
  });
});
