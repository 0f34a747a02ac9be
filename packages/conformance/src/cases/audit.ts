// The audit: started and ended events for every session, one action event per host call during a
// session (method, path, status, redacted body), consent events, and who may read what.
import type { AuditEvent, Session } from '@impersonate-kit/sdk';
import type { CaseContext } from '../context';
import { expectError, expectOk, expectOneOfErrors } from '../expect';
import type { Reply } from '../http';
import { describeReply } from '../http';
import { check } from '../outcome';
import { auditEvent } from '../shapes';
import { sessionsOf } from '../steps';
import type { ConformanceCase } from '../suite';

const NEEDS_APP = ['appUrl'] as const;

/** The path part of a recorded request path, without its query. */
function pathOnly(path: string): string {
  return path.split('?')[0] ?? '';
}

/** The action events of a session, oldest first. */
export async function actionsOf(t: CaseContext, sessionId: string): Promise<AuditEvent[]> {
  return (await t.events('u_owner', sessionId)).filter((e) => e.type === 'impersonation.action').reverse();
}

/** Requires one action event per call, in order, each with the call's method, path and status. */
function expectActions(actions: readonly AuditEvent[], calls: readonly { method: string; path: string; reply: Reply }[]): void {
  const seen = actions.map((e) => `${e.request?.method} ${e.request?.path} ${e.request?.status}`);
  const wanted = calls.map((c) => `${c.method} …${c.path} ${c.reply.status}`);
  check(actions.length === calls.length, () => `GET /sessions/{id}/events: saw ${actions.length} action events [${seen.join('; ')}] vs expected one per host call [${wanted.join('; ')}]`);
  calls.forEach((call, i) => {
    const request = actions[i]?.request;
    const [callPath, callQuery] = call.path.split('?');
    const ok = request && request.method.toUpperCase() === call.method && pathOnly(request.path).endsWith(callPath ?? '') && request.status === call.reply.status && (callQuery === undefined || request.path.includes(callQuery));
    check(ok, () => `action event ${i + 1}: saw ${seen[i]} vs expected ${wanted[i]}`);
  });
}

/** Runs host calls as u_owner during its session with u_alice and returns the session and the calls. */
async function duringSession(t: CaseContext, calls: readonly { method: string; path: string; json?: unknown; raw?: string }[]): Promise<{ session: Session; made: { method: string; path: string; reply: Reply }[] }> {
  const session = await t.start('u_owner', 'u_alice');
  const made: { method: string; path: string; reply: Reply }[] = [];
  for (const call of calls) {
    const reply = await t.app(call.method, call.path, 'u_owner', call.raw !== undefined ? { raw: call.raw } : call.json === undefined ? {} : { json: call.json });
    made.push({ method: call.method, path: call.path, reply });
  }
  return { session, made };
}

/** The one action event of a host call made during `session`. */
async function recordedBody(t: CaseContext, session: Session, path: string): Promise<{ event: AuditEvent; text: string }> {
  const actions = await actionsOf(t, session.id);
  const event = actions.find((e) => pathOnly(e.request?.path ?? '').endsWith(path));
  check(event !== undefined, () => `GET /sessions/{id}/events: saw no action event for ${path} (events: ${actions.map((e) => e.request?.path).join(', ')})`);
  return { event, text: JSON.stringify(event) };
}

function leaks(text: string, secrets: readonly string[]): string[] {
  return secrets.filter((secret) => text.includes(secret));
}

/** The audit cases that need no clock. */
export const auditCases: ConformanceCase[] = [
  {
    name: 'audit/started_and_ended',
    preset: 'account-admin',
    async run(t) {
      const session = await t.start('u_owner', 'u_alice');
      await t.end('u_owner');
      const events = await t.events('u_owner', session.id);
      const started = events.filter((e) => e.type === 'impersonation.started');
      const ended = events.filter((e) => e.type === 'impersonation.ended');
      check(started.length === 1 && ended.length === 1, () => `GET /sessions/{id}/events: saw ${started.length} started and ${ended.length} ended events vs expected one of each`);
      const end = ended[0] as AuditEvent;
      check(end.endReason === 'ended' && end.actor.id === 'u_owner' && end.impersonated?.id === 'u_alice' && end.sessionId === session.id, () => `the ended event is ${JSON.stringify(end)} vs expected endReason "ended" by u_owner for u_alice`);
    },
  },
  {
    name: 'audit/ended_once',
    preset: 'account-admin',
    async run(t) {
      const session = await t.start('u_owner', 'u_alice');
      const replies = await Promise.all(Array.from({ length: 5 }, () => t.api('DELETE', '/sessions/current', 'u_owner')));
      // Each answer is the ended session or "none active"; whatever the race, the end is written once.
      check(replies.some((r) => r.status === 200), () => `5 simultaneous DELETE /sessions/current: saw ${replies.map((r) => r.status).join(', ')} vs expected one 200 at least`);
      for (const reply of replies) {
        if (reply.status !== 200) expectError(reply, 404, 'no_active_session');
        else check((expectOk(reply).session as { id?: string } | undefined)?.id === session.id, () => `${reply.request}: saw another session than ${session.id}`);
      }
      const ended = (await t.events('u_owner', session.id)).filter((e) => e.type === 'impersonation.ended');
      check(ended.length === 1, () => `GET /sessions/{id}/events: saw ${ended.length} ended events vs expected exactly one`);
    },
  },
  {
    name: 'audit/ended_on_consent_revoked',
    preset: 'consent',
    async run(t) {
      const session = await t.start('u_owner', 'u_alice');
      expectOk(await t.api('DELETE', '/consent', 'u_alice'));
      const ended = (await t.events('u_owner', session.id)).filter((e) => e.type === 'impersonation.ended');
      check(ended.length === 1 && ended[0]?.endReason === 'consent_revoked', () => `GET /sessions/{id}/events after the revocation: saw ${JSON.stringify(ended.map((e) => e.endReason))} vs expected one ended event, consent_revoked`);
    },
  },
  {
    name: 'audit/consent_events',
    preset: 'consent',
    async run(t) {
      expectOk(await t.api('PUT', '/consent', 'u_bob', { json: { durationHours: 72 } }));
      expectOk(await t.api('DELETE', '/consent', 'u_bob'));
      const events = await t.listAll<AuditEvent>('/audit?userId=u_bob', 'u_owner', auditEvent);
      const types = events.filter((e) => e.actor.id === 'u_bob').map((e) => e.type);
      check(types[0] === 'consent.revoked' && types[1] === 'consent.granted', () => `GET /audit?userId=u_bob: saw ${JSON.stringify(types)} vs expected consent.revoked then consent.granted (newest first)`);
    },
  },
  {
    name: 'audit/action_per_call',
    preset: 'account-admin',
    needs: NEEDS_APP,
    async run(t) {
      expectOk(await t.app('GET', '/me', 'u_owner'));
      const { session, made } = await duringSession(t, [
        { method: 'GET', path: '/me' },
        { method: 'GET', path: '/projects' },
        { method: 'POST', path: '/projects', json: { name: 'Audit check project' } },
        { method: 'POST', path: '/api-keys', json: { name: 'Blocked key' } },
        { method: 'GET', path: '/projects?page=2' },
      ]);
      await t.end('u_owner');
      expectOk(await t.app('GET', '/me', 'u_owner'));
      const actions = await actionsOf(t, session.id);
      expectActions(actions, made);
      check(actions.every((e) => e.impersonator?.id === 'u_owner' && e.impersonated?.id === 'u_alice' && e.sessionId === session.id), 'an action event does not name u_owner as impersonator and u_alice as impersonated');
      check(made[3]?.reply.status === 403, 'the blocked call was not refused');
    },
  },
  {
    name: 'audit/redaction/words',
    preset: 'account-admin',
    needs: NEEDS_APP,
    async run(t) {
      const secret: Record<string, unknown> = {
        Password: 'sv-01', 'db.passwd': 'sv-02', passphrase: 'sv-03', wifi_pass: 'sv-04', clientSecret: 'sv-05', 'x-auth-token': 'sv-06',
        apikey: 'sv-07', apiKey: 'sv-08', accessKey: 'sv-09', private_key: 'sv-10', Authorization: 'sv-11', authCode: 'sv-12', cookie: 'sv-13',
        'session-id': 'sv-14', otp_code: 'sv-15', pin: 'sv-16', cvv: 'sv-17', 'card.cvc': 'sv-18', ssn: 'sv-19', cardNumber: 'sv-20',
        credentials: { user: 'sv-21', key: 'sv-22' }, signature: 'sv-23', jwt: 'sv-24',
      };
      const kept = { name: 'Redaction check', footprint: 'keep-1', author: 'keep-2', spinner: 'keep-3' };
      const body = { ...kept, ...secret, nested: { items: [{ token: 'sv-25', label: 'keep-4' }, [{ 'API Key': 'sv-26' }]] } };
      const { session } = await duringSession(t, [{ method: 'POST', path: '/projects', json: body }]);
      const { event, text } = await recordedBody(t, session, '/projects');
      const stored = event.request?.body as Record<string, unknown>;
      const notRedacted = Object.keys(secret).filter((key) => stored?.[key] !== '[REDACTED]');
      check(notRedacted.length === 0, () => `the recorded body keeps ${notRedacted.map((k) => `${k}=${JSON.stringify(stored?.[k])}`).join(', ')} vs expected "[REDACTED]"`);
      const changed = Object.entries(kept).filter(([key, value]) => stored?.[key] !== value);
      check(changed.length === 0, () => `the recorded body changed ${changed.map(([k]) => `${k}=${JSON.stringify(stored?.[k])}`).join(', ')} vs expected them kept (not secret words)`);
      const leaked = leaks(text, Array.from({ length: 26 }, (_, i) => `sv-${String(i + 1).padStart(2, '0')}`));
      check(leaked.length === 0, () => `the action event still holds ${leaked.join(', ')}`);
      check(text.includes('keep-4'), 'a non-secret value nested in an array was lost');
    },
  },
  {
    name: 'audit/redaction/confirm-echo',
    preset: 'account-admin',
    needs: NEEDS_APP,
    async run(t) {
      const value = 'sv-echo-Hunter2-secret';
      const body = { name: 'Echo check', newPassword: value, confirm: value, notes: [value, 'keep-note'], nested: { again: value } };
      const { session } = await duringSession(t, [{ method: 'POST', path: '/projects', json: body }]);
      const { event, text } = await recordedBody(t, session, '/projects');
      check(!text.includes(value), () => `the recorded body ${JSON.stringify(event.request?.body)} still echoes the redacted value`);
      check(text.includes('keep-note') && text.includes('Echo check'), 'the recorded body lost values that are not secrets');
    },
  },
  {
    name: 'audit/redaction/query',
    preset: 'account-admin',
    needs: NEEDS_APP,
    async run(t) {
      const { session } = await duringSession(t, [{ method: 'GET', path: '/projects?token=sv-q-1&page=2&api_key=sv-q-2&author=keep-author&accessKey=sv-q-3' }]);
      const { event } = await recordedBody(t, session, '/projects');
      const path = event.request?.path ?? '';
      const query = new URLSearchParams(path.split('?')[1] ?? '');
      check(leaks(path, ['sv-q-1', 'sv-q-2', 'sv-q-3']).length === 0, () => `the recorded path ${path} still holds secret query values`);
      check(query.get('page') === '2' && query.get('author') === 'keep-author', () => `the recorded path ${path} lost query values that are not secrets`);
      check(query.get('token') === '[REDACTED]' && query.get('api_key') === '[REDACTED]', () => `the recorded path ${path}: saw token=${String(query.get('token'))} vs expected token=[REDACTED]`);
    },
  },
  {
    name: 'audit/redaction/cut',
    preset: 'account-admin',
    needs: NEEDS_APP,
    async run(t) {
      const bodies = [
        { path: '/projects', json: { name: 'Cut check', notes: 'n'.repeat(20_000), password: 'sv-cut-1' } },
        { path: '/projects?wide=1', json: { name: 'Wide cut check', notes: '\u00E9'.repeat(10_000), token: 'sv-cut-2' } },
      ];
      const { session } = await duringSession(t, bodies.map((b) => ({ method: 'POST', ...b })));
      const actions = await actionsOf(t, session.id);
      check(actions.length === 2, () => `GET /sessions/{id}/events: saw ${actions.length} action events vs expected 2`);
      for (const event of actions) {
        const stored = JSON.stringify(event.request?.body ?? null);
        const bytes = new TextEncoder().encode(stored).length;
        check(bytes <= 8 * 1024, () => `the recorded body of ${event.request?.path} weighs ${bytes} bytes serialised vs expected at most 8 KiB`);
        check(leaks(stored, ['sv-cut-1', 'sv-cut-2']).length === 0, `a cut body still holds a secret value`);
        check(stored.length > 2, () => `the recorded body of ${event.request?.path} is empty (${stored}) vs expected the cut body, marked`);
      }
    },
  },
  {
    name: 'audit/redaction/deep',
    preset: 'account-admin',
    needs: NEEDS_APP,
    async run(t) {
      const deep = `${'{"a":'.repeat(5_000)}{"password":"sv-deep-1","name":"Deep"}${'}'.repeat(5_000)}`;
      const deeper = `${'['.repeat(10_000)}"sv-keep-deep"${']'.repeat(10_000)}`;
      const { session, made } = await duringSession(t, [
        { method: 'POST', path: '/projects', raw: deep },
        { method: 'POST', path: '/projects?deeper=1', raw: deeper },
      ]);
      for (const call of made) check(call.reply.status < 500, () => `${call.reply.request} with a deep body: saw ${describeReply(call.reply)} vs expected a contract answer`);
      const actions = await actionsOf(t, session.id);
      expectActions(actions, made);
      check(!JSON.stringify(actions).includes('sv-deep-1'), 'a secret at depth 5,000 reached the audit');
    },
  },
  {
    name: 'audit/hostile_calls_recorded',
    preset: 'account-admin',
    needs: NEEDS_APP,
    async run(t) {
      const { session, made } = await duringSession(t, [
        { method: 'POST', path: '/projects', json: { name: 'NUL\u0000name', password: 'sv-nul\u0000-1' } },
        { method: 'POST', path: '/projects?malformed=1', raw: '{"name":' },
        { method: 'POST', path: '/projects?surrogate=1', json: { name: 'Lone \ud800 surrogate' } },
      ]);
      for (const call of made) check(call.reply.status < 500, () => `${call.reply.request}: saw ${describeReply(call.reply)} vs expected a contract answer`);
      // The audit still reads back (a store that chokes on NUL fails here), and nothing escaped it.
      const actions = await actionsOf(t, session.id);
      expectActions(actions, made);
      check(!JSON.stringify(actions).includes('sv-nul'), 'a secret with a NUL byte reached the audit');
      const trail = await t.api('GET', `/audit?sessionId=${session.id}`, 'u_owner');
      expectOk(trail);
    },
  },
  {
    name: 'audit/who_sees_what',
    preset: 'account-admin',
    needs: NEEDS_APP,
    async run(t) {
      const { session } = await duringSession(t, [{ method: 'GET', path: '/me' }]);
      await t.end('u_owner');
      // The target sees every session that ran as them and every action in it.
      const asTarget = await sessionsOf(t, 'u_alice', 'impersonated');
      check(asTarget.some((s) => s.id === session.id), 'GET /sessions?role=impersonated as u_alice does not list the session that ran as her');
      const targetView: string[] = (await t.events('u_alice', session.id)).map((e) => e.type);
      check(['impersonation.started', 'impersonation.action', 'impersonation.ended'].every((type) => targetView.includes(type)), () => `GET /sessions/{id}/events as u_alice: saw ${JSON.stringify(targetView)} vs expected started, action and ended`);
      // The impersonator and a permission holder see the account's trail.
      for (const as of ['u_owner', 'u_admin']) {
        const trail = await t.listAll<AuditEvent>(`/audit?sessionId=${session.id}`, as, auditEvent);
        check(trail.some((e) => e.type === 'impersonation.action'), () => `GET /audit?sessionId=… as ${as}: saw ${trail.length} events vs expected the session's actions`);
      }
      // Anyone else sees nothing of it.
      expectError(await t.api('GET', `/sessions/${session.id}/events`, 'u_bob'), 404, 'not_found');
      const bobTrail = await t.api('GET', `/audit?sessionId=${session.id}`, 'u_bob');
      expectOneOfErrors(bobTrail, [[403, 'forbidden'], [404, 'not_found']]);
      check((await sessionsOf(t, 'u_bob', 'impersonated')).length === 0, 'GET /sessions?role=impersonated as u_bob lists sessions that did not run as him');
    },
  },
];
