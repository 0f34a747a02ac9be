// Writing the audit trail: one function per kind of event, so every event has the same shape.
import type { AuditEvent, AuditRequest, EndReason, UserRef } from '@impersonate-kit/sdk';
import { isoAt } from './clock';
import type { Db } from './db';
import { newId } from './ids';
import type { SessionRecord } from './types';

/** The contract's UserRef of any user-like record. */
export function toUserRef(user: UserRef): UserRef {
  return { id: user.id, name: user.name, email: user.email };
}

function write(db: Db, fields: Omit<AuditEvent, 'id'>): AuditEvent {
  const event: AuditEvent = { id: newId('evt'), ...fields };
  db.addEvent(event);
  return event;
}

/** Records `impersonation.started`. */
export function auditStarted(db: Db, session: SessionRecord): AuditEvent {
  return write(db, {
    at: session.startedAt,
    type: 'impersonation.started',
    sessionId: session.id,
    actor: session.impersonator,
    impersonator: session.impersonator,
    impersonated: session.target,
    reason: session.reason,
    request: null,
    endReason: null,
  });
}

/** Records `impersonation.ended` with why; `actor` is who ended it (the impersonator for time-outs). */
export function auditEnded(db: Db, session: SessionRecord, endReason: EndReason, atMs: number, actor: UserRef): AuditEvent {
  return write(db, {
    at: isoAt(atMs),
    type: 'impersonation.ended',
    sessionId: session.id,
    actor: toUserRef(actor),
    impersonator: session.impersonator,
    impersonated: session.target,
    reason: session.reason,
    request: null,
    endReason,
  });
}

/** Records `impersonation.action`: one call the host app received during the session; `request.body` is already redacted. */
export function auditAction(db: Db, session: SessionRecord, atMs: number, request: AuditRequest): AuditEvent {
  return write(db, {
    at: isoAt(atMs),
    type: 'impersonation.action',
    sessionId: session.id,
    actor: session.impersonator,
    impersonator: session.impersonator,
    impersonated: session.target,
    reason: session.reason,
    request,
    endReason: null,
  });
}

/** Records a consent change of `user`. */
export function auditConsent(db: Db, type: 'consent.granted' | 'consent.revoked' | 'consent.expired', user: UserRef, atMs: number): AuditEvent {
  return write(db, {
    at: isoAt(atMs),
    type,
    sessionId: null,
    actor: toUserRef(user),
    impersonator: null,
    impersonated: null,
    reason: null,
    request: null,
    endReason: null,
  });
}
