// The mock's stand-in auth: demo bearers name a user, demo-token bearers an API token that acts as its owner.
import type { UserSummary } from '@impersonate-kit/sdk';
import { describe, expect, it } from 'vitest';
import { demoAuthenticate, demoTokenBearer } from '../demoAuth';
import { GOOD_START, useServer } from './harness';

const mockApi = useServer();
type Me = { user: UserSummary; impersonator: { id: string } | null };
const request = (authorization?: string) => new Request('http://localhost/api/app/me', { headers: authorization ? { authorization } : {} });

describe('demoAuthenticate', () => {
  it('reads a session bearer, a token bearer, and nothing else', () => {
    expect(demoAuthenticate(request('Bearer demo:u_alice'), null)).toEqual({ userId: 'u_alice', via: 'session' });
    expect(demoAuthenticate(request(demoTokenBearer('u_alice')), null)).toEqual({ userId: 'u_alice', via: 'token' });
    expect(demoAuthenticate(request('Bearer demo-token:'), 'u_owner')).toBeNull();
    expect(demoAuthenticate(request('Bearer u_alice'), 'u_owner')).toBeNull();
  });

  it('an API token acts as its owner while the owner impersonates; the owner’s session acts as the target', async () => {
    const m = mockApi();
    await m.start(GOOD_START['account-admin']);
    expect((await m.app<Me>('GET', '/me')).body).toMatchObject({ user: { id: 'u_alice' } });
    const viaToken = await m.app<Me>('GET', '/me', { headers: { authorization: demoTokenBearer('u_owner') } });
    expect(viaToken.body).toMatchObject({ user: { id: 'u_owner' }, impersonator: null });
  });
});
