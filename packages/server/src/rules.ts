// Who may impersonate whom, and the checks on a start's input. Eligibility, POST /sessions and
// restart all ask here, so the menu's "disabled, because…" and a refused start never disagree.
import type { DenialCode, Policy, UserSummary } from '@impersonate-kit/sdk';
import { checkReason, checkReasonCategory, normalizeReason } from '@impersonate-kit/sdk';
import type { ServerDeps, Work } from './context';
import { ApiError, fail } from './errors';
import { RATE_WINDOW_MS } from './lifecycle';
import { msOf } from './time';

/** Starts a viewer may make per minute. */
export const MAX_STARTS_PER_MINUTE = 10;

/** What the denial rules know about the viewer. */
export interface ViewerFacts {
  viewer: UserSummary;
  permitted: boolean;
  /** True while the viewer runs an active session (no chaining). */
  impersonating: boolean;
}

/**
 * Every reason the viewer may not impersonate `targetId`, in the order a start reports them
 * (the first one is the start's error). Empty means allowed.
 */
export async function denialsFor(work: Work, facts: ViewerFacts, targetId: string, target: UserSummary | null): Promise<DenialCode[]> {
  const policy = work.deps.policy;
  const { viewer } = facts;
  const denials: DenialCode[] = [];
  if (!facts.permitted) denials.push('forbidden');
  if (targetId === viewer.id) denials.push('self_impersonation');
  if (facts.impersonating) denials.push('already_impersonating');
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
    const consent = await work.tx.getConsent(targetId);
    const active = consent?.status === 'active' && msOf(consent.expiresAt) > work.now;
    if (!active) denials.push(consent && consent.status !== 'revoked' ? 'consent_expired' : 'consent_required');
  }
  return denials;
}

/** Throws the first denial as the contract's error. */
export function assertNoDenial(denials: readonly DenialCode[]): void {
  const first = denials[0];
  if (first) fail(first);
}

/**
 * The reason and category as stored: the reason normalised by the sdk's rule (bidi controls
 * removed, invisible ends trimmed; null when blank), the category null when absent. Throws
 * `invalid_reason` when the sdk's `checkReason` or `checkReasonCategory` refuses them, so the
 * form and the server measure alike (grapheme clusters).
 */
export function acceptReason(policy: Policy, reason: string | undefined, category: string | undefined): { reason: string | null; category: string | null } {
  const rules = policy.reason;
  const { required, minLength, maxLength, categories } = rules;
  const problem = checkReason(rules, reason);
  if (problem === 'required') fail('invalid_reason', reason === undefined ? 'A reason is required.' : 'The reason cannot be blank.', { minLength, maxLength, required });
  if (problem !== null) fail('invalid_reason', `The reason must be ${minLength} to ${maxLength} characters.`, { minLength, maxLength, required });
  if (checkReasonCategory(rules, category) === 'unknown') {
    fail('invalid_reason', categories.length ? `The category must be one of: ${categories.join(', ')}.` : 'This policy has no reason categories.', { categories });
  }
  const stored = normalizeReason(reason ?? '');
  return { reason: stored === '' ? null : stored, category: category === undefined || category === '' ? null : category };
}

/** Throws `step_up_required` (no code) or `step_up_invalid` (wrong code) when the policy asks for a second factor. */
export async function checkStepUp(deps: ServerDeps, userId: string, code: string | undefined): Promise<void> {
  if (!deps.policy.stepUp.required) return;
  if (code === undefined || code.trim() === '') fail('step_up_required');
  // A server without a second factor cannot honour a policy that asks for one: it refuses every code.
  const ok = deps.verifyStepUp ? await deps.verifyStepUp(userId, code.trim()) : false;
  if (ok !== true) fail('step_up_invalid');
}

/**
 * Counts one start attempt of `viewerId`, or throws `rate_limited` when it already made ten in the
 * last minute. Checked before the second factor, so guessing codes runs into the limit.
 */
export async function takeStartAttempt(work: Work, viewerId: string): Promise<void> {
  const { count, oldest } = await work.tx.countStartAttempts(viewerId, work.now - RATE_WINDOW_MS + 1);
  if (count >= MAX_STARTS_PER_MINUTE) {
    const retryAfterSeconds = Math.max(1, Math.ceil(((oldest ?? work.now) + RATE_WINDOW_MS - work.now) / 1000));
    throw new ApiError('rate_limited', undefined, { retryAfterSeconds, limit: MAX_STARTS_PER_MINUTE }, { 'Retry-After': String(retryAfterSeconds) });
  }
  await work.tx.recordStartAttempt(viewerId, work.now);
}

/** The consent duration in whole hours within the policy's range; anything else is `invalid_duration`. */
export function checkDuration(policy: Policy, value: unknown): number {
  const { minHours, maxHours } = policy.consent;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minHours || value > maxHours) {
    fail('invalid_duration', `The duration must be a whole number of hours from ${minHours} to ${maxHours}.`, { minHours, maxHours });
  }
  return value;
}
