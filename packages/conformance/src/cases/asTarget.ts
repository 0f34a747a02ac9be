// While a session runs, the host app's other API calls act as the target; before and after, as
// the caller. Read through the reference host route GET /me, which answers `{ user: { id } }`.
import type { As, CaseContext } from '../context';
import { expectOk, isRecord } from '../expect';
import { check } from '../outcome';
import type { ConformanceCase } from '../suite';

async function me(t: CaseContext, as: As): Promise<string> {
  const reply = await t.app('GET', '/me', as);
  const body = expectOk(reply);
  const id = isRecord(body.user) ? body.user.id : undefined;
  check(typeof id === 'string', () => `${reply.request}: saw ${reply.text.slice(0, 200)} vs expected { user: { id } } (the reference host route)`);
  return id;
}

/** The as-target cases. */
export const asTargetCases: ConformanceCase[] = [
  {
    name: 'as_target/host_calls_act_as_target',
    preset: 'account-admin',
    needs: ['appUrl'],
    async run(t) {
      check((await me(t, 'u_owner')) === 'u_owner', 'GET /me before any session does not answer the caller');
      await t.start('u_owner', 'u_alice');
      const during = await me(t, 'u_owner');
      check(during === 'u_alice', () => `GET /me as u_owner during the session: saw ${during} vs expected u_alice (the target)`);
      // Only the impersonator's calls change: the target and everyone else stay themselves.
      check((await me(t, 'u_alice')) === 'u_alice', 'GET /me as u_alice during the session does not answer u_alice');
      check((await me(t, 'u_admin')) === 'u_admin', 'GET /me as u_admin during the session does not answer u_admin');
      await t.end('u_owner');
      const after = await me(t, 'u_owner');
      check(after === 'u_owner', () => `GET /me as u_owner after the end: saw ${after} vs expected u_owner`);
    },
  },
];
