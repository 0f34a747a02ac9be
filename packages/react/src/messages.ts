import { isImpersonationError } from '@impersonate-kit/sdk';
import type { EndReason, ErrorCode } from '@impersonate-kit/sdk';

/** Every user-visible string of the components, English by default. `{name}` placeholders are filled by `formatMessage`. */
export const defaultMessages = {
  // Why a user cannot be impersonated (eligibility denials and start refusals).
  'denial.forbidden': "You don't have permission to impersonate users.",
  'denial.self_impersonation': "You can't impersonate yourself.",
  'denial.already_impersonating': 'End your current impersonation session first.',
  'denial.target_is_admin': "Admins can't be impersonated.",
  'denial.target_protected_role': "Users with a protected role, such as billing, can't be impersonated.",
  'denial.target_not_found': 'This user no longer exists.',
  'denial.target_unavailable': 'This user is suspended or deleted.',
  'denial.target_never_logged_in': 'This user has never signed in, so they cannot be impersonated yet.',
  'denial.consent_required': "This user hasn't allowed impersonation.",
  'denial.consent_expired': "This user's consent to impersonation has expired.",

  // Failures shown where the action happened.
  'error.invalid_reason': "The reason doesn't meet your organization's policy. Edit it and try again.",
  'error.step_up_required': 'Enter your verification code.',
  'error.step_up_invalid': 'That verification code is not valid.',
  'error.rate_limited': 'Too many sessions started in a minute. Wait a moment and try again.',
  'error.invalid_duration': "That duration isn't allowed. Choose whole hours from {min} to {max}.",
  'error.restart_not_allowed': "This session can't be restarted. Start a new one from the user's menu.",
  'error.no_active_session': 'This impersonation session has already ended. Reload the page to see where you are.',
  // One message for a blocked action: useBlockedAction before it is tried, and any 403 blocked answer after.
  'error.blocked_during_impersonation': "This action isn't available while you're impersonating someone. End the session to use it.",
  'error.network_error': "Couldn't reach the server. Check your connection and try again.",
  'error.timeout': 'The server took too long to answer. Try again.',
  'error.invalid_response': "The server's answer couldn't be read. Try again.",
  'error.unauthenticated': 'Your sign-in has expired. Sign in again.',
  'error.default': 'Something went wrong. Try again.',
  // What a kit part that failed to render leaves in its place (the host page stays).
  'boundary.failed': "Couldn't show this impersonation control. Reload the page to try again.",

  // Why a session ended.
  'end.ended': 'You ended the session.',
  'end.expired': 'The session reached its time limit.',
  'end.idle_timeout': 'The session ended after a period of inactivity.',
  'end.consent_revoked': '{name} revoked their consent to impersonation.',
  'end.target_unavailable': '{name} is no longer available (suspended or deleted).',
  'end.logged_out': 'You signed out, which ended the session.',

  // ImpersonateMenuItem
  'menuItem.label': 'Impersonate user',
  'menuItem.consentUntil': 'Consent until {time}',
  'menuItem.checking': 'Checking whether you can impersonate this user…',
  'menuItem.checkFailed': "Couldn't check whether you can impersonate this user.",

  // ReasonDialog
  'reasonDialog.title': 'Impersonate {name}',
  'reasonDialog.description':
    'You will temporarily act as {name} ({email}) and have their permissions. Everything you do is recorded in the audit log.',
  'reasonDialog.reason': 'Reason',
  'reasonDialog.reasonOptional': 'Optional',
  'reasonDialog.reasonHint': 'Say why you need to act as this user, in {min} to {max} characters.',
  'reasonDialog.reasonHintMax': 'Say why you need to act as this user, in up to {max} characters.',
  'reasonDialog.reasonCount': '{count} of {max} characters',
  'reasonDialog.reasonRequired': 'Enter a reason.',
  'reasonDialog.reasonTooShort': 'Enter at least {min} characters.',
  'reasonDialog.reasonTooLong': 'Use at most {max} characters.',
  'reasonDialog.category': 'Category',
  'reasonDialog.categoryNone': 'No category',
  'reasonDialog.categoryUnknown': 'Choose one of the listed categories.',
  'reasonDialog.stepUp': 'Verification code',
  'reasonDialog.stepUpHint': 'Enter the 6-digit code from your authenticator app.',
  'reasonDialog.stepUpMissing': 'Enter your verification code.',
  'reasonDialog.start': 'Start impersonation',
  'reasonDialog.starting': 'Starting…',
  'reasonDialog.cancel': 'Cancel',
  'reasonDialog.retry': 'Try again',
  'reasonDialog.loading': 'Loading the impersonation policy…',

  // CountdownBanner
  'banner.label': 'Impersonation',
  'banner.title': 'You are impersonating {name} ({email})',
  'banner.actor': 'Signed in as {name}',
  'banner.badge': 'Acting as {name}',
  'banner.details': 'Details',
  'banner.reason': 'Reason: {reason}',
  'banner.category': 'Category: {category}',
  'banner.timeLeft': 'Time left',
  'banner.endsBecause.max_duration': 'Session time limit',
  'banner.endsBecause.idle': 'Ends after inactivity',
  'banner.endsBecause.consent': 'Consent ends at {time}',
  'banner.end': 'End session',
  'banner.ending': 'Ending…',
  'banner.endRetrying': "Couldn't end the session yet. Retrying…",
  'banner.endFailedFinal': "Couldn't end the session: {error}",
  'banner.warning': '{minutes, plural, one {# minute} other {# minutes}} left in this impersonation session.',

  // SessionEndedPrompt
  'endedPrompt.title': 'Impersonation session ended',
  'endedPrompt.target': 'You were impersonating {name} ({email}).',
  'endedPrompt.restart': 'Restart session',
  'endedPrompt.restarting': 'Restarting…',
  'endedPrompt.restartFailed': "Couldn't restart the session: {error}",
  'endedPrompt.back': 'Back to my account',
  'endedPrompt.backAs': "You're back as {name}.",
  'endedPrompt.dismiss': 'Dismiss',
  'endedPrompt.consentLapsed': "{name}'s consent to impersonation ran out, which ended the session.",

  // ConsentSettings
  'consent.heading': 'Impersonation consent',
  'consent.description': 'Let administrators act as you for a limited time, for example to help with an issue. Everything they do is recorded and shown below.',
  'consent.status': 'Status',
  'consent.statusActive': 'Active',
  'consent.statusInactive': 'Not enabled',
  'consent.expires': 'Expires {absolute} ({relative})',
  'consent.duration': 'Duration',
  'consent.hours': '{count, plural, one {# hour} other {# hours}}',
  'consent.custom': 'Custom',
  'consent.customHours': 'Hours ({min}–{max})',
  'consent.customInvalid': 'Enter whole hours from {min} to {max}.',
  'consent.enable': 'Enable impersonation',
  'consent.update': 'Update consent',
  'consent.saving': 'Saving…',
  'consent.enabled': 'Impersonation consent enabled until {absolute}.',
  'consent.revoke': 'Revoke consent',
  'consent.revokeTitle': 'Revoke consent?',
  'consent.revokeBody': 'Administrators can no longer impersonate you, and any session running as you ends now.',
  'consent.revokeConfirm': 'Revoke',
  'consent.revokeCancel': 'Keep consent',
  'consent.revoked': 'Impersonation consent revoked.',
  'consent.sessions': 'Sessions',
  'consent.sessionsEmpty': 'Nobody has impersonated you yet.',
  'consent.sessionsError': "Couldn't load the sessions. {detail}",
  'consent.started': 'Started',
  'consent.ended': 'Ended',
  'consent.sessionDuration': 'Duration',
  'consent.impersonator': 'Impersonator',
  'consent.impersonatorName': '{name} ({email})',
  'consent.sessionStatus': 'Status',
  'consent.ongoing': 'Ongoing',
  'consent.sessionEnded': 'Ended',
  'consent.showAudit': 'Show audit log',
  'consent.hideAudit': 'Hide audit log',
  'consent.loading': 'Loading your consent…',
  'consent.loadError': "Couldn't load your consent. {detail}",
  'consent.statusChecking': 'Checking…',
  'consent.statusUnknown': 'Unknown',
  'consent.inactiveHint': 'Administrators cannot act as you.',
  'consent.retry': 'Retry',
  'consent.impersonating': "You are acting as {name}: consent can't be changed now.",
  'consent.notRequired':
    "Your organization doesn't require your consent: administrators with permission can impersonate you without it. You can still record it here.",
  'consent.updated': 'Impersonation consent updated. It now ends {absolute}.',
  'consent.revoking': 'Revoking…',
  'consent.notEnded': 'Not yet',
  'consent.durationSoFar': '{duration} so far',
  'consent.sessionsLoading': 'Loading the sessions…',
  'consent.loadMore': 'Load more',
  'consent.loadingMore': 'Loading…',
  // Why a session that ran as the viewer ended, told to the viewer ({name} is the impersonator).
  // The notice shown while someone is acting as the viewer.
  'notice.title': '{name} is acting as you right now',
  'notice.since': 'Since {time}',
  'notice.reason': 'Reason: {reason}',
  'notice.noReason': 'No reason given',
  'notice.showAudit': 'See what they do',
  'consent.endReason.ended': '{name} ended the session.',
  'consent.endReason.expired': 'The session reached its time limit.',
  'consent.endReason.idle_timeout': 'The session ended after a period of inactivity.',
  'consent.endReason.consent_revoked': 'You revoked your consent.',
  'consent.endReason.target_unavailable': 'Your account was suspended or deleted.',
  'consent.endReason.logged_out': '{name} signed out, which ended the session.',

  // AuditTable
  'audit.label': 'Impersonation audit log',
  'audit.time': 'Time',
  'audit.event': 'Event',
  'audit.status': 'Status',
  'audit.body': 'Request body',
  'audit.showBody': 'Show request body',
  'audit.hideBody': 'Hide request body',
  'audit.truncated': 'Cut at 8 KiB of {bytes} bytes.',
  'audit.truncatedDeep': 'Cut where it nests too deeply.',
  'audit.bodyShortened': 'Only the first {count} characters are shown.',
  'audit.filterType': 'Event type',
  'audit.filterAll': 'All events',
  'audit.filterUser': 'User',
  'audit.filterAnyUser': 'Any user',
  'audit.loadMore': 'Load more',
  'audit.loadingMore': 'Loading…',
  'audit.loading': 'Loading the audit log…',
  'audit.empty': 'No audit events yet.',
  'audit.error': "Couldn't load the audit log.",
  'audit.retry': 'Retry',
  'audit.type.impersonation.started': 'Impersonation started',
  'audit.type.impersonation.ended': 'Impersonation ended',
  'audit.type.impersonation.action': 'Action',
  'audit.type.consent.granted': 'Consent granted',
  'audit.type.consent.revoked': 'Consent revoked',
  'audit.type.consent.expired': 'Consent expired',
  'audit.end.ended': 'Ended by the impersonator',
  'audit.end.expired': 'Time limit reached',
  'audit.end.idle_timeout': 'Idle time-out',
  'audit.end.consent_revoked': 'Consent revoked',
  'audit.end.target_unavailable': 'User unavailable',
  'audit.end.logged_out': 'Signed out',
  'audit.userOption': '{name} ({email})',
  'audit.emptyFiltered': 'No audit events match these filters.',
  'audit.loaded': '{count, plural, one {# event} other {# events}} loaded.',
  'audit.sessionTitle': '{impersonator} → {target}',
  'audit.sessionReason': 'Reason: {reason}',
  'audit.sessionCategory': 'Category: {category}',
  'audit.noReason': 'No reason given',
  'audit.restarted': 'Restarted',
  'audit.ongoing': 'Ongoing',
  'audit.showPageViews': 'Show page views',
  'audit.pageViewsHidden': '{count, plural, one {# page view hidden} other {# page views hidden}}',
  'audit.blocked': 'Blocked',
  'audit.consentBy.consent.granted': 'Consent granted by {name} ({email})',
  'audit.consentBy.consent.revoked': 'Consent revoked by {name} ({email})',
  'audit.consentBy.consent.expired': 'Consent of {name} ({email}) expired',
  'audit.forbidden': 'You need the Impersonate users permission ({permission}) to see this audit log. Ask an account admin to grant it.',
  'audit.moreAvailable': '{count, plural, one {# event} other {# events}} loaded. More are available.',
};

/** The keys of the messages table. */
export type MessageKey = keyof typeof defaultMessages;

/** The full messages table; pass a partial one to the provider to override strings. */
export type Messages = Record<MessageKey, string>;

// `{count, plural, one {# item} other {# items}}`: ICU's plural form, one level deep, so a
// translation can have as many forms as its language needs (Intl.PluralRules picks one).
const PLURAL = /\{(\w+), plural,((?:\s*(?:=\d+|\w+)\s*\{[^{}]*\})+)\s*\}/g;
const BRANCH = /(=\d+|\w+)\s*\{([^{}]*)\}/g;

/**
 * Fills `{name}` placeholders and ICU plural forms (`=0`, `one`, `few`, …, `other`; `#` is the number,
 * written for `locale`); unknown placeholders stay as written so a missing value is visible, never "undefined".
 */
export function formatMessage(template: string, values: Record<string, string | number> = {}, locale?: string): string {
  // Own keys only: "{constructor}" in a translated string must not print a function.
  const has = (key: string) => Object.hasOwn(values, key);
  return template
    .replace(PLURAL, (whole, key: string, body: string) => {
      const count = Number(values[key]);
      if (!has(key) || !Number.isFinite(count)) return whole;
      const forms = new Map([...body.matchAll(BRANCH)].map((m) => [m[1], m[2]] as const));
      const form = forms.get(`=${count}`) ?? forms.get(new Intl.PluralRules(locale).select(count)) ?? forms.get('other') ?? '';
      return form.replace(/#/g, count.toLocaleString(locale));
    })
    .replace(/\{(\w+)\}/g, (whole, key: string) => (has(key) ? String(values[key]) : whole));
}

/** The message key that explains an error code, falling back to the generic one. */
export function errorMessageKey(code: ErrorCode): MessageKey {
  const denial = `denial.${code}`;
  if (denial in defaultMessages) return denial as MessageKey;
  const error = `error.${code}`;
  return error in defaultMessages ? (error as MessageKey) : 'error.default';
}

/** The message key that explains any failure: its code's, or the generic one for what is not an ImpersonationError. */
export function failureMessageKey(error: unknown): MessageKey {
  return isImpersonationError(error) ? errorMessageKey(error.code) : 'error.default';
}

/** The message key that explains why a session ended. */
export function endReasonMessageKey(reason: EndReason): MessageKey {
  return `end.${reason}` as MessageKey;
}
