// Who may impersonate whom, and the checks on a start's input. Eligibility and POST /sessions
// (and restart) all ask here, so the menu's "disabled, because…" and a refused start never disagree.
import type { DenialCode, Policy, UserSummary } from '@impersonate-kit/sdk';
import type { Db } from './db';
import { ApiError, fail } from './httpError';
import { RATE_WINDOW_MS } from './sessions';
import type { HeaderMap } from './types';

/** The second-factor code the mock accepts. */
export const STEP_UP_CODE = '123456';

/** Starts a viewer may make per minute. */
export const MAX_STARTS_PER_MINUTE = 10;

/**
 * The header that marks a call as made *as the target* (from inside an impersonated session);
 * any value but "0" or "false" counts. A real backend knows this from its impersonation token.
 */
export const AS_TARGET_HEADER = 'x-impersonating';

/** True when the user holds `impersonate:users` under the current policy. */
export function hasPermission(db: Db, user: UserSummary): boolean {
  return user.status === 'active' && user.roles.some((role) => db.state.permissionRoles.includes(role));
}

/** True when the request says it comes from inside an impersonated session. */
export function isActingAsTarget(headers: HeaderMap): boolean {
  const value = headers[AS_TARGET_HEADER]?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

function consentDenial(db: Db, targetId: string): DenialCode | null {
  const consent = db.state.consents[targetId];
  if (consent?.status === 'active') return null;
  return consent?.status === 'lapsed' ? 'consent_expired' : 'consent_required';
}

/**
 * Every reason the viewer may not impersonate `targetId`, in the order a start reports them
 * (the first one is the start's error). Empty means allowed.
 */
export function denialsFor(db: Db, viewer: UserSummary, targetId: string, headers: HeaderMap): DenialCode[] {
  const policy = db.state.policy;
  const denials: DenialCode[] = [];
  if (!hasPermission(db, viewer)) denials.push('forbidden');
  if (targetId === viewer.id) denials.push('self_impersonation');
  if (db.activeSessionOf(viewer.id) || isActingAsTarget(headers)) denials.push('already_impersonating');
  const target = db.user(targetId);
  if (!target) {
    denials.push('target_not_found');
    return denials;
  }
  if (targetId === viewer.id) return denials;
  if (!policy.canImpersonateAdmins && target.roles.includes('admin')) denials.push('target_is_admin');
  if (target.roles.some((role) => policy.protectedRoles.includes(role))) denials.push('target_protected_role');
  if (target.status !== 'active') denials.push('target_unavailable');
  if (policy.requirePriorLogin && target.lastLoginAt === null) denials.push('target_never_logged_in');
  if (policy.consent.required) {
    const denial = consentDenial(db, targetId);
    if (denial) denials.push(denial);
  }
  return denials;
}

/** Throws the first denial as the contract's error. */
export function assertAllowed(denials: readonly DenialCode[]): void {
  const first = denials[0];
  if (first) fail(first);
}

/**
 * The reason and category as stored (trimmed, or null when optional and absent); throws
 * `invalid_reason` when the reason is missing, blank, too short or too long, or the category unknown.
 */
export function checkReason(policy: Policy, reason: string | undefined, category: string | undefined): { reason: string | null; category: string | null } {
  const { required, minLength, maxLength, categories } = policy.reason;
  const trimmed = reason?.trim() ?? '';
  const details = { minLength, maxLength, required };
  if (trimmed === '') {
    if (required) fail('invalid_reason', reason === undefined ? 'A reason is required.' : 'The reason cannot be blank.', details);
  } else if (trimmed.length < minLength || trimmed.length > maxLength) {
    fail('invalid_reason', `The reason must be ${minLength} to ${maxLength} characters.`, details);
  }
  if (category !== undefined && !categories.includes(category)) {
    fail('invalid_reason', categories.length ? `The category must be one of: ${categories.join(', ')}.` : 'This policy has no reason categories.', { categories });
  }
  return { reason: trimmed === '' ? null : trimmed, category: category ?? null };
}

/** Throws `step_up_required` (no code) or `step_up_invalid` (wrong code) when the policy asks for a second factor. */
export function checkStepUp(policy: Policy, code: string | undefined): void {
  if (!policy.stepUp.required) return;
  if (code === undefined || code.trim() === '') fail('step_up_required');
  if (code.trim() !== STEP_UP_CODE) fail('step_up_invalid');
}

/**
 * Counts one start attempt of `viewerId`, or throws `rate_limited` when it already made ten in the
 * last minute. Checked before the second factor, so guessing codes runs into the limit.
 */
export function takeStartToken(db: Db, viewerId: string, now: number): void {
  const recent = (db.state.starts[viewerId] ?? []).filter((t) => now - t < RATE_WINDOW_MS);
  if (recent.length >= MAX_STARTS_PER_MINUTE) {
    const oldest = recent[0] ?? now;
    const retryAfterSeconds = Math.max(1, Math.ceil((oldest + RATE_WINDOW_MS - now) / 1000));
    throw new ApiError('rate_limited', undefined, { retryAfterSeconds, limit: MAX_STARTS_PER_MINUTE }, { 'Retry-After': String(retryAfterSeconds) });
  }
  recent.push(now);
  db.state.starts[viewerId] = recent;
}

/** The consent duration in whole hours within the policy's range; anything else is `invalid_duration`. */
export function checkDuration(policy: Policy, value: unknown): number {
  const { minHours, maxHours } = policy.consent;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minHours || value > maxHours) {
    fail('invalid_duration', `The duration must be a whole number of hours from ${minHours} to ${maxHours}.`, { minHours, maxHours });
  }
  return value;
}
