// Every endpoint of the contract as one request each, for rules that hold on all of them
// (no credentials, an impersonated credential).

/** One request of the contract: method, path, and a JSON body when it takes one. */
export interface EndpointCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  json?: unknown;
}

/** One call per endpoint of contract.md; `sessionId` fills `{id}`, `startBody` is a valid start. */
export function everyEndpoint(sessionId: string, startBody: Record<string, unknown>): EndpointCall[] {
  const id = encodeURIComponent(sessionId);
  return [
    { method: 'GET', path: '/policy' },
    { method: 'GET', path: '/viewer' },
    { method: 'GET', path: '/eligibility?userIds=u_alice,u_bob' },
    { method: 'POST', path: '/sessions', json: startBody },
    { method: 'GET', path: '/sessions/current' },
    { method: 'GET', path: `/sessions/${id}` },
    { method: 'POST', path: '/sessions/current/activity' },
    { method: 'POST', path: `/sessions/${id}/restart` },
    { method: 'GET', path: '/sessions?role=impersonator' },
    { method: 'GET', path: '/sessions?role=impersonated' },
    { method: 'GET', path: `/sessions/${id}/events` },
    { method: 'GET', path: '/audit' },
    { method: 'GET', path: '/consent' },
    { method: 'PUT', path: '/consent', json: { durationHours: 24 } },
    { method: 'DELETE', path: '/consent' },
    // Last: ending the session would change what the calls above see.
    { method: 'DELETE', path: '/sessions/current' },
  ];
}
