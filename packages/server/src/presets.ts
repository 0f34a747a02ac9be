// The three policies of contract.md's preset table, and how a host lays its own rules over one.
import type { Policy } from '@impersonate-kit/sdk';
import type { PolicyInput, PresetName } from './types';

/** The preset names, in the order a picker shows them. */
export const PRESET_NAMES: readonly PresetName[] = ['account-admin', 'enterprise', 'consent'];

/** How long after an end Restart is offered, unless the policy says otherwise (the contract's default, as the sdk reads it). */
export const DEFAULT_RESTART_WINDOW_SECONDS = 600;

const consentRange = { minHours: 1, maxHours: 168, presetHours: [1, 24, 72] };

/** The policy of each preset (seeds 000/001, 002/004 and 003). */
export const PRESETS: Readonly<Record<PresetName, Policy>> = {
  'account-admin': {
    preset: 'account-admin',
    permission: 'impersonate:users',
    canImpersonateAdmins: true,
    protectedRoles: [],
    requirePriorLogin: true,
    reason: { required: true, minLength: 10, maxLength: 500, categories: ['Troubleshooting', 'Support', 'Training', 'Permission check'] },
    stepUp: { required: false },
    consent: { required: false, ...consentRange },
    session: { maxDurationSeconds: 1800, idleTimeoutSeconds: null, restartAllowed: true, restartWindowSeconds: DEFAULT_RESTART_WINDOW_SECONDS },
    blockedActions: [
      'api_keys.manage',
      'accounts.list',
      'accounts.switch',
      'accounts.set_default',
      'auth.sign_out',
      'auth.password_reset',
      'auth.two_factor',
      'security.public_access',
      'security.ip_allowlist',
    ],
  },
  enterprise: {
    preset: 'enterprise',
    permission: 'impersonate:users',
    canImpersonateAdmins: false,
    protectedRoles: ['billing'],
    requirePriorLogin: false,
    reason: { required: false, minLength: 0, maxLength: 500, categories: [] },
    stepUp: { required: true },
    consent: { required: false, ...consentRange },
    session: { maxDurationSeconds: null, idleTimeoutSeconds: 3600, restartAllowed: true, restartWindowSeconds: DEFAULT_RESTART_WINDOW_SECONDS },
    blockedActions: ['billing.manage', 'team.settings'],
  },
  consent: {
    preset: 'consent',
    permission: 'impersonate:users',
    canImpersonateAdmins: true,
    protectedRoles: [],
    requirePriorLogin: false,
    reason: { required: false, minLength: 0, maxLength: 500, categories: [] },
    stepUp: { required: false },
    // The consent caps the session: no fixed or idle limit of its own.
    consent: { required: true, ...consentRange },
    session: { maxDurationSeconds: null, idleTimeoutSeconds: null, restartAllowed: true, restartWindowSeconds: DEFAULT_RESTART_WINDOW_SECONDS },
    blockedActions: ['profile.self'],
  },
};

/** A partial policy laid over a preset; any override makes the policy `custom`. */
export interface PolicyOverrides {
  canImpersonateAdmins?: boolean;
  protectedRoles?: string[];
  requirePriorLogin?: boolean;
  reason?: Partial<Policy['reason']>;
  stepUp?: Partial<Policy['stepUp']>;
  consent?: Partial<Policy['consent']>;
  session?: Partial<Policy['session']>;
  blockedActions?: string[];
}

/** Throws when no limit would ever end a session under `policy`. */
function assertEndable(policy: Policy): void {
  const { maxDurationSeconds, idleTimeoutSeconds } = policy.session;
  if (maxDurationSeconds === null && idleTimeoutSeconds === null && !policy.consent.required) {
    throw new Error('A policy needs a max duration, an idle timeout or required consent: a session must be able to end.');
  }
}

/** The policy of `preset` with `overrides` laid over it; throws when no limit would ever end a session. */
export function buildPolicy(preset: PresetName, overrides?: PolicyOverrides): Policy {
  const policy: Policy = structuredClone(PRESETS[preset]);
  if (overrides && Object.keys(overrides).length > 0) {
    Object.assign(policy, {
      ...overrides,
      preset: 'custom',
      reason: { ...policy.reason, ...overrides.reason },
      stepUp: { ...policy.stepUp, ...overrides.stepUp },
      consent: { ...policy.consent, ...overrides.consent },
      session: { ...policy.session, ...overrides.session },
    });
  }
  assertEndable(policy);
  return structuredClone(policy);
}

/** A preset name or a full policy as the server runs it (a policy without a restart window gets the default). */
export function resolvePolicy(policy: PresetName | PolicyInput): Policy {
  if (typeof policy === 'string') return buildPolicy(policy);
  const input = structuredClone(policy);
  const full: Policy = { ...input, session: { ...input.session, restartWindowSeconds: input.session.restartWindowSeconds ?? DEFAULT_RESTART_WINDOW_SECONDS } };
  assertEndable(full);
  return full;
}
