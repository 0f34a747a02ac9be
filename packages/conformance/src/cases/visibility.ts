// Not yours and not there look the same: a session the viewer may not see answers exactly like
// one that does not exist.
import type { CaseContext } from '../context';
import { errorCodeOf, expectError, isRecord } from '../expect';
import type { Reply } from '../http';
import { check } from '../outcome';
import { postRestart } from '../steps';
import type { ConformanceCase } from '../suite';

const MISSING = 'imp_conformance_missing_0001';

/** What a client could tell apart: status, code, and the message with the id written out. */
function look(reply: Reply, id: string): string {
  const error = isRecord(reply.body) && isRecord(reply.body.error) ? reply.body.error : {};
  const message = typeof error.message === 'string' ? error.message.replaceAll(id, '{id}') : '';
  return JSON.stringify({ status: reply.status, code: error.code, message, details: error.details ?? null });
}

async function compare(t: CaseContext, what: string, call: (id: string) => Promise<Reply>, hidden: string): Promise<void> {
  const missing = await call(MISSING);
  const invisible = await call(hidden);
  check(look(invisible, hidden) === look(missing, MISSING), () => `${what}: the invisible session answers ${look(invisible, hidden)} but a missing one ${look(missing, MISSING)} vs expected the same answer`);
}

/** The visibility conventions. */
export const visibilityCases: ConformanceCase[] = [
  {
    name: 'conventions/not_found/missing_session',
    preset: 'account-admin',
    async run(t) {
      expectError(await t.api('GET', `/sessions/${MISSING}`, 'u_owner'), 404, 'not_found');
      expectError(await t.api('GET', `/sessions/${MISSING}/events`, 'u_owner'), 404, 'not_found');
      const restart = await postRestart(t, 'u_owner', MISSING);
      check(restart.status === 404 && errorCodeOf(restart) === 'not_found', () => `${restart.request}: saw ${restart.status} ${errorCodeOf(restart) ?? ''} vs expected 404 not_found`);
    },
  },
  {
    name: 'conventions/not_found/invisible_session',
    preset: 'account-admin',
    async run(t) {
      const session = await t.start('u_owner', 'u_alice');
      // u_bob is neither its impersonator nor its target, and holds no permission.
      expectError(await t.api('GET', `/sessions/${session.id}`, 'u_bob'), 404, 'not_found');
      expectError(await t.api('GET', `/sessions/${session.id}/events`, 'u_bob'), 404, 'not_found');
      await compare(t, 'GET /sessions/{id} as u_bob', (id) => t.api('GET', `/sessions/${id}`, 'u_bob'), session.id);
      await compare(t, 'GET /sessions/{id}/events as u_bob', (id) => t.api('GET', `/sessions/${id}/events`, 'u_bob'), session.id);
      await t.end('u_owner');
      await compare(t, 'POST /sessions/{id}/restart as u_bob', (id) => postRestart(t, 'u_bob', id), session.id);
    },
  },
];
