// The server over the memory store, called in-process (no HTTP): what protect() adds to a host
// request, how many starts+ends it takes a second, and what an audit page costs as the trail grows.
import type { AuditEvent, UserSummary } from '@impersonate-kit/sdk';
import type { ImpersonationServer, MemoryStore } from '@impersonate-kit/server';
import { createImpersonationServer, createMemoryStore } from '@impersonate-kit/server';
import { percentile, sample, timeOnce, us } from './measure';
import type { Bench, BenchContext } from './types';

/** The budget of protect()'s median overhead on a host request. */
const PROTECT_BUDGET_US = 50;
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const ADMINS = 20;
const TARGETS = 500;
const EVENTS_PER_SESSION = 10;

const person = (id: string, roles: string[]): UserSummary => ({ id, name: id, email: `${id}@bench.test`, roles, status: 'active', lastLoginAt: '2026-01-01T00:00:00.000Z' });
const adminId = (i: number) => `u_admin${String(i).padStart(2, '0')}`;
const targetId = (i: number) => `u_t${String(i).padStart(3, '0')}`;
const people = new Map<string, UserSummary>();
for (let i = 0; i < ADMINS; i++) people.set(adminId(i), person(adminId(i), ['admin']));
for (let i = 0; i < TARGETS; i++) people.set(targetId(i), person(targetId(i), ['member']));

/** A server as a host wires it: bearer `<userId>` auth, a Map directory, a clock the bench moves. */
function benchServer(store: MemoryStore, clock: { now(): number }): ImpersonationServer {
  return createImpersonationServer({
    store,
    policy: 'account-admin',
    users: { get: async (id) => people.get(id) ?? null },
    hasPermission: (user) => user.roles.includes('admin'),
    authenticate: async (request) => {
      const userId = request.headers.get('authorization')?.slice('Bearer '.length);
      return userId ? { userId, via: 'session' } : null;
    },
    clock,
  });
}

const as = (userId: string) => ({ authorization: `Bearer ${userId}` });
const startBody = (target: string) => JSON.stringify({ targetUserId: target, reason: 'Benchmark: reproduce ticket 4521' });

async function startSession(server: ImpersonationServer, admin: string, target: string): Promise<void> {
  const response = await server.handle(
    new Request('http://bench.test/api/impersonation/sessions', { method: 'POST', headers: { ...as(admin), 'content-type': 'application/json' }, body: startBody(target) }),
  );
  if (response.status !== 201) throw new Error(`start answered ${response.status}: ${await response.text()}`);
}

async function endSession(server: ImpersonationServer, admin: string): Promise<void> {
  const response = await server.handle(new Request('http://bench.test/api/impersonation/sessions/current', { method: 'DELETE', headers: as(admin) }));
  if (response.status !== 200) throw new Error(`end answered ${response.status}: ${await response.text()}`);
}

/** protect() overhead: the same trivial handler called directly and through protect(), on the same request. */
async function protectOverhead(context: BenchContext): Promise<number> {
  const server = benchServer(createMemoryStore(), { now: () => Date.now() });
  const handler = async () => new Response('{"ok":true}', { headers: { 'content-type': 'application/json' } });
  const protectedHandler = server.protect(handler);
  const admin = adminId(0);
  // A GET has no body to read, so one Request serves every call: only protect() differs between the two.
  const request = new Request('http://bench.test/api/projects?page=1', { headers: as(admin) });
  const options = { warmup: 5_000, iterations: 50_000 };
  const rows: (string | number)[][] = [];
  let idleMedian = 0;
  for (const label of ['no active session', 'active session (each call writes an audit event)']) {
    if (label.startsWith('active')) await startSession(server, admin, targetId(0));
    // Both read the answer's body, as a server sending it would. Calls alternate, so a pause of the
    // machine hits both sides alike; the overhead of call i is protected_i − direct_i.
    const direct = () => handler().then((r) => r.text());
    const wrapped = () => protectedHandler(request).then((r) => r.text());
    for (let i = 0; i < options.warmup; i++) {
      await direct();
      await wrapped();
    }
    const directTimes: number[] = [];
    const wrappedTimes: number[] = [];
    const overheads: number[] = [];
    for (let i = 0; i < options.iterations; i++) {
      const d = await timeOnce(direct);
      const w = await timeOnce(wrapped);
      directTimes.push(d);
      wrappedTimes.push(w);
      overheads.push(w - d);
    }
    const median = percentile(overheads, 50);
    const p99 = percentile(overheads, 99);
    if (label.startsWith('no')) idleMedian = median;
    rows.push([label, us(percentile(directTimes, 50)), us(percentile(wrappedTimes, 50)), us(median), us(p99), median <= PROTECT_BUDGET_US ? 'yes' : 'NO']);
  }
  context.table({
    title: `protect() overhead on a host GET (${options.iterations} alternating pairs after ${options.warmup} warm-up; overhead = protected − direct, per pair)`,
    columns: ['case', 'direct median', 'protected median', 'overhead median', 'overhead p99', `≤ ${PROTECT_BUDGET_US} µs`],
    rows,
  });
  return idleMedian;
}

/** Starts and ends, one after the other, for about two seconds; the clock moves 7 s per start to stay under the rate limit. */
async function startsAndEnds(context: BenchContext): Promise<void> {
  let now = T0;
  const server = benchServer(createMemoryStore(), { now: () => now });
  const admin = adminId(1);
  for (let i = 0; i < 500; i++) {
    now += 7_000;
    await startSession(server, admin, targetId(i % TARGETS));
    await endSession(server, admin);
  }
  let cycles = 0;
  const began = process.hrtime.bigint();
  let elapsedMs = 0;
  while (elapsedMs < 2_000) {
    now += 7_000;
    await startSession(server, admin, targetId(cycles % TARGETS));
    await endSession(server, admin);
    cycles++;
    elapsedMs = Number(process.hrtime.bigint() - began) / 1e6;
  }
  const perSecond = cycles / (elapsedMs / 1_000);
  context.table({
    title: 'starts + ends through handle() (POST /sessions then DELETE /sessions/current, bodies parsed, events written)',
    columns: ['cycles', 'seconds', 'starts+ends per second', 'µs per cycle'],
    rows: [[cycles, (elapsedMs / 1_000).toFixed(2), Math.round(perSecond), us((elapsedMs * 1_000) / cycles)]],
  });
}

/** The i-th event of a synthetic trail: sessions of 10 events (started, 8 actions, ended), one a second. */
function syntheticEvent(i: number): AuditEvent {
  const session = Math.floor(i / EVENTS_PER_SESSION);
  const step = i % EVENTS_PER_SESSION;
  const impersonator = { id: adminId(session % ADMINS), name: adminId(session % ADMINS), email: `${adminId(session % ADMINS)}@bench.test` };
  const target = targetId(session % TARGETS);
  const impersonated = { id: target, name: target, email: `${target}@bench.test` };
  const type = step === 0 ? 'impersonation.started' : step === EVENTS_PER_SESSION - 1 ? 'impersonation.ended' : 'impersonation.action';
  return {
    id: `evt_${i.toString(16).padStart(24, '0')}`,
    at: new Date(T0 + i * 1_000).toISOString(),
    type,
    sessionId: `imp_${session.toString(16).padStart(24, '0')}`,
    actor: impersonator,
    impersonator,
    impersonated,
    reason: 'Benchmark: reproduce ticket 4521',
    request: type === 'impersonation.action' ? { method: 'GET', path: `/api/projects?page=${step}`, status: 200, body: null } : null,
    endReason: type === 'impersonation.ended' ? 'ended' : null,
  };
}

/** A cursor of the same list that points at `event`: a real cursor of that list with its key swapped. */
function cursorAt(realCursor: string, event: AuditEvent): string {
  const text = Buffer.from(realCursor, 'base64url').toString('utf8');
  const tag = text.slice(0, text.indexOf('.'));
  return Buffer.from(`${tag}.${Date.parse(event.at).toString(36)}.${event.id}`, 'utf8').toString('base64url');
}

async function auditPages(context: BenchContext): Promise<void> {
  const store = createMemoryStore();
  const server = benchServer(store, { now: () => T0 + 2_000_000_000 });
  const reader = adminId(0);
  const get = (query: string) => new Request(`http://bench.test/api/impersonation/audit?${query}`, { headers: as(reader) });
  const read = async (query: string) => {
    const response = await server.handle(get(query));
    if (response.status !== 200) throw new Error(`GET /audit?${query} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as { items: AuditEvent[]; nextCursor: string | null };
  };
  const lists = [
    { name: 'all events', query: 'limit=50', type: null as string | null },
    { name: 'type=impersonation.started', query: 'limit=50&type=impersonation.started', type: 'impersonation.started' },
    { name: `userId=${adminId(3)}`, query: `limit=50&userId=${adminId(3)}`, type: null },
  ];
  const rows: (string | number)[][] = [];
  let seeded = 0;
  for (const size of [10_000, 100_000, 1_000_000]) {
    const seedStart = process.hrtime.bigint();
    while (seeded < size) {
      const until = Math.min(size, seeded + 10_000);
      await store.transact(async (tx) => {
        for (let i = seeded; i < until; i++) await tx.appendEvent(syntheticEvent(i));
      });
      seeded = until;
    }
    const seedSeconds = Number(process.hrtime.bigint() - seedStart) / 1e9;
    for (const list of lists) {
      const first = await read(list.query);
      if (first.items.length !== 50 || !first.nextCursor) throw new Error(`${list.name}: expected a full first page`);
      // The middle of the list: the event halfway back in time that the list holds.
      let middle = Math.floor(size / 2);
      const event = () => syntheticEvent(middle);
      while ((list.type && event().type !== list.type) || (list.name.startsWith('userId') && event().impersonator?.id !== adminId(3))) middle--;
      const deep = `${list.query}&cursor=${cursorAt(first.nextCursor, event())}`;
      const deepPage = await read(deep);
      if (deepPage.items.length !== 50) throw new Error(`${list.name}: expected a full deep page`);
      const options = { warmup: 50, iterations: 500 };
      const firstTimes = await sample(() => read(list.query), options);
      const deepTimes = await sample(() => read(deep), options);
      rows.push([
        size.toLocaleString('en-US'),
        list.name,
        us(percentile(firstTimes, 50)),
        us(percentile(firstTimes, 99)),
        us(percentile(deepTimes, 50)),
        us(percentile(deepTimes, 99)),
      ]);
    }
    context.note(`seeded ${size.toLocaleString('en-US')} events in ${seedSeconds.toFixed(1)} s (heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MiB)`);
  }
  context.table({
    title: 'GET /audit?limit=50 through handle() (500 reads each after 50 warm-up; deep = a cursor halfway down the list)',
    columns: ['events', 'list', 'first page median', 'first page p99', 'deep page median', 'deep page p99'],
    rows,
  });
}

const bench: Bench = {
  name: 'memory',
  async run(context) {
    const idle = await protectOverhead(context);
    await startsAndEnds(context);
    await auditPages(context);
    if (idle > PROTECT_BUDGET_US) context.note(`protect() median overhead ${us(idle)} is over the ${PROTECT_BUDGET_US} µs budget`);
  },
};

export default bench;
