// One READ COMMITTED transaction of the Postgres store. Each statement sees what committed before
// it ran, so the store holds locks wherever the server relies on what it read:
// - a viewer's active session, idempotency keys and start attempts: a transaction-scoped advisory
//   lock on the viewer, taken by the first such read, so two instances serve one viewer in turn;
// - a consent: its row, locked by `getConsent` (FOR NO KEY UPDATE) and by the upsert;
// - a session's status: every change is a conditional UPDATE, which re-checks the row after
//   waiting for a concurrent writer, so of concurrent ends exactly one matches.
import type { AuditEvent } from '@impersonate-kit/sdk';
import type { Transaction } from 'kysely';
import { sql } from 'kysely';
import { IDEMPOTENCY_WINDOW_MS, RATE_WINDOW_MS } from '../lifecycle';
import type { EventFilter, PageQuery, SessionFilter, SessionPatch, StoreTx } from '../store';
import { ActiveSessionExistsError } from '../store';
import { msOf } from '../time';
import type { ConsentRecord, IdempotencyRecord, SessionRecord } from '../types';
import type { PostgresSchema } from './schema';

const json = (value: unknown) => JSON.stringify(value);

/** The session fields an update may change, kept apart from the record as inserted. */
const STATE_FIELDS = ['status', 'endedAt', 'endReason', 'lastActivityAt', 'expiresAt', 'expiresBecause', 'restartedBy'] as const;

function stateOf(session: SessionRecord): Record<string, unknown> {
  return Object.fromEntries(STATE_FIELDS.map((field) => [field, session[field]]));
}

/** A stored session: the record as inserted with its current state laid over it. */
function toSessionRecord(row: { doc: string; state: Record<string, unknown> }): SessionRecord {
  return { ...(JSON.parse(row.doc) as SessionRecord), ...row.state };
}

/** A stored event: as appended, with the status its call answered once it ran. */
function toEvent(row: { doc: string; action_status: number | null }): AuditEvent {
  const event = JSON.parse(row.doc) as AuditEvent;
  if (row.action_status !== null && event.request) event.request.status = row.action_status;
  return event;
}

/** The StoreTx of one Postgres transaction. */
export class PostgresTx implements StoreTx {
  private readonly lockedViewers = new Set<string>();

  constructor(private readonly trx: Transaction<PostgresSchema>) {}

  /** Serializes every transaction that reads or writes what belongs to this viewer, until commit. */
  private async lockViewer(viewerId: string): Promise<void> {
    if (this.lockedViewers.has(viewerId)) return;
    await sql`select pg_advisory_xact_lock(hashtextextended(${`impersonation viewer\n${viewerId}`}, 0))`.execute(this.trx);
    this.lockedViewers.add(viewerId);
  }

  async getSession(id: string) {
    const row = await this.trx.selectFrom('impersonation_sessions').select(['doc', 'state']).where('id', '=', id).executeTakeFirst();
    return row ? toSessionRecord(row) : null;
  }

  async getActiveSession(impersonatorId: string) {
    await this.lockViewer(impersonatorId);
    const row = await this.trx
      .selectFrom('impersonation_sessions')
      .select(['doc', 'state'])
      .where('impersonator_id', '=', impersonatorId)
      .where('status', '=', 'active')
      .executeTakeFirst();
    return row ? toSessionRecord(row) : null;
  }

  async listActiveSessionsByTarget(targetId: string) {
    const rows = await this.trx.selectFrom('impersonation_sessions').select(['doc', 'state']).where('target_id', '=', targetId).where('status', '=', 'active').execute();
    return rows.map(toSessionRecord);
  }

  async listDueSessions(now: number, limit: number) {
    // A plain read: ending is a conditional update, so a session another instance is ending waits for it, then no longer matches.
    const rows = await this.trx
      .selectFrom('impersonation_sessions')
      .select(['doc', 'state'])
      .where('status', '=', 'active')
      .where(sql<boolean>`expires_ms <= ${now}`)
      .orderBy('expires_ms')
      .limit(limit)
      .execute();
    return rows.map(toSessionRecord);
  }

  async insertSession(session: SessionRecord) {
    // DO NOTHING keeps the transaction usable; the partial unique index decides, waiting for a concurrent insert to commit or roll back.
    const inserted = await this.trx
      .insertInto('impersonation_sessions')
      .values({
        id: session.id,
        impersonator_id: session.impersonator.id,
        target_id: session.target.id,
        status: session.status,
        started_ms: msOf(session.startedAt),
        expires_ms: msOf(session.expiresAt),
        restarted_by: session.restartedBy,
        doc: json(session),
        state: json(stateOf(session)),
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return;
    if (await this.getSession(session.id)) throw new Error(`Session ${session.id} already exists.`);
    throw new ActiveSessionExistsError();
  }

  async updateActiveSession(id: string, patch: SessionPatch) {
    const row = await this.trx
      .updateTable('impersonation_sessions')
      .set({
        // A patch holds only server-made values (instants, statuses, reasons of an end): jsonb takes them.
        state: sql`state || ${json(patch)}::jsonb`,
        ...(patch.status === undefined ? {} : { status: patch.status }),
        ...(patch.expiresAt === undefined ? {} : { expires_ms: msOf(patch.expiresAt) }),
      })
      .where('id', '=', id)
      .where('status', '=', 'active')
      .returning(['doc', 'state'])
      .executeTakeFirst();
    return row ? toSessionRecord(row) : null;
  }

  async markRestarted(id: string, restartedBy: string) {
    const row = await this.trx
      .updateTable('impersonation_sessions')
      .set({ restarted_by: restartedBy, state: sql`jsonb_set(state, '{restartedBy}', to_jsonb(${restartedBy}::text))` })
      .where('id', '=', id)
      .where('restarted_by', 'is', null)
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }

  async pageSessions(filter: SessionFilter, page: PageQuery) {
    const byImpersonator = 'impersonatorId' in filter;
    let query = this.trx
      .selectFrom('impersonation_sessions')
      .select(['doc', 'state'])
      .where(byImpersonator ? 'impersonator_id' : 'target_id', '=', byImpersonator ? filter.impersonatorId : filter.targetId);
    if (page.before) query = query.where(sql<boolean>`(started_ms, id) < (${page.before.at}, ${page.before.id})`);
    const rows = await query.orderBy('started_ms', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
    return rows.map(toSessionRecord);
  }

  async appendEvent(event: AuditEvent) {
    const users = [...new Set([event.actor.id, event.impersonator?.id, event.impersonated?.id].filter((id): id is string => typeof id === 'string'))];
    const at = msOf(event.at);
    // One round trip: the event and its rows per user.
    await sql`
      with event as (
        insert into impersonation_events (id, at_ms, type, session_id, doc, action_status)
        values (${event.id}, ${at}, ${event.type}, ${event.sessionId}, ${json(event)}, ${event.request ? event.request.status : null}::integer)
        returning id
      )
      insert into impersonation_event_users (user_id, at_ms, event_id, type)
      select user_id, ${at}, event.id, ${event.type} from event, unnest(${users}::text[]) as user_id`.execute(this.trx);
  }

  async setActionStatus(eventId: string, status: number) {
    // Only events that recorded a request have a status to set.
    await this.trx.updateTable('impersonation_events').set({ action_status: status }).where('id', '=', eventId).where('action_status', 'is not', null).execute();
  }

  async pageEvents(filter: EventFilter, page: PageQuery) {
    const before = page.before;
    // Walk the index the filter names (session, else user, else type, else time) in (at, id) order; check the rest per row.
    if (filter.sessionId === undefined && filter.userId !== undefined) {
      let query = this.trx
        .selectFrom('impersonation_event_users as u')
        .innerJoin('impersonation_events as e', 'e.id', 'u.event_id')
        .select(['e.doc', 'e.action_status'])
        .where('u.user_id', '=', filter.userId);
      if (filter.type !== undefined) query = query.where('u.type', '=', filter.type);
      if (before) query = query.where(sql<boolean>`(u.at_ms, u.event_id) < (${before.at}, ${before.id})`);
      const rows = await query.orderBy('u.at_ms', 'desc').orderBy('u.event_id', 'desc').limit(page.limit).execute();
      return rows.map(toEvent);
    }
    let query = this.trx.selectFrom('impersonation_events as e').select(['e.doc', 'e.action_status']);
    if (filter.sessionId !== undefined) query = query.where('e.session_id', '=', filter.sessionId);
    if (filter.type !== undefined) query = query.where('e.type', '=', filter.type);
    if (filter.sessionId !== undefined && filter.userId !== undefined) {
      const userId = filter.userId;
      query = query.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('impersonation_event_users as u')
            .select(sql`1`.as('one'))
            .where('u.user_id', '=', userId)
            .whereRef('u.at_ms', '=', 'e.at_ms')
            .whereRef('u.event_id', '=', 'e.id'),
        ),
      );
    }
    if (before) query = query.where(sql<boolean>`(e.at_ms, e.id) < (${before.at}, ${before.id})`);
    // With the leading columns fixed by equality, each index below serves (at desc, id desc) read backwards.
    const rows = await query.orderBy('e.at_ms', 'desc').orderBy('e.id', 'desc').limit(page.limit).execute();
    return rows.map(toEvent);
  }

  async getConsent(userId: string) {
    // Locked until commit: a start that read an active consent commits before a revoke can end what it started.
    const row = await this.trx.selectFrom('impersonation_consents').select('doc').where('user_id', '=', userId).forNoKeyUpdate().executeTakeFirst();
    return row ? (row.doc as ConsentRecord) : null;
  }

  async putConsent(userId: string, consent: ConsentRecord) {
    const values = { status: consent.status, expires_ms: msOf(consent.expiresAt), doc: json(consent) };
    await this.trx
      .insertInto('impersonation_consents')
      .values({ user_id: userId, ...values })
      .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
      .execute();
  }

  async listDueConsents(now: number, limit: number) {
    // SKIP LOCKED: a consent another transaction holds is lapsed by it or by a later sweep, never twice.
    const rows = await this.trx
      .selectFrom('impersonation_consents')
      .select(['user_id', 'doc'])
      .where('status', '=', 'active')
      .where(sql<boolean>`expires_ms <= ${now}`)
      .orderBy('expires_ms')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    return rows.map((row) => ({ userId: row.user_id, consent: row.doc as ConsentRecord }));
  }

  async getIdempotency(viewerId: string, key: string) {
    await this.lockViewer(viewerId);
    const row = await this.trx
      .selectFrom('impersonation_idempotency')
      .select(['session_id', 'fingerprint', 'at_ms'])
      .where('viewer_id', '=', viewerId)
      .where('key', '=', key)
      .executeTakeFirst();
    return row ? { sessionId: row.session_id, fingerprint: row.fingerprint, at: Number(row.at_ms) } : null;
  }

  async putIdempotency(viewerId: string, key: string, record: IdempotencyRecord) {
    await this.lockViewer(viewerId);
    const values = { at_ms: record.at, session_id: record.sessionId, fingerprint: record.fingerprint };
    await this.trx
      .insertInto('impersonation_idempotency')
      .values({ viewer_id: viewerId, key, ...values })
      .onConflict((oc) => oc.columns(['viewer_id', 'key']).doUpdateSet(values))
      .execute();
    // Keys past their window answer nothing any more: forget them, so the table holds minutes of keys, not years.
    await this.trx
      .deleteFrom('impersonation_idempotency')
      .where('viewer_id', '=', viewerId)
      .where(sql<boolean>`at_ms < ${record.at - IDEMPOTENCY_WINDOW_MS}`)
      .execute();
  }

  async countStartAttempts(viewerId: string, sinceMs: number) {
    await this.lockViewer(viewerId);
    const row = await this.trx
      .selectFrom('impersonation_start_attempts')
      .select([sql<string>`count(*)`.as('count'), sql<string | null>`min(at_ms)`.as('oldest')])
      .where('viewer_id', '=', viewerId)
      .where(sql<boolean>`at_ms >= ${sinceMs}`)
      .executeTakeFirstOrThrow();
    return { count: Number(row.count), oldest: row.oldest === null ? null : Number(row.oldest) };
  }

  async recordStartAttempt(viewerId: string, atMs: number) {
    await this.lockViewer(viewerId);
    await this.trx.insertInto('impersonation_start_attempts').values({ viewer_id: viewerId, at_ms: atMs }).execute();
    await this.trx
      .deleteFrom('impersonation_start_attempts')
      .where('viewer_id', '=', viewerId)
      .where(sql<boolean>`at_ms < ${atMs - RATE_WINDOW_MS}`)
      .execute();
  }
}
