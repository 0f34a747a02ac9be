// The embedded store: everything in memory, indexed for keyset pages, one transaction at a time.
// Writes keep an undo log, so a transaction that throws leaves nothing behind.
import type { AuditEvent } from '@impersonate-kit/sdk';
import { deepCopy } from './copy';
import { KeyIndex } from './keyIndex';
import type { EventFilter, ImpersonationStore, PageKey, PageQuery, SessionFilter, SessionPatch, StoreTx } from './store';
import { ActiveSessionExistsError } from './store';
import { msOf } from './time';
import type { ConsentRecord, IdempotencyRecord, SessionRecord } from './types';

/** Plain JSON of everything a memory store holds, for persisting it (e.g. the demo's localStorage) and reading it in tests. */
export interface MemorySnapshot {
  version: 1;
  /** In insertion order. */
  sessions: SessionRecord[];
  /** In insertion order. */
  events: AuditEvent[];
  consents: Record<string, ConsentRecord>;
  /** Keyed by `${viewerId}\n${key}`. */
  idempotency: Record<string, IdempotencyRecord>;
  /** Start attempts per viewer, epoch ms, oldest first. */
  starts: Record<string, number[]>;
}

/** The memory store: an ImpersonationStore plus snapshot export and import. */
export interface MemoryStore extends ImpersonationStore {
  /** A deep copy of everything held. */
  exportSnapshot(): MemorySnapshot;
  /** Replaces everything held with a snapshot (waits for the running transaction). */
  importSnapshot(snapshot: MemorySnapshot): Promise<void>;
}

const RATE_WINDOW_MS = 60_000;
// Beyond this many remembered keys, keys older than the 10-minute window are dropped on write.
const IDEMPOTENCY_PRUNE_AT = 10_000;
const IDEMPOTENCY_WINDOW_MS = 10 * 60_000;

const clone = deepCopy;

function indexIn(map: Map<string, KeyIndex>, name: string): KeyIndex {
  let index = map.get(name);
  if (!index) map.set(name, (index = new KeyIndex()));
  return index;
}

const sessionKey = (s: SessionRecord): PageKey => ({ at: msOf(s.startedAt), id: s.id });
const eventKey = (e: AuditEvent): PageKey => ({ at: msOf(e.at), id: e.id });
const idempotencyId = (viewerId: string, key: string) => `${viewerId}\n${key}`;

class MemoryData {
  readonly sessions = new Map<string, SessionRecord>();
  readonly activeByImpersonator = new Map<string, string>();
  readonly sessionsByImpersonator = new Map<string, KeyIndex>();
  readonly sessionsByTarget = new Map<string, KeyIndex>();
  readonly events = new Map<string, AuditEvent>();
  readonly eventsAll = new KeyIndex();
  readonly eventsBySession = new Map<string, KeyIndex>();
  readonly eventsByType = new Map<string, KeyIndex>();
  readonly eventsByUser = new Map<string, KeyIndex>();
  readonly consents = new Map<string, ConsentRecord>();
  readonly idempotency = new Map<string, IdempotencyRecord>();
  readonly starts = new Map<string, number[]>();

  indexSession(session: SessionRecord, add: boolean): void {
    const key = sessionKey(session);
    for (const index of [indexIn(this.sessionsByImpersonator, session.impersonator.id), indexIn(this.sessionsByTarget, session.target.id)]) {
      if (add) index.insert(key);
      else index.remove(key);
    }
  }

  indexEvent(event: AuditEvent, add: boolean): void {
    const key = eventKey(event);
    const indexes = [this.eventsAll, indexIn(this.eventsByType, event.type)];
    if (event.sessionId) indexes.push(indexIn(this.eventsBySession, event.sessionId));
    for (const id of new Set([event.actor.id, event.impersonator?.id, event.impersonated?.id])) if (id) indexes.push(indexIn(this.eventsByUser, id));
    for (const index of indexes) {
      if (add) index.insert(key);
      else index.remove(key);
    }
  }

  /** Sets `map[key]` and returns how to undo it. */
  static put<K, V>(map: Map<K, V>, key: K, value: V | undefined): () => void {
    const had = map.has(key);
    const previous = map.get(key);
    if (value === undefined) map.delete(key);
    else map.set(key, value);
    return () => {
      if (had) map.set(key, previous as V);
      else map.delete(key);
    };
  }
}

function matchesEvent(event: AuditEvent, filter: EventFilter): boolean {
  return (
    (filter.type === undefined || event.type === filter.type) &&
    (filter.sessionId === undefined || event.sessionId === filter.sessionId) &&
    (filter.userId === undefined || event.actor.id === filter.userId || event.impersonator?.id === filter.userId || event.impersonated?.id === filter.userId)
  );
}

class MemoryTx implements StoreTx {
  readonly undo: (() => void)[] = [];
  constructor(private readonly data: MemoryData) {}

  private setSession(session: SessionRecord): void {
    const previous = this.data.sessions.get(session.id);
    this.undo.push(MemoryData.put(this.data.sessions, session.id, session));
    const id = session.impersonator.id;
    if (session.status === 'active') this.undo.push(MemoryData.put(this.data.activeByImpersonator, id, session.id));
    else if (previous?.status === 'active') this.undo.push(MemoryData.put(this.data.activeByImpersonator, id, undefined));
  }

  async getSession(id: string) {
    const session = this.data.sessions.get(id);
    return session ? clone(session) : null;
  }

  async getActiveSession(impersonatorId: string) {
    const id = this.data.activeByImpersonator.get(impersonatorId);
    return id ? this.getSession(id) : null;
  }

  async listActiveSessionsByTarget(targetId: string) {
    const out: SessionRecord[] = [];
    for (const id of this.data.activeByImpersonator.values()) {
      const session = this.data.sessions.get(id);
      if (session?.target.id === targetId) out.push(clone(session));
    }
    return out;
  }

  async listDueSessions(now: number, limit: number) {
    // Active sessions are at most one per impersonator: scanning them is scanning the people impersonating right now.
    const due: SessionRecord[] = [];
    for (const id of this.data.activeByImpersonator.values()) {
      const session = this.data.sessions.get(id);
      if (session && msOf(session.expiresAt) <= now) due.push(session);
    }
    due.sort((a, b) => msOf(a.expiresAt) - msOf(b.expiresAt));
    return due.slice(0, limit).map(clone);
  }

  async insertSession(session: SessionRecord) {
    if (this.data.sessions.has(session.id)) throw new Error(`Session ${session.id} already exists.`);
    if (session.status === 'active' && this.data.activeByImpersonator.has(session.impersonator.id)) throw new ActiveSessionExistsError();
    const stored = clone(session);
    this.setSession(stored);
    this.data.indexSession(stored, true);
    this.undo.push(() => this.data.indexSession(stored, false));
  }

  async updateActiveSession(id: string, patch: SessionPatch) {
    const current = this.data.sessions.get(id);
    if (!current || current.status !== 'active') return null;
    const next = { ...clone(current), ...clone(patch) };
    this.setSession(next);
    return clone(next);
  }

  async markRestarted(id: string, restartedBy: string) {
    const current = this.data.sessions.get(id);
    if (!current || current.restartedBy !== null) return false;
    this.setSession({ ...clone(current), restartedBy });
    return true;
  }

  async pageSessions(filter: SessionFilter, page: PageQuery) {
    const index = 'impersonatorId' in filter ? this.data.sessionsByImpersonator.get(filter.impersonatorId) : this.data.sessionsByTarget.get(filter.targetId);
    const out: SessionRecord[] = [];
    if (!index) return out;
    for (const key of index.descending(page.before)) {
      const session = this.data.sessions.get(key.id);
      if (session) out.push(clone(session));
      if (out.length >= page.limit) break;
    }
    return out;
  }

  async appendEvent(event: AuditEvent) {
    if (this.data.events.has(event.id)) throw new Error(`Event ${event.id} already exists.`);
    const stored = clone(event);
    this.undo.push(MemoryData.put(this.data.events, stored.id, stored));
    this.data.indexEvent(stored, true);
    this.undo.push(() => this.data.indexEvent(stored, false));
  }

  async setActionStatus(eventId: string, status: number) {
    const event = this.data.events.get(eventId);
    if (!event?.request) return;
    this.undo.push(MemoryData.put(this.data.events, eventId, { ...event, request: { ...event.request, status } }));
  }

  async pageEvents(filter: EventFilter, page: PageQuery) {
    const { data } = this;
    // Walk the narrowest index a filter names and check the other filters per item.
    const candidates = [
      filter.type === undefined ? undefined : (data.eventsByType.get(filter.type) ?? new KeyIndex()),
      filter.sessionId === undefined ? undefined : (data.eventsBySession.get(filter.sessionId) ?? new KeyIndex()),
      filter.userId === undefined ? undefined : (data.eventsByUser.get(filter.userId) ?? new KeyIndex()),
    ].filter((index): index is KeyIndex => index !== undefined);
    const index = candidates.reduce((best, next) => (next.size < best.size ? next : best), candidates[0] ?? data.eventsAll);
    const out: AuditEvent[] = [];
    for (const key of index.descending(page.before)) {
      const event = data.events.get(key.id);
      if (event && matchesEvent(event, filter)) out.push(clone(event));
      if (out.length >= page.limit) break;
    }
    return out;
  }

  async getConsent(userId: string) {
    const consent = this.data.consents.get(userId);
    return consent ? clone(consent) : null;
  }

  async putConsent(userId: string, consent: ConsentRecord) {
    this.undo.push(MemoryData.put(this.data.consents, userId, clone(consent)));
  }

  async listDueConsents(now: number, limit: number) {
    const due: { userId: string; consent: ConsentRecord }[] = [];
    for (const [userId, consent] of this.data.consents) if (consent.status === 'active' && msOf(consent.expiresAt) <= now) due.push({ userId, consent: clone(consent) });
    due.sort((a, b) => msOf(a.consent.expiresAt) - msOf(b.consent.expiresAt));
    return due.slice(0, limit);
  }

  async getIdempotency(viewerId: string, key: string) {
    const record = this.data.idempotency.get(idempotencyId(viewerId, key));
    return record ? clone(record) : null;
  }

  async putIdempotency(viewerId: string, key: string, record: IdempotencyRecord) {
    const map = this.data.idempotency;
    if (map.size >= IDEMPOTENCY_PRUNE_AT) {
      for (const [id, old] of map) if (record.at - old.at >= IDEMPOTENCY_WINDOW_MS) this.undo.push(MemoryData.put(map, id, undefined));
    }
    this.undo.push(MemoryData.put(map, idempotencyId(viewerId, key), clone(record)));
  }

  async countStartAttempts(viewerId: string, sinceMs: number) {
    const recent = (this.data.starts.get(viewerId) ?? []).filter((t) => t >= sinceMs);
    return { count: recent.length, oldest: recent[0] ?? null };
  }

  async recordStartAttempt(viewerId: string, atMs: number) {
    const kept = (this.data.starts.get(viewerId) ?? []).filter((t) => atMs - t < RATE_WINDOW_MS);
    this.undo.push(MemoryData.put(this.data.starts, viewerId, [...kept, atMs]));
  }
}

function load(snapshot: MemorySnapshot): MemoryData {
  const data = new MemoryData();
  for (const session of snapshot.sessions) {
    const stored = clone(session);
    data.sessions.set(stored.id, stored);
    if (stored.status === 'active') data.activeByImpersonator.set(stored.impersonator.id, stored.id);
    data.indexSession(stored, true);
  }
  for (const event of snapshot.events) {
    const stored = clone(event);
    data.events.set(stored.id, stored);
    data.indexEvent(stored, true);
  }
  for (const [userId, consent] of Object.entries(snapshot.consents)) data.consents.set(userId, clone(consent));
  for (const [key, record] of Object.entries(snapshot.idempotency)) data.idempotency.set(key, clone(record));
  for (const [viewerId, times] of Object.entries(snapshot.starts)) data.starts.set(viewerId, [...times]);
  return data;
}

/** An empty snapshot. */
export function emptySnapshot(): MemorySnapshot {
  return { version: 1, sessions: [], events: [], consents: {}, idempotency: {}, starts: {} };
}

/**
 * The embedded store: in memory, one transaction at a time (queued), rolled back on throw.
 * Sessions and events are paged through sorted (at, id) indexes, so a page costs what it returns.
 */
export function createMemoryStore(initial?: MemorySnapshot): MemoryStore {
  let data = initial ? load(initial) : new MemoryData();
  let tail: Promise<unknown> = Promise.resolve();

  const queue = <T>(run: () => Promise<T>): Promise<T> => {
    const result = tail.then(run, run);
    tail = result.catch(() => undefined);
    return result;
  };

  return {
    transact(fn) {
      return queue(async () => {
        const tx = new MemoryTx(data);
        try {
          return await fn(tx);
        } catch (error) {
          for (let i = tx.undo.length - 1; i >= 0; i--) tx.undo[i]?.();
          throw error;
        }
      });
    },
    async close() {},
    exportSnapshot() {
      return {
        version: 1,
        sessions: [...data.sessions.values()].map(clone),
        events: [...data.events.values()].map(clone),
        consents: Object.fromEntries([...data.consents].map(([k, v]) => [k, clone(v)])),
        idempotency: Object.fromEntries([...data.idempotency].map(([k, v]) => [k, clone(v)])),
        starts: Object.fromEntries([...data.starts].map(([k, v]) => [k, [...v]])),
      };
    },
    importSnapshot(snapshot) {
      return queue(async () => {
        data = load(snapshot);
      });
    },
  };
}
