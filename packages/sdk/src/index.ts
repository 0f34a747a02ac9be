// The package entry: a flat list of everything public.

export type {
  AuditEvent,
  AuditEventType,
  AuditRequest,
  BlockedActionKey,
  Consent,
  ConsentResponse,
  DenialCode,
  Eligibility,
  EndReason,
  ErrorBody,
  ErrorCode,
  ExpiresBecause,
  ListEventsQuery,
  ListSessionsQuery,
  Page,
  Policy,
  PolicyPreset,
  RestartSessionInput,
  Session,
  SessionResponse,
  SessionRole,
  StartSessionInput,
  UserRef,
  UserStatus,
  UserSummary,
  Viewer,
} from './types';
export { AUDIT_EVENT_TYPES, BLOCKED_ACTION_KEYS, ERROR_CODES, IMPERSONATE_PERMISSION } from './types';

export type {
  ApiClient,
  Clock,
  ConsentState,
  ConsentStatus,
  ConsentStore,
  ImpersonationClient,
  ImpersonationClientOptions,
  SessionChange,
  SessionState,
  SessionStatus,
  SessionStore,
  Store,
  TestClock,
  Ticker,
  ViewerState,
  ViewerStatus,
  ViewerStore,
} from './clientTypes';

export { ImpersonationError, isErrorCode, isImpersonationError, toImpersonationError } from './errors';

export type { TruncatedBody } from './redact';
export { CIRCULAR, MAX_MEASURED_BYTES, MAX_REDACTED_BYTES, REDACTED, UNREADABLE, isTruncatedBody, redact } from './redact';
export { redactPath } from './redactPath';
export { isSecretKey } from './secretKey';

export type { ReasonProblem } from './reason';
export { checkReason, checkReasonCategory, normalizeReason, reasonLength } from './reason';

export { formatRemaining } from './formatRemaining';

export { createTestClock, systemClock } from './clock';
export { MAX_TIMER_DELAY_MS, armTimer } from './timer';

export type { ApiClientOptions } from './apiClient';
export { createApiClient } from './apiClient';

export type { SessionEvent, SessionEventPayloads, SessionEventType } from './sessionMachine';
export { SESSION_EVENTS, initialSessionState, transitionSession } from './sessionMachine';
export type { ConsentEvent, ConsentEventPayloads, ConsentEventType } from './consentMachine';
export { CONSENT_EVENTS, initialConsentState, transitionConsent } from './consentMachine';

export { consentHoursRange, validateConsentDuration } from './consentService';

export { createImpersonationClient, createImpersonationClientWithApi } from './createImpersonationClient';
