// Credentials: a malformed or unknown one is `unauthenticated`, never another identity; an
// impersonated one is refused on every endpoint with `already_impersonating`; the API always
// identifies the real user; API tokens are never impersonated.
import type { Consent, Session } from '@impersonate-kit/sdk';
import type { As, CaseContext } from '../context';
import { everyEndpoint } from '../endpoints';
import { expectError, expectOk, isRecord } from '../expect';
import { check } from '../outcome';
import { expectShape, viewer as viewerShape } from '../shapes';
import { consentOf, currentSession, expectNoActiveSession, sessionsOf } from '../steps';
import type { ConformanceCase } from '../suite';
import type { HeaderRecord } from '../types';

/** Damaged copies of a credential: each header appended to, cut, altered, blanked or replaced. */
function damaged(headers: HeaderRecord): { who: string; headers: HeaderRecord }[] {
  const out: { who: string; headers: HeaderRecord }[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const variants: [string, string][] = [
      ['with a character appended', `${value}x`],
      ['cut in half', value.slice(0, Math.floor(value.length / 2))],
      ['with its last character changed', `${value.slice(0, -1)}${value.endsWith('q') ? 'z' : 'q'}`],
      ['blank', ''],
      ['replaced by garbage', 'garbage'],
    ];
    for (const [how, changed] of variants) out.push({ who: `with the "${name}" header of u_owner ${how}`, headers: { ...headers, [name]: changed } });
  }
  return out;
}

async function userOfViewer(t: CaseContext, as: As): Promise<string> {
  const reply = await t.api('GET', '/viewer', as);
  const body = expectShape<{ user: { id: string }; session: Session | null }>(reply.request, expectOk(reply), viewerShape);
  return body.user.id;
}

/** The credential conventions. */
export const credentialCases: ConformanceCase[] = [
  {
    name: 'conventions/malformed_credential',
    preset: 'account-admin',
    async run(t) {
      const good = await t.driver.headersFor('u_owner');
      check(Object.keys(good).length > 0, 'driver.headersFor("u_owner") returned no headers');
      for (const as of damaged(good)) {
        expectError(await t.api('GET', '/viewer', as), 401, 'unauthenticated');
        expectError(await t.api('POST', '/sessions', as, { json: t.startBody('u_alice') }), 401, 'unauthenticated');
      }
      await expectNoActiveSession(t, 'u_owner', 'starts with damaged credentials must start nothing');
      // A well-formed credential of a user the backend does not know is nobody, too.
      let unknown: HeaderRecord | undefined;
      try {
        unknown = await t.driver.headersFor('u_conformance_nobody');
      } catch {
        unknown = undefined; // The driver cannot mint one; the damaged ones above still ran.
      }
      if (unknown) expectError(await t.api('GET', '/viewer', { who: 'as an unknown user', headers: unknown }), 401, 'unauthenticated');
    },
  },
  {
    name: 'conventions/impersonated_credential',
    preset: 'consent',
    needs: ['impersonatedHeadersFor'],
    async run(t) {
      const session = await t.start('u_owner', 'u_alice');
      const before: Consent = await consentOf(t, 'u_alice');
      const inside = await t.impersonated('u_alice', 'u_owner');
      for (const call of everyEndpoint(session.id, t.startBody('u_bob'))) {
        expectError(await t.api(call.method, call.path, inside, call.json === undefined ? {} : { json: call.json }), 409, 'already_impersonating');
      }
      // Nothing changed: the session runs on, the target's consent stands, nobody started anything.
      check((await currentSession(t, 'u_owner')).id === session.id, 'the session did not survive calls made with the impersonated credential');
      const after = await consentOf(t, 'u_alice');
      check(after.status === 'active' && after.expiresAt === before.expiresAt, () => `u_alice's consent changed from inside the session: ${JSON.stringify(before)} became ${JSON.stringify(after)}`);
      check((await sessionsOf(t, 'u_owner', 'impersonator')).length === 1, 'a session was started from inside a session');
      await expectNoActiveSession(t, 'u_alice', 'a start from inside the session');
    },
  },
  {
    name: 'conventions/real_user_identified',
    preset: 'account-admin',
    async run(t) {
      const session = await t.start('u_owner', 'u_alice');
      // While the session runs, this API still answers the impersonator, with their session.
      const reply = await t.api('GET', '/viewer', 'u_owner');
      const body = expectShape<{ user: { id: string }; session: Session | null }>(reply.request, expectOk(reply), viewerShape);
      check(body.user.id === 'u_owner' && body.session?.id === session.id, () => `${reply.request} during the session: saw user ${body.user.id} with session ${body.session?.id ?? 'null'} vs expected u_owner with ${session.id}`);
      check((await currentSession(t, 'u_owner')).target.id === 'u_alice', 'GET /sessions/current did not show the session to its impersonator');
      check((await userOfViewer(t, 'u_alice')) === 'u_alice', 'GET /viewer as the target did not answer the target herself');
    },
  },
  {
    name: 'conventions/api_token_not_impersonated',
    preset: 'account-admin',
    needs: ['appUrl', 'apiTokenHeadersFor'],
    async run(t) {
      await t.start('u_owner', 'u_alice');
      const token = await t.apiToken('u_owner');
      const reply = await t.app('GET', '/me', token);
      const body = expectOk(reply);
      const id = isRecord(body.user) ? body.user.id : undefined;
      check(id === 'u_owner', () => `${reply.request} during u_owner's session: saw user ${String(id)} vs expected u_owner (API tokens are never impersonated)`);
    },
  },
];
