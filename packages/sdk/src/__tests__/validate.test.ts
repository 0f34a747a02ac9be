import { describe, expect, it } from 'vitest';
import { ImpersonationError } from '../errors';
import {
  parseAuditEvent,
  parseAuditEventPage,
  parseConsent,
  parseConsentResponse,
  parseEligibility,
  parseEligibilityResponse,
  parseErrorBody,
  parsePage,
  parsePolicy,
  parseSession,
  parseSessionPage,
  parseSessionResponse,
  parseUserRef,
  parseUserSummary,
  parseViewer,
} from '../validate';
import { actionEvent, adminSummary, consent, eligibility, policy, session, viewer } from './transportFixtures';

function rejection(run: () => unknown): ImpersonationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ImpersonationError);
    return error as ImpersonationError;
  }
  throw new Error('expected the validator to throw');
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

describe('validators', () => {
  describe('given valid answers', () => {
    it.each([
      ['a user reference', parseUserRef, session.target],
      ['a user summary', parseUserSummary, adminSummary],
      ['the policy', parsePolicy, policy],
      ['the viewer', parseViewer, viewer],
      ['a viewer with no session', parseViewer, { ...viewer, session: null }],
      ['a session', parseSession, session],
      [
        'an ended session',
        parseSession,
        { ...session, status: 'ended', endedAt: '2026-11-21T10:30:00.000Z', endReason: 'expired', restartOf: 'imp_0' },
      ],
      ['an eligibility', parseEligibility, eligibility('u_ada', ['target_is_admin'])],
      ['a consent', parseConsent, consent],
      ['an inactive consent', parseConsent, { status: 'inactive', grantedAt: null, expiresAt: null, durationHours: null }],
      ['an audit event', parseAuditEvent, actionEvent],
      [
        'an audit event without a request',
        parseAuditEvent,
        { ...actionEvent, type: 'impersonation.ended', request: null, endReason: 'idle_timeout' },
      ],
      ['a session response', parseSessionResponse, { session, serverTime: '2026-11-21T10:00:00Z' }],
      ['a consent response', parseConsentResponse, { consent, serverTime: '2026-11-21T10:00:00+00:00' }],
      ['an eligibility response', parseEligibilityResponse, { items: [eligibility('u_alice')] }],
      ['a page of sessions', parseSessionPage, { items: [session], nextCursor: 'c2' }],
      ['the last page of events', parseAuditEventPage, { items: [actionEvent], nextCursor: null }],
      ['an error body', parseErrorBody, { error: { code: 'invalid_reason', message: 'Too short', details: { minLength: 10 } } }],
      ['an error body without details', parseErrorBody, { error: { code: 'forbidden', message: 'No' } }],
    ] as const)('accepts %s as it is', (_name, parse, value) => {
      expect((parse as (v: unknown) => unknown)(clone(value))).toEqual(value);
    });

    it('returns a fresh value and leaves the input alone', () => {
      const input = clone(viewer);
      const frozen = JSON.stringify(input);
      const parsed = parseViewer(input);
      expect(parsed).not.toBe(input);
      expect(parsed.user).not.toBe(input.user);
      expect(JSON.stringify(input)).toBe(frozen);
    });

    it('ignores fields a newer server adds, at any depth', () => {
      const input = { ...clone(session), tenant: 't_1', target: { ...session.target, avatarUrl: 'https://x/a.png' } };
      const parsed = parseSession(input);
      expect(parsed).toEqual(session);
      expect(parsed).not.toHaveProperty('tenant');
      expect(parsed.target).not.toHaveProperty('avatarUrl');
    });

    it('reads a nullable field the server left out as null', () => {
      const { reasonCategory: _c, endedAt: _e, endReason: _r, restartOf: _o, ...sparse } = clone(session);
      expect(parseSession(sparse)).toEqual(session);
    });

    it('keeps an absent error detail absent', () => {
      expect(parseErrorBody({ error: { code: 'forbidden', message: 'No' } }).error).not.toHaveProperty('details');
      expect(parseErrorBody({ error: { code: 'forbidden', message: 'No', details: null } }).error).not.toHaveProperty('details');
    });

    it('keeps a recorded request body as it came, whatever its shape', () => {
      const body = ['a', { nested: [1, 2] }];
      expect(parseAuditEvent({ ...actionEvent, request: { ...actionEvent.request, body } }).request?.body).toEqual(body);
    });
  });

  describe('given malformed answers', () => {
    it.each([
      ['not an object', () => parseSession('imp_1'), 'session'],
      ['an array instead of an object', () => parseSession([session]), 'session'],
      ['a missing id', () => parseSession({ ...session, id: undefined }), 'session.id'],
      ['an empty id', () => parseSession({ ...session, id: '' }), 'session.id'],
      ['an unknown status', () => parseSession({ ...session, status: 'paused' }), 'session.status'],
      ['an unknown end reason', () => parseSession({ ...session, endReason: 'bored' }), 'session.endReason'],
      ['an unknown expiry cause', () => parseSession({ ...session, expiresBecause: 'tired' }), 'session.expiresBecause'],
      ['an unparseable time', () => parseSession({ ...session, expiresAt: 'tomorrow' }), 'session.expiresAt'],
      ['an impossible date', () => parseSession({ ...session, startedAt: '2026-13-45T10:00:00Z' }), 'session.startedAt'],
      ['a time without a zone', () => parseSession({ ...session, expiresAt: '2026-11-21T10:30:00' }), 'session.expiresAt'],
      ['a time as epoch ms', () => parseSession({ ...session, expiresAt: 1_795_000_000_000 }), 'session.expiresAt'],
      ['null where a time is required', () => parseSession({ ...session, startedAt: null }), 'session.startedAt'],
      ['null where a user is required', () => parseSession({ ...session, target: null }), 'session.target'],
      ['a user without an email', () => parseSession({ ...session, target: { id: 'u', name: 'U' } }), 'session.target.email'],
      ['a number as a reason', () => parseSession({ ...session, reason: 42 }), 'session.reason'],
      ['an unknown policy preset', () => parsePolicy({ ...policy, preset: 'lax' }), 'policy.preset'],
      ['another permission name', () => parsePolicy({ ...policy, permission: 'users:impersonate' }), 'policy.permission'],
      [
        'a fractional duration',
        () => parsePolicy({ ...policy, session: { ...policy.session, maxDurationSeconds: 1.5 } }),
        'policy.session.maxDurationSeconds',
      ],
      ['a string in the preset hours', () => parsePolicy({ ...policy, consent: { ...policy.consent, presetHours: [1, '24'] } }), 'policy.consent.presetHours[1]'],
      ['a missing nested object', () => parsePolicy({ ...policy, stepUp: undefined }), 'policy.stepUp'],
      ['an unknown user status', () => parseUserSummary({ ...adminSummary, status: 'banned' }), 'user.status'],
      ['roles that are not a list', () => parseUserSummary({ ...adminSummary, roles: 'admin' }), 'user.roles'],
      ['a viewer session that is not a session', () => parseViewer({ ...viewer, session: { id: 'imp_1' } }), 'viewer.session.status'],
      ['a viewer without serverTime', () => parseViewer({ ...viewer, serverTime: undefined }), 'viewer.serverTime'],
      ['an unknown denial code', () => parseEligibility(eligibility('u', ['nope' as never])), 'eligibility.denials[0]'],
      ['allowed as a string', () => parseEligibility({ ...eligibility('u'), allowed: 'yes' }), 'eligibility.allowed'],
      ['an unknown consent status', () => parseConsent({ ...consent, status: 'maybe' }), 'consent.status'],
      ['negative consent hours', () => parseConsent({ ...consent, durationHours: -1 }), 'consent.durationHours'],
      ['an unknown event type', () => parseAuditEvent({ ...actionEvent, type: 'session.started' }), 'event.type'],
      [
        'a recorded request with a non-HTTP status',
        () => parseAuditEvent({ ...actionEvent, request: { ...actionEvent.request, status: 42 } }),
        'event.request.status',
      ],
      ['a session response without a session', () => parseSessionResponse({ serverTime: '2026-11-21T10:00:00Z' }), 'response.session'],
      ['items that are not a list', () => parseEligibilityResponse({ items: {} }), 'response.items'],
      ['a bad item deep in a page', () => parseSessionPage({ items: [session, { ...session, expiresAt: 'x' }], nextCursor: null }), 'page.items[1].expiresAt'],
      ['a numeric cursor', () => parseAuditEventPage({ items: [], nextCursor: 2 }), 'page.nextCursor'],
      ['an unknown error code', () => parseErrorBody({ error: { code: 'teapot', message: 'x' } }), 'body.error.code'],
      ['error details that are a string', () => parseErrorBody({ error: { code: 'forbidden', message: 'x', details: 'x' } }), 'body.error.details'],
    ])('rejects %s, naming the field', (_name, run, path) => {
      const error = rejection(run);
      expect(error.code).toBe('invalid_response');
      expect(error.details).toEqual({ path });
      expect(error.message).toContain(path);
    });

    it('says what it expected and what it got', () => {
      expect(rejection(() => parseSession({ ...session, status: 'paused' })).message).toBe(
        'Malformed session.status: expected active|ended, got paused',
      );
    });

    it('carries the HTTP status and the path it is given', () => {
      const error = rejection(() => parseSession({}, 201, 'response.session'));
      expect(error.status).toBe(201);
      expect(error.details).toEqual({ path: 'response.session.id' });
    });

    it('reads only a value\'s own fields, never inherited ones', () => {
      const inherited = Object.assign(Object.create({ email: 'proto@example.com' }) as object, { id: 'u', name: 'U' });
      expect(rejection(() => parseUserRef(inherited)).details).toEqual({ path: 'user.email' });
    });
  });

  describe('parsePage with any item validator', () => {
    it('checks every item and names the bad one', () => {
      expect(parsePage({ items: [consent], nextCursor: null }, parseConsent)).toEqual({ items: [consent], nextCursor: null });
      const error = rejection(() => parsePage({ items: [consent, { ...consent, status: 'x' }], nextCursor: null }, parseConsent, 200));
      expect(error.details).toEqual({ path: 'page.items[1].status' });
      expect(error.status).toBe(200);
    });
  });
});
