// Lists: `?cursor=&limit=` with limit 1..200 (default 50), `{ items, nextCursor }`, newest first,
// opaque cursors that walk the list without overlap or gaps, even while it grows.
import type { AuditEvent, Session } from '@impersonate-kit/sdk';
import type { CaseContext } from '../context';
import { errorCodeOf, expectContractAnswer, expectError, expectOk } from '../expect';
import type { Reply } from '../http';
import { check, fail } from '../outcome';
import { auditEvent, expectShape, page, session as sessionShape } from '../shapes';
import type { ConformanceCase } from '../suite';

interface SessionPage {
  items: Session[];
  nextCursor: string | null;
}

async function sessionPage(t: CaseContext, query: string): Promise<{ reply: Reply; page: SessionPage }> {
  const reply = await t.api('GET', `/sessions?role=impersonator${query}`, 'u_owner');
  return { reply, page: expectShape<SessionPage>(reply.request, expectOk(reply), page(sessionShape)) };
}

/** `count` sessions of u_owner, started and ended one after another, oldest first. */
async function endedSessions(t: CaseContext, count: number): Promise<Session[]> {
  const out: Session[] = [];
  for (let i = 0; i < count; i++) {
    out.push(await t.start('u_owner', i % 2 === 0 ? 'u_alice' : 'u_bob'));
    await t.end('u_owner');
  }
  return out;
}

function ids(items: readonly { id: string }[]): string {
  return items.map((item) => item.id).join(', ');
}

/** Walks every page at `limit`, checking each page's size; returns the ids in the order served. */
async function walk(t: CaseContext, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const { reply, page: p } = await sessionPage(t, `&limit=${limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
    check(p.items.length <= limit, () => `${reply.request}: saw ${p.items.length} items vs expected at most ${limit}`);
    check(p.nextCursor === null || p.items.length === limit, () => `${reply.request}: saw a short page (${p.items.length} of ${limit}) with a nextCursor vs expected a full page or the end`);
    seen.push(...p.items.map((s) => s.id));
    if (p.nextCursor === null) return seen;
    cursor = p.nextCursor;
  }
  return fail(`GET /sessions?limit=${limit}: still paging after 100 pages`);
}

/** The list conventions. */
export const listCases: ConformanceCase[] = [
  {
    name: 'conventions/lists/newest_first_without_overlap_or_gaps',
    preset: 'account-admin',
    async run(t) {
      const made = await endedSessions(t, 7);
      const newestFirst = made.map((s) => s.id).reverse();
      const all = await sessionPage(t, '&limit=200');
      check(ids(all.page.items) === newestFirst.join(', '), () => `${all.reply.request}: saw [${ids(all.page.items)}] vs expected newest first [${newestFirst.join(', ')}]`);
      check(all.page.nextCursor === null, `${all.reply.request}: saw a nextCursor after the whole list vs expected null`);
      for (const limit of [1, 2, 3]) {
        const walked = await walk(t, limit);
        check(walked.join(', ') === newestFirst.join(', '), () => `paging GET /sessions at limit=${limit}: saw [${walked.join(', ')}] vs expected [${newestFirst.join(', ')}] (no overlap, no gap)`);
      }
    },
  },
  {
    name: 'conventions/lists/cursor_survives_new_items',
    preset: 'account-admin',
    async run(t) {
      const made = await endedSessions(t, 5);
      const first = await sessionPage(t, '&limit=2');
      check(first.page.nextCursor !== null, `${first.reply.request}: saw no nextCursor vs expected one (5 sessions, limit 2)`);
      // The list grows while a reader pages: the next page must still continue where the first stopped.
      await endedSessions(t, 2);
      const second = await sessionPage(t, `&limit=2&cursor=${encodeURIComponent(first.page.nextCursor ?? '')}`);
      const expected = made.map((s) => s.id).reverse().slice(2, 4).join(', ');
      check(ids(second.page.items) === expected, () => `${second.reply.request}: saw [${ids(second.page.items)}] vs expected [${expected}] (the page after the first, unshifted by newer sessions)`);
    },
  },
  {
    name: 'conventions/lists/limit_bounds',
    preset: 'account-admin',
    async run(t) {
      await endedSessions(t, 3);
      for (const limit of [1, 200]) {
        const { reply, page: p } = await sessionPage(t, `&limit=${limit}`);
        check(p.items.length === Math.min(limit, 3), () => `${reply.request}: saw ${p.items.length} items vs expected ${Math.min(limit, 3)}`);
      }
      for (const limit of ['0', '201', '-1', 'abc', '1.5', '1e2']) {
        const reply = await t.api('GET', `/sessions?role=impersonator&limit=${limit}`, 'u_owner');
        // Out of range is refused; a backend that clamps instead must still serve 1..200 items.
        if (reply.status === 200) {
          const p = expectShape<SessionPage>(reply.request, reply.body, page(sessionShape));
          check(p.items.length >= 1 && p.items.length <= 200, () => `${reply.request}: saw ${p.items.length} items vs expected 422 validation_failed or a page clamped to 1..200`);
        } else {
          expectError(reply, 422, 'validation_failed');
        }
      }
    },
  },
  {
    name: 'conventions/lists/default_limit',
    preset: 'consent',
    async run(t) {
      // Consent grants and revocations are audit events that need no session (and no rate limit).
      for (let i = 0; i < 28; i++) {
        expectOk(await t.api('PUT', '/consent', 'u_bob', { json: { durationHours: 1 } }));
        expectOk(await t.api('DELETE', '/consent', 'u_bob'));
      }
      const reply = await t.api('GET', '/audit?userId=u_bob', 'u_owner');
      const p = expectShape<{ items: AuditEvent[]; nextCursor: string | null }>(reply.request, expectOk(reply), page(auditEvent));
      check(p.items.length === 50, () => `${reply.request}: saw ${p.items.length} items vs expected the default limit of 50 (56 events exist)`);
      check(p.nextCursor !== null, `${reply.request}: saw nextCursor null vs expected a cursor (56 events, 50 served)`);
      const rest = await t.api('GET', `/audit?userId=u_bob&cursor=${encodeURIComponent(p.nextCursor ?? '')}`, 'u_owner');
      const tail = expectShape<{ items: AuditEvent[]; nextCursor: string | null }>(rest.request, expectOk(rest), page(auditEvent));
      check(tail.items.length === 6 && tail.nextCursor === null, () => `${rest.request}: saw ${tail.items.length} items, nextCursor ${JSON.stringify(tail.nextCursor)} vs expected the last 6 and null`);
      const overlap = tail.items.filter((e) => p.items.some((f) => f.id === e.id));
      check(overlap.length === 0, () => `${rest.request}: saw events of the first page again (${ids(overlap)})`);
      check(tail.items.every((e) => e.type.startsWith('consent.')), `${rest.request}: saw events that are not u_bob's consent changes`);
    },
  },
  {
    name: 'conventions/lists/foreign_cursor',
    preset: 'account-admin',
    async run(t) {
      await endedSessions(t, 3);
      // Cursors are opaque: a made-up one is refused (or ignored), never a crash or another list.
      for (const cursor of ['not-a-cursor', '0', '-1', 'eyJvZmZzZXQiOi0xfQ', '%00', 'x'.repeat(2000)]) {
        const reply = await t.api('GET', `/sessions?role=impersonator&limit=2&cursor=${encodeURIComponent(cursor)}`, 'u_owner');
        expectContractAnswer(reply);
        if (reply.status >= 400) check(errorCodeOf(reply) === 'validation_failed', () => `${reply.request}: saw ${reply.status} ${errorCodeOf(reply)} vs expected 422 validation_failed for a cursor the server never issued`);
      }
      // A cursor of one viewer's list never opens another viewer's list.
      const owners = await sessionPage(t, '&limit=1');
      const reply = await t.api('GET', `/sessions?role=impersonator&limit=1&cursor=${encodeURIComponent(owners.page.nextCursor ?? '')}`, 'u_bob');
      expectContractAnswer(reply);
      if (reply.status === 200) {
        const p = expectShape<SessionPage>(reply.request, reply.body, page(sessionShape));
        check(p.items.length === 0, () => `${reply.request}: saw u_owner's sessions [${ids(p.items)}] through a borrowed cursor vs expected none`);
      }
    },
  },
];
