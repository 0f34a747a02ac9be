// A page of the audit trail costs what it returns, whatever the trail holds: counted in work the
// memory store does (items it looks up, keys it compares), never in time, so a slow machine cannot
// make it pass or fail.
import type { AuditEvent } from '@impersonate-kit/sdk';
import { describe, expect, it } from 'vitest';
import { createMemoryStore, emptySnapshot } from '../memoryStore';
import type { MemoryStore } from '../memoryStore';
import type { EventFilter, PageKey } from '../store';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const LIMIT = 51;
const admin = { id: 'u_admin', name: 'Ada Admin', email: 'ada@example.test' };
const alice = { id: 'u_alice', name: 'Alice Analyst', email: 'alice@example.test' };

const eventId = (i: number) => `evt_${String(i).padStart(7, '0')}`;

/** A store holding `count` events, one a second, oldest first; every tenth a consent grant, the rest calls in 20 sessions. */
function storeWith(count: number): MemoryStore {
  const events: AuditEvent[] = [];
  for (let i = 0; i < count; i++) {
    const consent = i % 10 === 0;
    events.push({
      id: eventId(i),
      at: new Date(T0 + i * 1000).toISOString(),
      type: consent ? 'consent.granted' : 'impersonation.action',
      sessionId: consent ? null : `imp_${i % 20}`,
      actor: consent ? alice : admin,
      impersonator: consent ? null : admin,
      impersonated: consent ? null : alice,
      reason: null,
      request: consent ? null : { method: 'GET', path: '/api/app/me', status: 200, body: null },
      endReason: null,
    });
  }
  return createMemoryStore({ ...emptySnapshot(), events });
}

/** The work one page takes: Map lookups (items and indexes read) and reads of the cursor key (comparisons of the binary search). */
async function costOfPage(store: MemoryStore, filter: EventFilter, before: PageKey | null): Promise<{ items: number; lookups: number; comparisons: number }> {
  let comparisons = 0;
  const counted = before && {
    get at() {
      comparisons += 1;
      return before.at;
    },
    id: before.id,
  };
  return store.transact(async (tx) => {
    const get = Map.prototype.get;
    let lookups = 0;
    Map.prototype.get = function countedGet(this: Map<unknown, unknown>, key: unknown) {
      lookups += 1;
      return get.call(this, key);
    };
    let pending: Promise<AuditEvent[]>;
    try {
      // The memory store's page runs to its end before its promise settles: everything it does is counted here.
      pending = tx.pageEvents(filter, { limit: LIMIT, before: counted });
    } finally {
      Map.prototype.get = get;
    }
    return { items: (await pending).length, lookups, comparisons };
  });
}

describe('the memory store pages the audit trail', () => {
  const small = storeWith(10_000);
  const large = storeWith(100_000);
  // A cursor halfway down each trail: the deep pages are where a scan would show.
  const middleOf = (count: number): PageKey => ({ at: T0 + (count / 2) * 1000, id: eventId(count / 2) });

  describe.each([
    ['the whole trail', {}],
    ['one event type', { type: 'impersonation.action' }],
    ['one session', { sessionId: 'imp_7' }],
    ['one user', { userId: 'u_alice' }],
  ] as const)('for %s', (_label, filter: EventFilter) => {
    it('reads as many items on the first page of 100,000 events as of 10,000', async () => {
      const tenThousand = await costOfPage(small, filter, null);
      const hundredThousand = await costOfPage(large, filter, null);
      expect(tenThousand.items).toBe(LIMIT);
      expect(hundredThousand).toEqual(tenThousand);
      expect(hundredThousand.lookups).toBeLessThanOrEqual(2 * LIMIT + 5);
    });

    it('reads as many items on a page deep in the trail, and compares only a logarithm more keys', async () => {
      const tenThousand = await costOfPage(small, filter, middleOf(10_000));
      const hundredThousand = await costOfPage(large, filter, middleOf(100_000));
      expect(hundredThousand.items).toBe(LIMIT);
      expect(hundredThousand.lookups).toBe(tenThousand.lookups);
      // Binary search: about log2(n) comparisons, so ten times the events is at most four more.
      expect(hundredThousand.comparisons).toBeLessThanOrEqual(tenThousand.comparisons + 4);
      expect(hundredThousand.comparisons).toBeLessThanOrEqual(Math.ceil(Math.log2(100_000)) + 2);
    });
  });

  it('would show a page that walked the trail: skipping every event but the matches costs a lookup each', async () => {
    // The counter can fail: a filter no index narrows (the one session of a type it never has) walks the session's events.
    const cost = await costOfPage(large, { sessionId: 'imp_7', type: 'consent.granted' }, null);
    expect(cost.items).toBe(0);
    expect(cost.lookups).toBeGreaterThan(900);
  });
});
