// Time: expiry is lazy and exact (a call at `expiresAt` sees the session ended), the idle
// deadline, the consent cap, the restart window, the idempotency window and the rate-limit window.
// Every case here moves the server's clock with the driver's `advance`; without it they are skipped.
import type { AuditEvent, Eligibility, Policy, Session } from '@impersonate-kit/sdk';
import type { CaseContext } from '../context';
import { expectError, expectOk } from '../expect';
import { check } from '../outcome';
import { arrayOf, auditEvent, eligibility, expectShape, obj, sessionAnswer } from '../shapes';
import { consentOf, currentSession, ms, postRestart, postStart } from '../steps';
import type { ConformanceCase } from '../suite';

const NEEDS = ['advance'] as const;
/** How far before a deadline the "still running" check looks: more than a request takes on a real clock. */
const BEFORE_MS = 2_000;

function isoAt(msValue: number): string {
  return new Date(msValue).toISOString();
}

/** Moves to just before `deadline`, checks the session still runs, moves to `deadline`, checks it ended exactly then. */
async function expectEndsAt(t: CaseContext, as: string, session: Session, endReason: string): Promise<Session> {
  await t.advanceTo(isoAt(ms(session.expiresAt) - BEFORE_MS));
  const before = await currentSession(t, as);
  check(before.id === session.id && before.expiresAt === session.expiresAt, () => `GET /sessions/current ${BEFORE_MS} ms before expiresAt: saw ${before.id} expiring ${before.expiresAt} vs expected ${session.id} still running until ${session.expiresAt}`);
  await t.advanceTo(session.expiresAt);
  expectError(await t.api('GET', '/sessions/current', as), 404, 'no_active_session');
  const ended = await t.session(as, session.id);
  check(ended.status === 'ended' && ended.endReason === endReason, () => `GET /sessions/{id} at expiresAt: saw ${ended.status}/${String(ended.endReason)} vs expected ended/${endReason}`);
  check(ended.endedAt === session.expiresAt, () => `GET /sessions/{id} at expiresAt: saw endedAt ${String(ended.endedAt)} vs expected exactly expiresAt ${session.expiresAt}`);
  return ended;
}

async function endedEvents(t: CaseContext, as: string, sessionId: string): Promise<AuditEvent[]> {
  return (await t.events(as, sessionId)).filter((e) => e.type === 'impersonation.ended');
}

/** The time cases. */
export const timeCases: ConformanceCase[] = [
  {
    name: 'time/max_duration',
    preset: 'account-admin',
    needs: NEEDS,
    async run(t) {
      const session = await t.start('u_owner', 'u_alice');
      await expectEndsAt(t, 'u_owner', session, 'expired');
      const viewer = expectOk(await t.api('GET', '/viewer', 'u_owner'));
      check(viewer.session === null, 'GET /viewer at expiresAt still shows the session');
      // Expired is not blocked: a new session may start.
      await t.start('u_owner', 'u_bob');
    },
  },
  {
    name: 'time/idle_timeout',
    preset: 'enterprise',
    needs: NEEDS,
    async run(t) {
      const session = await t.start('u_owner', 'u_alice');
      await t.advance(30 * 60_000);
      const reply = await t.api('POST', '/sessions/current/activity', 'u_owner');
      const beat = expectShape<{ session: Session }>(reply.request, expectOk(reply), sessionAnswer).session;
      check(ms(beat.expiresAt) >= ms(session.expiresAt) + 30 * 60_000 - BEFORE_MS, () => `${reply.request} 30 min in: saw expiresAt ${beat.expiresAt} vs expected the idle deadline moved to about ${isoAt(ms(session.expiresAt) + 30 * 60_000)}`);
      // Past the first deadline, the heartbeat keeps it alive.
      await t.advanceTo(isoAt(ms(session.expiresAt) + 60_000));
      check((await currentSession(t, 'u_owner')).id === session.id, 'the session ended at its first idle deadline despite the heartbeat');
      await expectEndsAt(t, 'u_owner', beat, 'idle_timeout');
    },
  },
  {
    name: 'time/consent_cap',
    preset: 'consent',
    needs: NEEDS,
    async run(t) {
      const session = await t.start('u_owner', 'u_alice');
      check(session.expiresBecause === 'consent', () => `POST /sessions: saw expiresBecause ${session.expiresBecause} vs expected consent`);
      await expectEndsAt(t, 'u_owner', session, 'expired');
      check((await consentOf(t, 'u_alice')).status === 'inactive', "GET /consent as u_alice at its expiry: the consent is still active");
    },
  },
  {
    name: 'time/consent_expired',
    preset: 'consent',
    needs: NEEDS,
    async run(t) {
      const consent = await consentOf(t, 'u_alice');
      await t.advanceTo(String(consent.expiresAt));
      expectError(await postStart(t, 'u_owner', 'u_alice'), 403, 'consent_expired');
      const reply = await t.api('GET', '/eligibility?userIds=u_alice', 'u_owner');
      const item = expectShape<{ items: Eligibility[] }>(reply.request, expectOk(reply), obj({ items: arrayOf(eligibility) })).items[0];
      check(item?.denials.includes('consent_expired') === true, () => `${reply.request} after the consent lapsed: saw ${JSON.stringify(item)} vs expected consent_expired`);
    },
  },
  {
    name: 'time/restart_window',
    preset: 'account-admin',
    needs: NEEDS,
    async run(t) {
      const policy = expectOk(await t.api('GET', '/policy', 'u_owner')) as unknown as Policy & { session: { restartWindowSeconds?: number } };
      const windowMs = (policy.session.restartWindowSeconds ?? 600) * 1000;
      const first = await t.start('u_owner', 'u_alice');
      const firstEnd = await t.end('u_owner');
      await t.advanceTo(isoAt(ms(String(firstEnd.endedAt)) + windowMs - BEFORE_MS));
      const second = expectShape<{ session: Session }>('POST /sessions/{id}/restart just inside the window', expectOk(await postRestart(t, 'u_owner', first.id), 201), sessionAnswer).session;
      const secondEnd = await t.end('u_owner');
      check(second.restartOf === first.id, 'the restart inside the window did not restart the session');
      await t.advanceTo(isoAt(ms(String(secondEnd.endedAt)) + windowMs + 1_000));
      expectError(await postRestart(t, 'u_owner', second.id), 409, 'restart_not_allowed');
    },
  },
  {
    name: 'time/restart_after_expiry',
    preset: 'account-admin',
    needs: NEEDS,
    async run(t) {
      const first = await t.start('u_owner', 'u_alice');
      await t.advanceTo(first.expiresAt);
      expectError(await t.api('GET', '/sessions/current', 'u_owner'), 404, 'no_active_session');
      const reply = await postRestart(t, 'u_owner', first.id);
      const { session } = expectShape<{ session: Session }>(reply.request, expectOk(reply, 201), sessionAnswer);
      check(session.restartOf === first.id && ms(session.expiresAt) - ms(session.startedAt) === 1_800_000, () => `${reply.request} after expiry: saw restartOf ${String(session.restartOf)} lasting until ${session.expiresAt} vs expected a fresh 30 min session restarting ${first.id}`);
    },
  },
  {
    name: 'time/idempotency_window',
    preset: 'account-admin',
    needs: NEEDS,
    async run(t) {
      const headers = { 'Idempotency-Key': 'conformance-window-key' };
      const first = expectShape<{ session: Session }>('POST /sessions', expectOk(await postStart(t, 'u_owner', 'u_alice', {}, headers), 201), sessionAnswer).session;
      await t.end('u_owner');
      await t.advance(9 * 60_000);
      const replay = expectShape<{ session: Session }>('POST /sessions after 9 min', expectOk(await postStart(t, 'u_owner', 'u_alice', {}, headers), [200, 201]), sessionAnswer).session;
      check(replay.id === first.id, () => `POST /sessions with the same key after 9 min: saw ${replay.id} vs expected the same ${first.id}`);
      await t.advance(60_000 + 1_000);
      const fresh = expectShape<{ session: Session }>('POST /sessions after 10 min', expectOk(await postStart(t, 'u_owner', 'u_alice', {}, headers), 201), sessionAnswer).session;
      check(fresh.id !== first.id && fresh.status === 'active', () => `POST /sessions with the same key after 10 min: saw ${fresh.id} vs expected a new session`);
    },
  },
  {
    name: 'time/rate_limit_window',
    preset: 'account-admin',
    needs: NEEDS,
    async run(t) {
      for (let i = 0; i < 10; i++) {
        await t.start('u_owner', 'u_alice');
        await t.end('u_owner');
      }
      expectError(await postStart(t, 'u_owner', 'u_alice'), 429, 'rate_limited');
      await t.advance(61_000);
      await t.start('u_owner', 'u_alice');
    },
  },
  {
    name: 'time/ended_event_on_timeout',
    preset: 'account-admin',
    needs: NEEDS,
    async run(t) {
      const session = await t.start('u_owner', 'u_alice');
      await t.advanceTo(session.expiresAt);
      // Several reads after the deadline: the end is written once.
      for (let i = 0; i < 3; i++) await t.api('GET', '/sessions/current', 'u_owner');
      const ended = await endedEvents(t, 'u_owner', session.id);
      check(ended.length === 1 && ended[0]?.endReason === 'expired' && ended[0].at === session.expiresAt, () => `GET /sessions/{id}/events after expiry: saw ${JSON.stringify(ended.map((e) => [e.endReason, e.at]))} vs expected one ended event, expired, at ${session.expiresAt}`);
    },
  },
  {
    name: 'time/ended_event_on_idle_timeout',
    preset: 'enterprise',
    needs: NEEDS,
    async run(t) {
      const session = await t.start('u_owner', 'u_alice');
      await t.advanceTo(session.expiresAt);
      const ended = await endedEvents(t, 'u_owner', session.id);
      check(ended.length === 1 && ended[0]?.endReason === 'idle_timeout', () => `GET /sessions/{id}/events after the idle deadline: saw ${JSON.stringify(ended.map((e) => e.endReason))} vs expected one ended event, idle_timeout`);
    },
  },
  {
    name: 'time/consent_expired_event',
    preset: 'consent',
    needs: NEEDS,
    async run(t) {
      const consent = await consentOf(t, 'u_alice');
      await t.advanceTo(String(consent.expiresAt));
      await consentOf(t, 'u_alice');
      const events = await t.listAll<AuditEvent>('/audit?type=consent.expired', 'u_owner', auditEvent);
      check(events.some((e) => e.actor.id === 'u_alice'), () => `GET /audit?type=consent.expired after u_alice's consent lapsed: saw ${events.length} events vs expected one for u_alice`);
    },
  },
];
