// The state with its lookup indexes. Sessions and events are append-only arrays; the indexes
// hold their positions in ascending order, so a page walks back from a cursor without sorting.
import type { AuditEvent, UserSummary } from '@impersonate-kit/sdk';
import type { MockState, SessionRecord } from './types';

function push(map: Map<string, number[]>, key: string, position: number): void {
  const list = map.get(key);
  if (list) list.push(position);
  else map.set(key, [position]);
}

/** The state plus indexes rebuilt from it; every append goes through here so they stay in step. */
export class Db {
  readonly state: MockState;
  private readonly sessionPositions = new Map<string, number>();
  private readonly active = new Set<number>();
  /** Session positions by impersonator id and by target id. */
  readonly sessionsByImpersonator = new Map<string, number[]>();
  readonly sessionsByTarget = new Map<string, number[]>();
  /** Event positions by session id, by type and by any user the event names. */
  readonly eventsBySession = new Map<string, number[]>();
  readonly eventsByType = new Map<string, number[]>();
  readonly eventsByUser = new Map<string, number[]>();

  constructor(state: MockState) {
    this.state = state;
    state.sessions.forEach((session, position) => this.indexSession(session, position));
    state.events.forEach((event, position) => this.indexEvent(event, position));
  }

  /** The user with this id, if any. */
  user(id: string): UserSummary | undefined {
    return this.state.users.find((user) => user.id === id);
  }

  /** The session with this id, if any. */
  session(id: string): SessionRecord | undefined {
    const position = this.sessionPositions.get(id);
    return position === undefined ? undefined : this.state.sessions[position];
  }

  /** The sessions still marked active (expired ones included until swept). */
  activeSessions(): SessionRecord[] {
    const out: SessionRecord[] = [];
    for (const position of this.active) {
      const session = this.state.sessions[position];
      if (session) out.push(session);
    }
    return out;
  }

  /** The active session this user runs as impersonator, if any. */
  activeSessionOf(impersonatorId: string): SessionRecord | undefined {
    return this.activeSessions().find((session) => session.impersonator.id === impersonatorId);
  }

  /** Stores a new session. */
  addSession(session: SessionRecord): void {
    this.state.sessions.push(session);
    this.indexSession(session, this.state.sessions.length - 1);
  }

  /** Marks a session ended in the index (the record itself is changed by the caller). */
  deactivate(session: SessionRecord): void {
    const position = this.sessionPositions.get(session.id);
    if (position !== undefined) this.active.delete(position);
  }

  /** Appends an audit event. */
  addEvent(event: AuditEvent): void {
    this.state.events.push(event);
    this.indexEvent(event, this.state.events.length - 1);
  }

  private indexSession(session: SessionRecord, position: number): void {
    this.sessionPositions.set(session.id, position);
    if (session.status === 'active') this.active.add(position);
    push(this.sessionsByImpersonator, session.impersonator.id, position);
    push(this.sessionsByTarget, session.target.id, position);
  }

  private indexEvent(event: AuditEvent, position: number): void {
    if (event.sessionId) push(this.eventsBySession, event.sessionId, position);
    push(this.eventsByType, event.type, position);
    const users = new Set([event.actor.id, event.impersonator?.id, event.impersonated?.id]);
    for (const id of users) if (id) push(this.eventsByUser, id, position);
  }
}
