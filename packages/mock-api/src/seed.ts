// A fresh backend: the cast, their projects, and in the consent preset one user who already consented.
import type { ConsentRecord } from '@impersonate-kit/server';
import type { Policy, UserSummary } from '@impersonate-kit/sdk';
import { DEFAULT_CAST, DEFAULT_PROJECTS } from './cast';
import { isoAt } from './clock';
import type { AppData, MockState } from './types';

/** Hours of the consent `u_alice` starts with when the policy requires consent. */
export const SEEDED_CONSENT_HOURS = 24;

/** A new sample-app id such as `prj_1b9d6bcd`. */
export function appId(prefix: string): string {
  return `${prefix}_${globalThis.crypto.randomUUID().replaceAll('-', '')}`;
}

/** The sample app's starting data for these users. */
export function seedApp(users: readonly UserSummary[], nowMs: number): AppData {
  const ids = new Set(users.map((user) => user.id));
  return {
    projects: DEFAULT_PROJECTS.filter((p) => ids.has(p.ownerId)).map((p) => ({ id: appId('prj'), ownerId: p.ownerId, name: p.name, createdAt: isoAt(nowMs) })),
    apiKeys: [],
    billing: { plan: 'Team', updatedBy: null },
    teamSettings: { name: 'Acme', defaultRole: 'member' },
  };
}

/** The consents a preset starts with: `u_alice` has consented when consent is required, so the demo can start at once. */
export function seedConsents(policy: Policy, users: readonly UserSummary[], nowMs: number): Record<string, ConsentRecord> {
  if (!policy.consent.required || !users.some((user) => user.id === 'u_alice')) return {};
  return {
    u_alice: { status: 'active', grantedAt: isoAt(nowMs), expiresAt: isoAt(nowMs + SEEDED_CONSENT_HOURS * 3_600_000), durationHours: SEEDED_CONSENT_HOURS },
  };
}

/** A complete fresh state. */
export function createInitialState(input: { policy: Policy; permissionRoles: readonly string[]; users?: readonly UserSummary[]; nowMs: number; clockOffsetMs: number }): MockState {
  const users = structuredClone([...(input.users ?? DEFAULT_CAST)]);
  return {
    version: 2,
    policy: structuredClone(input.policy),
    permissionRoles: [...input.permissionRoles],
    users,
    sessions: [],
    consents: seedConsents(input.policy, users, input.nowMs),
    events: [],
    idempotency: {},
    starts: {},
    app: seedApp(users, input.nowMs),
    clockOffsetMs: input.clockOffsetMs,
  };
}
