// Restart: a new session with the same target and reason, only by its impersonator, only after
// the session ended, only once (the window and the second factor have cases of their own).
import type { Session } from '@impersonate-kit/sdk';
import { errorCodeOf, expectError, expectOk } from '../expect';
import { check } from '../outcome';
import { expectShape, sessionAnswer } from '../shapes';
import { expectNoActiveSession, postRestart, sessionsOf } from '../steps';
import type { ConformanceCase } from '../suite';

/** The restart cases. */
export const restartCases: ConformanceCase[] = [
  {
    name: 'restart/after_end',
    preset: 'account-admin',
    async run(t) {
      const first = await t.start('u_owner', 'u_alice', { reason: 'Restart check for ticket #4521' });
      await t.end('u_owner');
      const reply = await postRestart(t, 'u_owner', first.id);
      const { session } = expectShape<{ session: Session }>(reply.request, expectOk(reply, 201), sessionAnswer);
      const problems = [
        session.id !== first.id ? null : 'the same id',
        session.status === 'active' ? null : `status ${session.status}`,
        session.restartOf === first.id ? null : `restartOf ${String(session.restartOf)}`,
        session.target.id === 'u_alice' ? null : `target ${session.target.id}`,
        session.impersonator.id === 'u_owner' ? null : `impersonator ${session.impersonator.id}`,
        session.reason === first.reason ? null : `reason ${JSON.stringify(session.reason)}`,
        session.reasonCategory === first.reasonCategory ? null : `reasonCategory ${JSON.stringify(session.reasonCategory)}`,
      ].filter(Boolean);
      check(problems.length === 0, () => `${reply.request}: the new session has ${problems.join('; ')} vs expected a new active session with restartOf ${first.id}, same target and reason`);
      check((await t.session('u_owner', first.id)).status === 'ended', 'the restarted session is no longer ended');
    },
  },
  {
    name: 'restart/once',
    preset: 'account-admin',
    async run(t) {
      const first = await t.start('u_owner', 'u_alice');
      await t.end('u_owner');
      expectOk(await postRestart(t, 'u_owner', first.id), 201);
      await t.end('u_owner');
      expectError(await postRestart(t, 'u_owner', first.id), 409, 'restart_not_allowed');
      await expectNoActiveSession(t, 'u_owner', 'a second restart of one session');
      check((await sessionsOf(t, 'u_owner', 'impersonator')).length === 2, 'a session was restarted twice');
    },
  },
  {
    name: 'restart/only_its_impersonator',
    preset: 'account-admin',
    async run(t) {
      const first = await t.start('u_owner', 'u_alice');
      await t.end('u_owner');
      // u_admin may read the session (the permission) but never restart someone else's.
      const reply = await postRestart(t, 'u_admin', first.id);
      check(reply.status >= 400 && reply.status < 500, () => `${reply.request} of u_owner's session: saw ${reply.status} ${errorCodeOf(reply) ?? ''} vs expected a refusal`);
      await expectNoActiveSession(t, 'u_admin', "a restart of another impersonator's session");
      // The refusal did not use up the restart.
      expectOk(await postRestart(t, 'u_owner', first.id), 201);
    },
  },
  {
    name: 'restart/no_chaining',
    preset: 'account-admin',
    async run(t) {
      const first = await t.start('u_owner', 'u_alice');
      await t.end('u_owner');
      await t.start('u_owner', 'u_bob');
      expectError(await postRestart(t, 'u_owner', first.id), 409, 'already_impersonating');
    },
  },
  {
    name: 'restart/step_up_again',
    preset: 'enterprise',
    async run(t) {
      const first = await t.start('u_owner', 'u_alice');
      await t.end('u_owner');
      const reply = await postRestart(t, 'u_owner', first.id, { stepUpCode: '123456' });
      const { session } = expectShape<{ session: Session }>(reply.request, expectOk(reply, 201), sessionAnswer);
      check(session.restartOf === first.id, () => `${reply.request}: saw restartOf ${String(session.restartOf)} vs expected ${first.id}`);
    },
  },
];
