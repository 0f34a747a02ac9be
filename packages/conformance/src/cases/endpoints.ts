// Each endpoint's answer: the resource shapes of contract.md and the values a fresh backend with
// the default cast must show.
import type { AuditEvent, Consent, Eligibility, Session } from '@impersonate-kit/sdk';
import { REASON } from '../context';
import { errorCodeOf, expectError, expectOk, expectOneOfErrors } from '../expect';
import { check } from '../outcome';
import { arrayOf, auditEvent, consentAnswer, eligibility, expectShape, obj, policy, sessionAnswer, viewer } from '../shapes';
import { ms, sessionsOf } from '../steps';
import type { ConformanceCase } from '../suite';

interface ViewerAnswer {
  user: { id: string; name: string };
  permissions: string[];
  session: Session | null;
  serverTime: string;
}

/** The endpoint answer cases. */
export const endpointCases: ConformanceCase[] = [
  {
    name: 'endpoints/policy',
    preset: 'account-admin',
    async run(t) {
      const reply = await t.api('GET', '/policy', 'u_owner');
      expectShape(reply.request, expectOk(reply), policy, 'policy');
    },
  },
  {
    name: 'endpoints/viewer',
    preset: 'account-admin',
    async run(t) {
      const reply = await t.api('GET', '/viewer', 'u_owner');
      const owner = expectShape<ViewerAnswer>(reply.request, expectOk(reply), viewer);
      check(owner.user.id === 'u_owner' && owner.user.name === 'Olivia Owner', () => `${reply.request}: saw user ${owner.user.id} (${owner.user.name}) vs expected u_owner (Olivia Owner)`);
      check(owner.permissions.includes('impersonate:users'), () => `${reply.request}: saw permissions ${JSON.stringify(owner.permissions)} vs expected impersonate:users`);
      check(owner.session === null, `${reply.request}: saw a session on a fresh backend vs expected null`);
      const bobReply = await t.api('GET', '/viewer', 'u_bob');
      const bob = expectShape<ViewerAnswer>(bobReply.request, expectOk(bobReply), viewer);
      check(bob.user.id === 'u_bob' && !bob.permissions.includes('impersonate:users'), () => `${bobReply.request}: saw ${bob.user.id} with ${JSON.stringify(bob.permissions)} vs expected u_bob without impersonate:users`);
      const session = await t.start('u_owner', 'u_alice');
      const during = expectShape<ViewerAnswer>('GET /viewer as u_owner', expectOk(await t.api('GET', '/viewer', 'u_owner')), viewer);
      check(during.session?.id === session.id && during.session.status === 'active', () => `GET /viewer as u_owner during a session: saw session ${during.session?.id ?? 'null'} vs expected ${session.id}, active`);
    },
  },
  {
    name: 'endpoints/eligibility',
    preset: 'account-admin',
    async run(t) {
      const ids = ['u_alice', 'u_ada', 'u_nora', 'u_sam', 'u_owner', 'u_conformance_nobody'];
      const reply = await t.api('GET', `/eligibility?userIds=${ids.join(',')}`, 'u_owner');
      const { items } = expectShape<{ items: Eligibility[] }>(reply.request, expectOk(reply), obj({ items: arrayOf(eligibility) }));
      const byId = new Map(items.map((item) => [item.userId, item]));
      const expected: Record<string, string | null> = { u_alice: null, u_ada: null, u_nora: 'target_never_logged_in', u_sam: 'target_unavailable', u_owner: 'self_impersonation', u_conformance_nobody: 'target_not_found' };
      for (const id of ids) {
        const item = byId.get(id);
        check(item !== undefined, () => `${reply.request}: saw no item for ${id}`);
        expectShape(reply.request, item, eligibility, `items[${id}]`);
        check(item.allowed === (item.denials.length === 0), () => `${reply.request}: ${id} is allowed=${item.allowed} with denials ${JSON.stringify(item.denials)} vs expected allowed exactly when there are no denials`);
        const denial = expected[id];
        if (denial === null) check(item.allowed, () => `${reply.request}: saw ${id} denied ${JSON.stringify(item.denials)} vs expected allowed`);
        else check((item.denials as string[]).includes(denial as string), () => `${reply.request}: saw ${id} with denials ${JSON.stringify(item.denials)} vs expected ${denial}`);
        check(item.consentExpiresAt === null, () => `${reply.request}: saw consentExpiresAt for ${id} where the policy asks no consent vs expected null`);
      }
      const hundred = Array.from({ length: 100 }, (_, i) => `u_x${i}`);
      expectOk(await t.api('GET', `/eligibility?userIds=${hundred.join(',')}`, 'u_owner'));
      expectError(await t.api('GET', `/eligibility?userIds=${[...hundred, 'u_alice'].join(',')}`, 'u_owner'), 422, 'validation_failed');
    },
  },
  {
    name: 'endpoints/start',
    preset: 'account-admin',
    async run(t) {
      const reply = await t.api('POST', '/sessions', 'u_owner', { json: t.startBody('u_alice', { reasonCategory: undefined }) });
      const { session, serverTime } = expectShape<{ session: Session; serverTime: string }>(reply.request, expectOk(reply, 201), sessionAnswer);
      const problems = [
        session.status === 'active' ? null : `status ${session.status}`,
        session.impersonator.id === 'u_owner' && session.impersonator.name === 'Olivia Owner' ? null : `impersonator ${JSON.stringify(session.impersonator)}`,
        session.target.id === 'u_alice' && session.target.name === 'Alice Analyst' ? null : `target ${JSON.stringify(session.target)}`,
        session.reason === REASON ? null : `reason ${JSON.stringify(session.reason)}`,
        session.startedAt === session.lastActivityAt ? null : `lastActivityAt ${session.lastActivityAt} differs from startedAt ${session.startedAt}`,
        ms(session.startedAt) <= ms(serverTime) ? null : `startedAt ${session.startedAt} after serverTime ${serverTime}`,
        ms(session.expiresAt) > ms(session.startedAt) ? null : `expiresAt ${session.expiresAt} not after startedAt`,
        session.restartOf === null ? null : `restartOf ${session.restartOf}`,
      ].filter(Boolean);
      check(problems.length === 0, () => `${reply.request}: the new session has ${problems.join('; ')}`);
    },
  },
  {
    name: 'endpoints/session_lifecycle',
    preset: 'account-admin',
    async run(t) {
      const started = await t.start('u_owner', 'u_alice');
      const current = expectShape<{ session: Session }>('GET /sessions/current', expectOk(await t.api('GET', '/sessions/current', 'u_owner')), sessionAnswer).session;
      check(current.id === started.id && current.status === 'active', () => `GET /sessions/current: saw ${current.id} ${current.status} vs expected ${started.id} active`);
      const beat = expectShape<{ session: Session }>('POST /sessions/current/activity', expectOk(await t.api('POST', '/sessions/current/activity', 'u_owner')), sessionAnswer).session;
      check(beat.id === started.id && ms(beat.lastActivityAt) >= ms(started.lastActivityAt), () => `POST /sessions/current/activity: saw ${beat.id} last active ${beat.lastActivityAt} vs expected ${started.id}, not before ${started.lastActivityAt}`);
      const ended = await t.end('u_owner');
      check(ended.id === started.id && ended.endedAt !== null && ms(ended.endedAt) >= ms(started.startedAt), () => `DELETE /sessions/current: saw ${ended.id} ended at ${String(ended.endedAt)} vs expected ${started.id} ended after its start`);
      const read = await t.session('u_owner', started.id);
      check(read.status === 'ended' && read.endReason === 'ended' && read.endedAt === ended.endedAt, () => `GET /sessions/{id} after the end: saw ${read.status}/${read.endReason} at ${String(read.endedAt)} vs expected ended/ended at ${String(ended.endedAt)}`);
      const viewerAfter = expectShape<ViewerAnswer>('GET /viewer', expectOk(await t.api('GET', '/viewer', 'u_owner')), viewer);
      check(viewerAfter.session === null, 'GET /viewer after the end still shows a session');
    },
  },
  {
    name: 'endpoints/session_by_id',
    preset: 'account-admin',
    async run(t) {
      const session = await t.start('u_owner', 'u_alice');
      // Its impersonator, its target, and a holder of the permission may read it.
      for (const as of ['u_owner', 'u_alice', 'u_admin']) {
        const read = await t.session(as, session.id);
        check(read.id === session.id && read.target.id === 'u_alice', () => `GET /sessions/${session.id} as ${as}: saw ${read.id} vs expected the session`);
      }
    },
  },
  {
    name: 'endpoints/sessions_list',
    preset: 'account-admin',
    async run(t) {
      const session = await t.start('u_owner', 'u_alice');
      const ran = await sessionsOf(t, 'u_owner', 'impersonator');
      check(ran.length === 1 && ran[0]?.id === session.id, () => `GET /sessions?role=impersonator as u_owner: saw [${ran.map((s) => s.id).join(', ')}] vs expected [${session.id}]`);
      const asTarget = await sessionsOf(t, 'u_alice', 'impersonated');
      check(asTarget.length === 1 && asTarget[0]?.id === session.id, () => `GET /sessions?role=impersonated as u_alice: saw [${asTarget.map((s) => s.id).join(', ')}] vs expected [${session.id}]`);
      for (const [as, role] of [['u_alice', 'impersonator'], ['u_owner', 'impersonated'], ['u_bob', 'impersonated']] as const) {
        const none = await sessionsOf(t, as, role);
        check(none.length === 0, () => `GET /sessions?role=${role} as ${as}: saw [${none.map((s) => s.id).join(', ')}] vs expected none`);
      }
      expectError(await t.api('GET', '/sessions', 'u_owner'), 422, 'validation_failed');
      expectError(await t.api('GET', '/sessions?role=admin', 'u_owner'), 422, 'validation_failed');
    },
  },
  {
    name: 'endpoints/session_events',
    preset: 'account-admin',
    async run(t) {
      const session = await t.start('u_owner', 'u_alice');
      await t.end('u_owner');
      const events = await t.events('u_owner', session.id);
      const types = events.map((e) => e.type);
      check(types.includes('impersonation.started') && types.includes('impersonation.ended'), () => `GET /sessions/{id}/events: saw ${JSON.stringify(types)} vs expected started and ended`);
      check(events.every((e) => e.sessionId === session.id), 'GET /sessions/{id}/events: saw events of another session');
      const started = events.find((e) => e.type === 'impersonation.started') as AuditEvent;
      check(started.actor.id === 'u_owner' && started.impersonator?.id === 'u_owner' && started.impersonated?.id === 'u_alice' && started.reason === REASON && started.request === null && started.endReason === null, () => `the started event is ${JSON.stringify(started)} vs expected actor and impersonator u_owner, impersonated u_alice, the reason, no request, no endReason`);
      // Newest first: the end comes before the start.
      check(types.indexOf('impersonation.ended') < types.indexOf('impersonation.started'), () => `GET /sessions/{id}/events: saw ${JSON.stringify(types)} vs expected newest first`);
    },
  },
  {
    name: 'endpoints/audit',
    preset: 'account-admin',
    async run(t) {
      const first = await t.start('u_owner', 'u_alice');
      await t.end('u_owner');
      const second = await t.start('u_admin', 'u_bob');
      await t.end('u_admin');
      const all = await t.listAll<AuditEvent>('/audit', 'u_owner', auditEvent);
      check(all.filter((e) => e.type === 'impersonation.started').length === 2, () => `GET /audit as u_owner: saw ${all.length} events vs expected both sessions' starts`);
      const started = await t.listAll<AuditEvent>('/audit?type=impersonation.started', 'u_owner', auditEvent);
      check(started.length === 2 && started.every((e) => e.type === 'impersonation.started'), () => `GET /audit?type=impersonation.started: saw ${JSON.stringify(started.map((e) => e.type))} vs expected 2 started events`);
      const bySession = await t.listAll<AuditEvent>(`/audit?sessionId=${first.id}`, 'u_owner', auditEvent);
      check(bySession.length >= 2 && bySession.every((e) => e.sessionId === first.id), () => `GET /audit?sessionId=${first.id}: saw events of ${JSON.stringify([...new Set(bySession.map((e) => e.sessionId))])} vs expected only that session's`);
      const byUser = await t.listAll<AuditEvent>('/audit?userId=u_bob', 'u_owner', auditEvent);
      check(byUser.length >= 2 && byUser.every((e) => [e.actor.id, e.impersonator?.id, e.impersonated?.id].includes('u_bob') && e.sessionId === second.id), () => `GET /audit?userId=u_bob: saw ${byUser.length} events (${JSON.stringify(byUser.map((e) => e.sessionId))}) vs expected the events naming u_bob`);
      // Without the permission, the account's trail is closed, and nothing of it leaks.
      const bob = await t.api('GET', '/audit', 'u_bob');
      expectOneOfErrors(bob, [[403, 'forbidden'], [404, 'not_found']]);
      check(!bob.text.includes(first.id), `${bob.request}: the refusal names a session`);
    },
  },
  {
    name: 'endpoints/consent',
    preset: 'consent',
    async run(t) {
      const read = async (method: string, json?: unknown): Promise<{ consent: Consent; serverTime: string }> => {
        const reply = await t.api(method, '/consent', 'u_bob', json === undefined ? {} : { json });
        return expectShape(reply.request, expectOk(reply), consentAnswer);
      };
      const none = await read('GET');
      check(JSON.stringify(none.consent) === JSON.stringify({ status: 'inactive', grantedAt: null, expiresAt: null, durationHours: null }), () => `GET /consent as u_bob: saw ${JSON.stringify(none.consent)} vs expected inactive with nulls`);
      for (const hours of [24, 72, 1, 168]) {
        const granted = await read('PUT', { durationHours: hours });
        const { consent, serverTime } = granted;
        check(consent.status === 'active' && consent.durationHours === hours && consent.grantedAt !== null && consent.expiresAt !== null, () => `PUT /consent ${hours} h: saw ${JSON.stringify(consent)} vs expected active for ${hours} h`);
        check(ms(consent.expiresAt as string) - ms(consent.grantedAt as string) === hours * 3_600_000, () => `PUT /consent ${hours} h: expiresAt ${consent.expiresAt} is not grantedAt ${consent.grantedAt} + ${hours} h`);
        check(ms(consent.grantedAt as string) <= ms(serverTime), () => `PUT /consent: grantedAt ${consent.grantedAt} is after serverTime ${serverTime}`);
        const again = await read('GET');
        check(JSON.stringify(again.consent) === JSON.stringify(consent), () => `GET /consent after PUT: saw ${JSON.stringify(again.consent)} vs expected ${JSON.stringify(consent)}`);
      }
      const revoked = await read('DELETE');
      check(revoked.consent.status === 'inactive', () => `DELETE /consent: saw ${JSON.stringify(revoked.consent)} vs expected inactive`);
      const twice = await t.api('DELETE', '/consent', 'u_bob');
      check(twice.status === 200, () => `${twice.request} with no consent: saw ${twice.status} ${errorCodeOf(twice) ?? ''} vs expected 200 inactive (revoking is idempotent)`);
    },
  },
];
