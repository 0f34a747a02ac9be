// The general conventions: every session or consent answer carries `serverTime`; every error is
// `{ error: { code, message, details? } }` as JSON, with no stack or internal detail.
import type { Reply } from '../http';
import { describeReply } from '../http';
import { errorBodyProblem, expectOk, isRecord } from '../expect';
import { check } from '../outcome';
import { iso } from '../shapes';
import { postRestart, postStart } from '../steps';
import type { ConformanceCase } from '../suite';

function expectServerTime(reply: Reply): void {
  const body = expectOk(reply, [200, 201]);
  const problem = iso(body.serverTime, 'serverTime');
  check(problem === null, () => `${reply.request}: ${problem ?? ''} (every answer with a session or consent carries serverTime)`);
}

/** The general conventions. */
export const conventionCases: ConformanceCase[] = [
  {
    name: 'conventions/server_time',
    preset: 'account-admin',
    async run(t) {
      const started = await postStart(t, 'u_owner', 'u_alice');
      expectServerTime(started);
      const id = isRecord(started.body) && isRecord(started.body.session) ? String(started.body.session.id) : '';
      expectServerTime(await t.api('GET', '/viewer', 'u_owner'));
      expectServerTime(await t.api('GET', '/sessions/current', 'u_owner'));
      expectServerTime(await t.api('GET', `/sessions/${id}`, 'u_owner'));
      expectServerTime(await t.api('POST', '/sessions/current/activity', 'u_owner'));
      expectServerTime(await t.api('DELETE', '/sessions/current', 'u_owner'));
      expectServerTime(await postRestart(t, 'u_owner', id));
      expectServerTime(await t.api('GET', '/consent', 'u_bob'));
      expectServerTime(await t.api('PUT', '/consent', 'u_bob', { json: { durationHours: 24 } }));
      expectServerTime(await t.api('DELETE', '/consent', 'u_bob'));
    },
  },
  {
    name: 'conventions/error_body',
    preset: 'account-admin',
    async run(t) {
      const refusals = [
        await t.api('GET', '/viewer', null),
        await postStart(t, 'u_bob', 'u_alice'),
        await t.api('GET', '/sessions/imp_conformance_missing', 'u_owner'),
        await t.api('POST', '/sessions', 'u_owner', { raw: '{"targetUserId":' }),
        await t.api('GET', '/sessions/current', 'u_owner'),
      ];
      for (const reply of refusals) {
        check(reply.status >= 400 && reply.status < 500, () => `${reply.request}: saw ${describeReply(reply)} vs expected a refusal`);
        const problem = errorBodyProblem(reply.body);
        check(problem === null, () => `${reply.request}: saw ${describeReply(reply)} vs expected { error: { code, message, details? } } (${problem ?? ''})`);
        const type = reply.headers.get('content-type') ?? '';
        check(/^application\/([\w.+-]+\+)?json\b/i.test(type), () => `${reply.request}: saw Content-Type "${type}" vs expected application/json`);
      }
    },
  },
];
