// Writing the audit trail: one function per kind of event, so every event has the same shape.
import type { AuditEvent, AuditRequest, EndReason, UserRef } from '@impersonate-kit/sdk';
import type { Work } from './context';
import { isoAt, msOf, newId } from './time';
import type { SessionRecord } from './types';

/** The contract's UserRef of any user-like record. */
export function toUserRef(user: UserRef): UserRef {
  return { id: user.id, name: user.name, email: user.email };
}

async function write(work: Work, fields: Omit<AuditEvent, 'id'>): Promise<AuditEvent> {
  const event: AuditEvent = { id: newId('evt', msOf(fields.at)), ...fields };
  await work.tx.appendEvent(event);
  return event;
}

/** Records `impersonation.started`. */
export function auditStarted(work: Work, session: SessionRecord): Promise<AuditEvent> {
  return write(work, {
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
export function auditEnded(work: Work, session: SessionRecord, endReason: EndReason, atMs: number, actor: UserRef): Promise<AuditEvent> {
  return write(work, {
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
export function auditAction(work: Work, session: SessionRecord, request: AuditRequest): Promise<AuditEvent> {
  return write(work, {
    at: isoAt(work.now),
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
export function auditConsent(work: Work, type: 'consent.granted' | 'consent.revoked' | 'consent.expired', user: UserRef, atMs: number): Promise<AuditEvent> {
  return write(work, { at: isoAt(atMs), type, sessionId: null, actor: toUserRef(user), impersonator: null, impersonated: null, reason: null, request: null, endReason: null });
}
