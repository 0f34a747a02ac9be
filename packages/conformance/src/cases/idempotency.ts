// `Idempotency-Key` on POST /sessions: the same key within 10 minutes returns the same session,
// never a second one; the key is bound to its viewer and its body.
import type { Session } from '@impersonate-kit/sdk';
import type { CaseContext } from '../context';
import { errorCodeOf, expectError, expectOk } from '../expect';
import type { Reply } from '../http';
import { check } from '../outcome';
import { expectShape, sessionAnswer } from '../shapes';
import { postStart, sessionsOf } from '../steps';
import type { ConformanceCase } from '../suite';

const KEY = 'conformance-key-7f3a9c';

function keyed(key = KEY): Record<string, string> {
  return { 'Idempotency-Key': key };
}

function sessionOf(reply: Reply): Session {
  return expectShape<{ session: Session }>(reply.request, expectOk(reply, [200, 201]), sessionAnswer).session;
}

async function expectSessionCount(t: CaseContext, as: string, count: number, why: string): Promise<void> {
  const sessions = await sessionsOf(t, as, 'impersonator');
  check(sessions.length === count, () => `${why}: GET /sessions?role=impersonator as ${as} saw ${sessions.length} sessions vs expected ${count}`);
}

/** The idempotency conventions (the 10-minute window is a time case). */
export const idempotencyCases: ConformanceCase[] = [
  {
    name: 'conventions/idempotency/same_key_same_session',
    preset: 'account-admin',
    async run(t) {
      const first = sessionOf(await postStart(t, 'u_owner', 'u_alice', {}, keyed()));
      const again = sessionOf(await postStart(t, 'u_owner', 'u_alice', {}, keyed()));
      check(again.id === first.id, () => `POST /sessions again with the same Idempotency-Key: saw session ${again.id} vs expected the same ${first.id}`);
      await expectSessionCount(t, 'u_owner', 1, 'a retried start');
      // Still the same session after it ended: a late retry must not start a second one.
      await t.end('u_owner');
      const late = sessionOf(await postStart(t, 'u_owner', 'u_alice', {}, keyed()));
      check(late.id === first.id, () => `POST /sessions with the same key after the end: saw session ${late.id} vs expected the same ${first.id}`);
      await expectSessionCount(t, 'u_owner', 1, 'a retry after the end');
    },
  },
  {
    name: 'conventions/idempotency/different_body',
    preset: 'account-admin',
    async run(t) {
      const first = sessionOf(await postStart(t, 'u_owner', 'u_alice', {}, keyed()));
      await t.end('u_owner');
      expectError(await postStart(t, 'u_owner', 'u_bob', {}, keyed()), 422, 'idempotency_key_reused');
      expectError(await postStart(t, 'u_owner', 'u_alice', { reason: 'Another reason for the same key' }, keyed()), 422, 'idempotency_key_reused');
      await expectSessionCount(t, 'u_owner', 1, 'a key reused with another body');
      check((await t.session('u_owner', first.id)).status === 'ended', 'the first session changed after its key was reused');
    },
  },
  {
    name: 'conventions/idempotency/another_viewers_key',
    preset: 'account-admin',
    async run(t) {
      const owners = sessionOf(await postStart(t, 'u_owner', 'u_alice', {}, keyed()));
      // The same key from another viewer, even with another body, is simply another key.
      const reply = await postStart(t, 'u_admin', 'u_bob', {}, keyed());
      check(reply.status === 201, () => `${reply.request} with u_owner's Idempotency-Key: saw ${reply.status} ${errorCodeOf(reply) ?? ''} vs expected 201 (keys are per viewer)`);
      const admins = sessionOf(reply);
      check(admins.id !== owners.id && admins.impersonator.id === 'u_admin' && admins.target.id === 'u_bob', () => `u_admin's start with u_owner's key: saw session ${admins.id} of ${admins.impersonator.id} as ${admins.target.id} vs expected a new session of u_admin as u_bob`);
      await expectSessionCount(t, 'u_owner', 1, 'another viewer used the key');
    },
  },
  {
    name: 'conventions/idempotency/concurrent_retries',
    preset: 'account-admin',
    async run(t) {
      const replies = await Promise.all(Array.from({ length: 6 }, () => postStart(t, 'u_owner', 'u_alice', {}, keyed())));
      const sessions = replies.map(sessionOf);
      const distinct = new Set(sessions.map((s) => s.id));
      check(distinct.size === 1, () => `6 simultaneous POST /sessions with one Idempotency-Key: saw sessions ${[...distinct].join(', ')} vs expected one`);
      await expectSessionCount(t, 'u_owner', 1, 'simultaneous retries');
    },
  },
];
