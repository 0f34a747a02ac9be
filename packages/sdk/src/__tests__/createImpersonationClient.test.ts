import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImpersonationClient } from '../clientTypes';
import { createTestClock } from '../clock';
import { createImpersonationClient } from '../createImpersonationClient';
import { cleanup, setup, startSession } from './clientHarness';
import { VIEWER, flush, testPolicy } from './fakeApi';

afterEach(cleanup);

describe('the impersonation client', () => {
  describe('isBlocked', () => {
    it('is true only while a session is active and the policy blocks the action', async () => {
      const { client } = setup();
      await client.viewer.load();
      expect(client.isBlocked('billing.manage')).toBe(false);
      await startSession(client);
      expect(client.isBlocked('billing.manage')).toBe(true);
      expect(client.isBlocked('auth.password_reset')).toBe(true);
      expect(client.isBlocked('projects.create')).toBe(false);
      await client.session.end();
      expect(client.isBlocked('billing.manage')).toBe(false);
    });

    it('stays true while the end is on its way: until it answers, the server still acts as the target', async () => {
      const { client } = setup();
      await client.viewer.load();
      await startSession(client);
      const ending = client.session.end();
      expect(client.session.getSnapshot().status).toBe('ending');
      expect(client.isBlocked('billing.manage')).toBe(true);
      await ending;
      expect(client.isBlocked('billing.manage')).toBe(false);
    });
  });

  describe('bad options', () => {
    it.each([0, -1, Number.NaN])('refuses a pollIntervalMs of %s with a clear error instead of polling in a loop', (pollIntervalMs) => {
      expect(() => createImpersonationClient({ pollIntervalMs, crossTab: false })).toThrow(/pollIntervalMs must be a positive number/);
    });
  });

  it('batches eligibility asked in one tick into one de-duplicated request', async () => {
    const { client, server } = setup();
    const [first, second] = await Promise.all([client.getEligibility(['u_alice', 'u_bob']), client.getEligibility(['u_bob'])]);
    expect(first.map((item) => item.userId)).toEqual(['u_alice', 'u_bob']);
    expect(second).toEqual([expect.objectContaining({ userId: 'u_bob', allowed: true })]);
    expect(server.calls.filter((call) => call.method === 'getEligibility').map((call) => call.args[0])).toEqual([['u_alice', 'u_bob']]);
  });

  it('reads policy and viewer through one shared load', async () => {
    const { client, server } = setup();
    const [policy, viewer] = await Promise.all([client.getPolicy(), client.getViewer()]);
    expect(policy).toEqual(testPolicy());
    expect(viewer.user).toEqual(VIEWER);
    expect(server.count('getPolicy')).toBe(1);
    expect(server.count('getViewer')).toBe(1);
  });

  it('passes list calls through', async () => {
    const { client, server } = setup();
    await startSession(client);
    await expect(client.listSessions({ role: 'impersonator' })).resolves.toMatchObject({ items: [{ target: { id: 'u_alice' } }] });
    await expect(client.listEvents({ sessionId: 'imp_1' })).resolves.toEqual({ items: [], nextCursor: null });
    expect(server.calls.find((call) => call.method === 'listEvents')?.args).toEqual([{ sessionId: 'imp_1' }]);
  });

  it('tells server time on a client clock that is off', async () => {
    const { client, clock } = setup({ clientOffsetMs: -7_000 });
    expect(client.serverNow()).toBe(clock.now() - 7_000);
    await client.viewer.load();
    expect(client.serverNow()).toBe(clock.now());
  });

  it('ticks its shared ticker on server seconds', async () => {
    const { client, clock } = setup({ clientOffsetMs: 400 });
    await client.viewer.load();
    const listener = vi.fn();
    client.ticker.subscribe(listener);
    clock.advance(999);
    expect(listener).not.toHaveBeenCalled();
    clock.advance(1);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(client.ticker.getSnapshot()).toBe(clock.now());
  });

  describe('built on the real HTTP client', () => {
    let client: ImpersonationClient | undefined;
    afterEach(() => client?.destroy());

    it('talks to its baseUrl with the host’s fetch and headers', async () => {
      const clock = createTestClock();
      const serverTime = new Date(clock.now()).toISOString();
      const fetch = vi.fn(async (input: RequestInfo | URL, _init?: RequestInit) => {
        const url = String(input);
        const body = url.endsWith('/policy') ? testPolicy() : { user: VIEWER, permissions: [], session: null, serverTime };
        return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
      });
      client = createImpersonationClient({ baseUrl: 'https://acme.test/imp', fetch, clock, headers: { Authorization: 'Bearer demo:u_admin' }, crossTab: false });
      client.session.subscribe(() => {});
      await vi.waitFor(() => expect(client?.session.getSnapshot().status).toBe('idle'));
      expect(fetch.mock.calls.map(([url]) => String(url)).sort()).toEqual(['https://acme.test/imp/policy', 'https://acme.test/imp/viewer']);
      const init = fetch.mock.calls[0]?.[1] as RequestInit | undefined;
      expect(new Headers(init?.headers).get('Authorization')).toBe('Bearer demo:u_admin');
      await flush();
      expect(clock.pendingTimers()).toBe(0);
    });
  });
});
