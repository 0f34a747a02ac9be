// node:http: the README's server, listening for real, through toNodeHandler.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, impersonationRoundTrip, originOf } from './flow';
import { server } from './snippets/nodeHttp';

let origin = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = originOf((server.address() as AddressInfo).port);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('mounted on node:http', () => {
  it('starts a session, answers the host route as the target (audited), ends it, answers as the admin again', async () => {
    await impersonationRoundTrip(origin);
  });

  it('answers 401 to a request without a credential', async () => {
    expect(await call(origin, 'GET', '/api/impersonation/viewer', 'nobody')).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
  });
});
