// The rules table of contract.md: each row's code, status and error body, provoked on its own
// (every other field of the request is valid, so only the rule under test can refuse it).
import { everyEndpoint } from '../endpoints';
import { expectError, expectOk, isRecord } from '../expect';
import { check } from '../outcome';
import { expectNoActiveSession, postRestart, postStart } from '../steps';
import type { ConformanceCase } from '../suite';

const NOBODY = 'u_conformance_nobody';

/** A start refused with one code: the case name, preset, viewer, target and the expected answer. */
function refusedStart(name: string, preset: ConformanceCase['preset'], as: string, target: string, status: number, code: string): ConformanceCase {
  return {
    name: `rules/${name}`,
    preset,
    async run(t) {
      expectError(await postStart(t, as, target), status, code);
      await expectNoActiveSession(t, as, 'a refused start must start nothing');
    },
  };
}

/** The rules table, row by row. */
export const ruleCases: ConformanceCase[] = [
  {
    name: 'rules/unauthenticated',
    preset: 'account-admin',
    async run(t) {
      const session = await t.start('u_owner', 'u_alice');
      for (const call of everyEndpoint(session.id, t.startBody('u_bob'))) {
        expectError(await t.api(call.method, call.path, null, call.json === undefined ? {} : { json: call.json }), 401, 'unauthenticated');
      }
      // Nothing a caller without credentials sent may have touched the running session.
      check((await t.session('u_owner', session.id)).status === 'active', 'the session ended after calls without credentials');
    },
  },
  refusedStart('forbidden', 'account-admin', 'u_alice', 'u_bob', 403, 'forbidden'),
  refusedStart('self_impersonation', 'account-admin', 'u_owner', 'u_owner', 403, 'self_impersonation'),
  {
    name: 'rules/already_impersonating',
    preset: 'account-admin',
    async run(t) {
      const first = await t.start('u_owner', 'u_alice');
      expectError(await postStart(t, 'u_owner', 'u_bob'), 409, 'already_impersonating');
      expectError(await postStart(t, 'u_owner', 'u_alice'), 409, 'already_impersonating');
      const sessions = await t.api('GET', '/sessions?role=impersonator', 'u_owner');
      const items = (expectOk(sessions).items ?? []) as { id: string }[];
      check(items.length === 1 && items[0]?.id === first.id, () => `${sessions.request}: saw ${items.length} sessions vs expected only the first (${first.id})`);
    },
  },
  {
    name: 'rules/already_impersonating/simultaneous_starts',
    preset: 'account-admin',
    async run(t) {
      // Five starts at once for five targets: one session wins, the others are chaining.
      const replies = await Promise.all(['u_alice', 'u_bob', 'u_ada', 'u_bill', 'u_admin'].map((target) => postStart(t, 'u_owner', target)));
      const started = replies.filter((r) => r.status === 201);
      check(started.length === 1, () => `5 simultaneous POST /sessions as u_owner: saw ${replies.map((r) => r.status).join(', ')} vs expected exactly one 201`);
      for (const reply of replies) if (reply.status !== 201) expectError(reply, 409, 'already_impersonating');
      const sessions = expectOk(await t.api('GET', '/sessions?role=impersonator', 'u_owner')).items as unknown[];
      check(sessions.length === 1, () => `GET /sessions?role=impersonator after simultaneous starts: saw ${sessions.length} sessions vs expected 1`);
    },
  },
  refusedStart('target_is_admin', 'enterprise', 'u_owner', 'u_ada', 403, 'target_is_admin'),
  refusedStart('target_protected_role', 'enterprise', 'u_owner', 'u_bill', 403, 'target_protected_role'),
  refusedStart('target_not_found', 'account-admin', 'u_owner', NOBODY, 404, 'target_not_found'),
  refusedStart('target_unavailable', 'account-admin', 'u_owner', 'u_sam', 403, 'target_unavailable'),
  {
    name: 'rules/target_unavailable/ends_sessions',
    preset: 'account-admin',
    needs: ['setUserStatus'],
    async run(t) {
      const session = await t.start('u_owner', 'u_alice');
      await t.driver.setUserStatus?.('u_alice', 'suspended');
      expectError(await t.api('GET', '/sessions/current', 'u_owner'), 404, 'no_active_session');
      const ended = await t.session('u_owner', session.id);
      check(ended.status === 'ended' && ended.endReason === 'target_unavailable', () => `GET /sessions/{id} after u_alice was suspended: saw ${ended.status}/${String(ended.endReason)} vs expected ended/target_unavailable`);
      const events = (await t.events('u_owner', session.id)).filter((e) => e.type === 'impersonation.ended');
      check(events.length === 1 && events[0]?.endReason === 'target_unavailable', () => `GET /sessions/{id}/events: saw ended events ${JSON.stringify(events.map((e) => e.endReason))} vs expected one, target_unavailable`);
      expectError(await postStart(t, 'u_owner', 'u_alice'), 403, 'target_unavailable');
      await t.driver.setUserStatus?.('u_bob', 'deleted');
      expectError(await postStart(t, 'u_owner', 'u_bob'), 403, 'target_unavailable');
    },
  },
  refusedStart('target_never_logged_in', 'account-admin', 'u_owner', 'u_nora', 403, 'target_never_logged_in'),
  refusedStart('consent_required', 'consent', 'u_owner', 'u_bob', 403, 'consent_required'),
  {
    name: 'rules/step_up_required',
    preset: 'enterprise',
    async run(t) {
      expectError(await postStart(t, 'u_owner', 'u_alice', { stepUpCode: undefined }), 403, 'step_up_required');
      expectError(await postStart(t, 'u_owner', 'u_alice', { stepUpCode: '' }), 403, 'step_up_required');
      await expectNoActiveSession(t, 'u_owner', 'a start without the second factor must start nothing');
    },
  },
  {
    name: 'rules/step_up_invalid',
    preset: 'enterprise',
    async run(t) {
      expectError(await postStart(t, 'u_owner', 'u_alice', { stepUpCode: '000000' }), 403, 'step_up_invalid');
      await expectNoActiveSession(t, 'u_owner', 'a start with a wrong second factor must start nothing');
    },
  },
  {
    name: 'rules/step_up_required/restart',
    preset: 'enterprise',
    async run(t) {
      const first = await t.start('u_owner', 'u_alice');
      await t.end('u_owner');
      expectError(await postRestart(t, 'u_owner', first.id), 403, 'step_up_required');
      expectError(await postRestart(t, 'u_owner', first.id, {}), 403, 'step_up_required');
      await expectNoActiveSession(t, 'u_owner', 'a restart without the second factor must start nothing');
    },
  },
  {
    name: 'rules/step_up_invalid/restart',
    preset: 'enterprise',
    async run(t) {
      const first = await t.start('u_owner', 'u_alice');
      await t.end('u_owner');
      expectError(await postRestart(t, 'u_owner', first.id, { stepUpCode: '000000' }), 403, 'step_up_invalid');
      await expectNoActiveSession(t, 'u_owner', 'a restart with a wrong second factor must start nothing');
      // The refusal did not use up the restart: the right code still restarts it.
      expectOk(await postRestart(t, 'u_owner', first.id, { stepUpCode: '123456' }), 201);
    },
  },
  {
    name: 'rules/invalid_duration',
    preset: 'consent',
    async run(t) {
      for (const durationHours of [0, 169, -1, 1.5, 24.000001]) {
        expectError(await t.api('PUT', '/consent', 'u_bob', { json: { durationHours } }), 422, 'invalid_duration');
      }
      // A string is a wrong type or a wrong duration; either way a 422, never a grant.
      expectError(await t.api('PUT', '/consent', 'u_bob', { json: { durationHours: '24' } }), 422, ['invalid_duration', 'validation_failed']);
      const consent = expectOk(await t.api('GET', '/consent', 'u_bob'));
      check(isRecord(consent.consent) && consent.consent.status === 'inactive', () => `GET /consent as u_bob: saw ${JSON.stringify(consent.consent)} vs expected inactive after refused grants`);
    },
  },
  {
    name: 'rules/no_active_session',
    preset: 'account-admin',
    async run(t) {
      expectError(await t.api('GET', '/sessions/current', 'u_owner'), 404, 'no_active_session');
      expectError(await t.api('POST', '/sessions/current/activity', 'u_owner'), 404, 'no_active_session');
      expectError(await t.api('DELETE', '/sessions/current', 'u_owner'), 404, 'no_active_session');
      // After an end, "current" is gone again.
      await t.start('u_owner', 'u_alice');
      await t.end('u_owner');
      expectError(await t.api('DELETE', '/sessions/current', 'u_owner'), 404, 'no_active_session');
    },
  },
  {
    name: 'rules/restart_not_allowed',
    preset: 'account-admin',
    async run(t) {
      const active = await t.start('u_owner', 'u_alice');
      expectError(await postRestart(t, 'u_owner', active.id), 409, 'restart_not_allowed');
      check((await t.session('u_owner', active.id)).status === 'active', 'a refused restart ended the active session');
    },
  },
  {
    name: 'rules/blocked_during_impersonation',
    preset: 'account-admin',
    needs: ['appUrl'],
    async run(t) {
      await t.start('u_owner', 'u_alice');
      expectError(await t.app('POST', '/api-keys', 'u_owner', { json: { name: 'Conformance key' } }), 403, 'blocked_during_impersonation');
      expectError(await t.app('PUT', '/account/password', 'u_owner', { json: { currentPassword: 'old-password-1', newPassword: 'new-password-2' } }), 403, 'blocked_during_impersonation');
    },
  },
  {
    name: 'rules/validation_failed/malformed_json',
    preset: 'account-admin',
    async run(t) {
      expectError(await t.api('POST', '/sessions', 'u_owner', { raw: '{"targetUserId": "u_alice", "reason": ' }), 422, 'validation_failed');
      expectError(await t.api('POST', '/sessions', 'u_owner', { raw: "{'targetUserId': 'u_alice'}" }), 422, 'validation_failed');
      expectError(await t.api('PUT', '/consent', 'u_owner', { raw: '{"durationHours": 24,}' }), 422, 'validation_failed');
      await expectNoActiveSession(t, 'u_owner', 'a malformed start must start nothing');
    },
  },
  {
    name: 'rules/validation_failed/wrong_types',
    preset: 'account-admin',
    async run(t) {
      for (const json of [{ ...t.startBody('u_alice'), targetUserId: 42 }, { ...t.startBody('u_alice'), targetUserId: ['u_alice'] }, [t.startBody('u_alice')], 'u_alice', null]) {
        expectError(await t.api('POST', '/sessions', 'u_owner', { json }), 422, 'validation_failed');
      }
      expectError(await t.api('POST', '/sessions', 'u_owner', { json: {} }), 422, 'validation_failed');
      await expectNoActiveSession(t, 'u_owner', 'a mistyped start must start nothing');
    },
  },
  {
    name: 'rules/rate_limited',
    preset: 'account-admin',
    async run(t) {
      for (let i = 0; i < 10; i++) {
        await t.start('u_owner', 'u_alice');
        await t.end('u_owner');
      }
      expectError(await postStart(t, 'u_owner', 'u_alice'), 429, 'rate_limited');
      await expectNoActiveSession(t, 'u_owner', 'a rate-limited start must start nothing');
      // The limit is per viewer: another admin starts as usual.
      await t.start('u_admin', 'u_alice');
    },
  },
  {
    name: 'rules/eligibility_forbidden',
    preset: 'account-admin',
    async run(t) {
      const reply = await t.api('GET', '/eligibility?userIds=u_alice,u_sam,u_nora', 'u_bob');
      expectError(reply, 403, 'forbidden');
      check(!reply.text.includes('target_') && !reply.text.includes('"items"'), () => `${reply.request}: the refusal leaks per-user answers: ${reply.text.slice(0, 200)}`);
    },
  },
];
