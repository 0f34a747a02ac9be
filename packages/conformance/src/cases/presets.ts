// The policy presets of contract.md: each preset's policy and the behaviour it promises.
import type { Eligibility, Policy, Session } from '@impersonate-kit/sdk';
import type { CaseContext } from '../context';
import { errorCodeOf, expectError, expectOk, expectOneOfErrors } from '../expect';
import { check } from '../outcome';
import { arrayOf, eligibility, expectShape, obj, policy as policyShape } from '../shapes';
import { consentOf, ms, postRestart, postStart } from '../steps';
import type { ConformanceCase } from '../suite';

/** The policy with the tightened contract's restart window. */
type FullPolicy = Policy & { session: Policy['session'] & { restartWindowSeconds: number } };

async function policyOf(t: CaseContext): Promise<FullPolicy> {
  const reply = await t.api('GET', '/policy', 'u_owner');
  return expectShape<FullPolicy>(reply.request, expectOk(reply), policyShape, 'policy');
}

/** Compares policy fields with what the preset promises; `blocked` must all be in `blockedActions`. */
function expectPolicy(p: FullPolicy, wanted: Record<string, unknown>, blocked: readonly string[]): void {
  const flat: Record<string, unknown> = {
    preset: p.preset,
    canImpersonateAdmins: p.canImpersonateAdmins,
    requirePriorLogin: p.requirePriorLogin,
    'reason.required': p.reason.required,
    'reason.minLength': p.reason.minLength,
    'reason.maxLength': p.reason.maxLength,
    'stepUp.required': p.stepUp.required,
    'consent.required': p.consent.required,
    'consent.presetHours': p.consent.presetHours,
    'session.maxDurationSeconds': p.session.maxDurationSeconds,
    'session.idleTimeoutSeconds': p.session.idleTimeoutSeconds,
    'session.restartAllowed': p.session.restartAllowed,
  };
  const wrong = Object.entries(wanted).filter(([key, value]) => JSON.stringify(flat[key]) !== JSON.stringify(value));
  check(wrong.length === 0, () => `GET /policy: saw ${wrong.map(([key]) => `${key}=${JSON.stringify(flat[key])}`).join(', ')} vs expected ${wrong.map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(', ')}`);
  const missing = blocked.filter((key) => !p.blockedActions.includes(key));
  check(missing.length === 0, () => `GET /policy: blockedActions ${JSON.stringify(p.blockedActions)} lacks ${missing.join(', ')}`);
  check(p.session.restartWindowSeconds === 600, () => `GET /policy: saw session.restartWindowSeconds ${String(p.session.restartWindowSeconds)} vs expected the default 600`);
}

/** Calls a reference host route while a session runs: refused as blocked, or not. */
async function expectBlocked(t: CaseContext, method: string, path: string, json: unknown, blocked: boolean): Promise<void> {
  const reply = await t.app(method, path, 'u_owner', { json });
  if (blocked) expectError(reply, 403, 'blocked_during_impersonation');
  else check(errorCodeOf(reply) !== 'blocked_during_impersonation', () => `${reply.request}: saw 403 blocked_during_impersonation vs expected the call allowed under this preset`);
}

const ACCOUNT_ADMIN_BLOCKED = ['api_keys.manage', 'accounts.list', 'accounts.switch', 'accounts.set_default', 'auth.sign_out', 'auth.password_reset', 'auth.two_factor', 'security.public_access', 'security.ip_allowlist'];
const HOST_CALLS = {
  apiKeys: ['POST', '/api-keys', { name: 'Conformance key' }],
  password: ['PUT', '/account/password', { currentPassword: 'old-password-1', newPassword: 'new-password-2' }],
  billing: ['PUT', '/billing', { plan: 'Team' }],
  team: ['PUT', '/team/settings', { name: 'Acme' }],
} as const;

/** The preset cases. */
export const presetCases: ConformanceCase[] = [
  {
    name: 'presets/account-admin/policy',
    preset: 'account-admin',
    async run(t) {
      expectPolicy(
        await policyOf(t),
        { preset: 'account-admin', canImpersonateAdmins: true, requirePriorLogin: true, 'reason.required': true, 'reason.minLength': 10, 'reason.maxLength': 500, 'stepUp.required': false, 'consent.required': false, 'session.maxDurationSeconds': 1800, 'session.restartAllowed': true },
        ACCOUNT_ADMIN_BLOCKED,
      );
    },
  },
  {
    name: 'presets/account-admin/permission',
    preset: 'account-admin',
    async run(t) {
      // The Account Admin role carries the permission: u_ada is only an admin.
      await t.start('u_ada', 'u_alice');
      for (const member of ['u_alice', 'u_bob']) expectError(await postStart(t, member, 'u_bill'), 403, 'forbidden');
    },
  },
  {
    name: 'presets/account-admin/admins_impersonable',
    preset: 'account-admin',
    async run(t) {
      await t.start('u_owner', 'u_ada');
      await t.end('u_owner');
      await t.start('u_owner', 'u_admin');
    },
  },
  {
    name: 'presets/account-admin/reason_bounds',
    preset: 'account-admin',
    async run(t) {
      const ten = await t.start('u_owner', 'u_alice', { reason: 'tencharsok' });
      check(ten.reason === 'tencharsok', () => `a 10-character reason was stored as ${JSON.stringify(ten.reason)}`);
      await t.end('u_owner');
      await t.start('u_owner', 'u_alice', { reason: 'r'.repeat(500) });
      await t.end('u_owner');
      await t.start('u_owner', 'u_alice', { reason: 'Support call with the customer', reasonCategory: undefined });
    },
  },
  {
    name: 'presets/account-admin/fixed_30_minutes',
    preset: 'account-admin',
    async run(t) {
      const session = await t.start('u_owner', 'u_alice');
      check(ms(session.expiresAt) - ms(session.startedAt) === 1_800_000 && session.expiresBecause === 'max_duration', () => `POST /sessions: saw expiresAt ${session.expiresAt} (${session.expiresBecause}) for startedAt ${session.startedAt} vs expected exactly 30 min, max_duration`);
      const reply = await t.api('POST', '/sessions/current/activity', 'u_owner');
      const beat = expectOk(reply).session as Session;
      check(beat.expiresAt === session.expiresAt, () => `${reply.request}: saw expiresAt ${beat.expiresAt} vs expected the fixed ${session.expiresAt} (activity does not extend a fixed session)`);
    },
  },
  {
    name: 'presets/account-admin/blocked_actions',
    preset: 'account-admin',
    needs: ['appUrl'],
    async run(t) {
      await t.start('u_owner', 'u_alice');
      await expectBlocked(t, ...HOST_CALLS.apiKeys, true);
      await expectBlocked(t, ...HOST_CALLS.password, true);
      await expectBlocked(t, ...HOST_CALLS.billing, false);
      await expectBlocked(t, ...HOST_CALLS.team, false);
    },
  },
  {
    name: 'presets/enterprise/policy',
    preset: 'enterprise',
    async run(t) {
      const p = await policyOf(t);
      expectPolicy(p, { preset: 'enterprise', canImpersonateAdmins: false, 'reason.required': false, 'stepUp.required': true, 'consent.required': false, 'session.maxDurationSeconds': null, 'session.idleTimeoutSeconds': 3600, 'session.restartAllowed': true }, ['billing.manage', 'team.settings']);
      check(p.protectedRoles.includes('billing'), () => `GET /policy: saw protectedRoles ${JSON.stringify(p.protectedRoles)} vs expected the default "billing"`);
    },
  },
  {
    name: 'presets/enterprise/admins_only',
    preset: 'enterprise',
    async run(t) {
      for (const member of ['u_alice', 'u_bill']) expectError(await postStart(t, member, 'u_bob'), 403, 'forbidden');
      await t.start('u_ada', 'u_bob');
    },
  },
  {
    name: 'presets/enterprise/step_up',
    preset: 'enterprise',
    async run(t) {
      expectError(await postStart(t, 'u_owner', 'u_alice', { stepUpCode: undefined }), 403, 'step_up_required');
      expectError(await postStart(t, 'u_owner', 'u_alice', { stepUpCode: '654321' }), 403, 'step_up_invalid');
      await t.start('u_owner', 'u_alice', { stepUpCode: '123456' });
    },
  },
  {
    name: 'presets/enterprise/reason_optional',
    preset: 'enterprise',
    async run(t) {
      const session = await t.start('u_owner', 'u_alice', { reason: undefined });
      check(session.reason === null, () => `POST /sessions without a reason: saw reason ${JSON.stringify(session.reason)} vs expected null`);
    },
  },
  {
    name: 'presets/enterprise/idle_timeout',
    preset: 'enterprise',
    async run(t) {
      const session = await t.start('u_owner', 'u_alice');
      check(session.expiresBecause === 'idle' && ms(session.expiresAt) - ms(session.lastActivityAt) === 3_600_000, () => `POST /sessions: saw expiresAt ${session.expiresAt} (${session.expiresBecause}) for last activity ${session.lastActivityAt} vs expected 1 h of idle time`);
      const reply = await t.api('POST', '/sessions/current/activity', 'u_owner');
      const beat = expectOk(reply).session as Session;
      check(ms(beat.expiresAt) - ms(beat.lastActivityAt) === 3_600_000 && ms(beat.expiresAt) >= ms(session.expiresAt), () => `${reply.request}: saw expiresAt ${beat.expiresAt} for last activity ${beat.lastActivityAt} vs expected the idle deadline moved to 1 h after it`);
    },
  },
  {
    name: 'presets/enterprise/blocked_actions',
    preset: 'enterprise',
    needs: ['appUrl'],
    async run(t) {
      await t.start('u_owner', 'u_alice');
      await expectBlocked(t, ...HOST_CALLS.billing, true);
      await expectBlocked(t, ...HOST_CALLS.team, true);
      await expectBlocked(t, ...HOST_CALLS.apiKeys, false);
    },
  },
  {
    name: 'presets/consent/policy',
    preset: 'consent',
    async run(t) {
      expectPolicy(await policyOf(t), { preset: 'consent', canImpersonateAdmins: true, 'reason.required': false, 'consent.required': true, 'consent.presetHours': [1, 24, 72], 'session.restartAllowed': true }, []);
    },
  },
  {
    name: 'presets/consent/permission',
    preset: 'consent',
    async run(t) {
      // impersonate:users (Super Admin: u_admin) or the Owner role (u_owner); a plain admin is not enough.
      await t.start('u_owner', 'u_alice');
      await t.end('u_owner');
      await t.start('u_admin', 'u_alice');
      for (const other of ['u_ada', 'u_bob']) expectError(await postStart(t, other, 'u_alice'), 403, 'forbidden');
    },
  },
  {
    name: 'presets/consent/admins_with_consent',
    preset: 'consent',
    async run(t) {
      expectError(await postStart(t, 'u_owner', 'u_ada'), 403, 'consent_required');
      expectOk(await t.api('PUT', '/consent', 'u_ada', { json: { durationHours: 1 } }));
      await t.start('u_owner', 'u_ada');
    },
  },
  {
    name: 'presets/consent/eligibility',
    preset: 'consent',
    async run(t) {
      const alice = await consentOf(t, 'u_alice');
      check(alice.status === 'active' && alice.durationHours === 24, () => `GET /consent as u_alice: saw ${JSON.stringify(alice)} vs expected the seeded 24 h consent`);
      const reply = await t.api('GET', '/eligibility?userIds=u_alice,u_bob,u_sam', 'u_owner');
      const { items } = expectShape<{ items: Eligibility[] }>(reply.request, expectOk(reply), obj({ items: arrayOf(eligibility) }));
      const byId = new Map(items.map((item) => [item.userId, item]));
      check(byId.get('u_alice')?.allowed === true && byId.get('u_alice')?.consentExpiresAt === alice.expiresAt, () => `${reply.request}: saw u_alice ${JSON.stringify(byId.get('u_alice'))} vs expected allowed until ${alice.expiresAt}`);
      check(byId.get('u_bob')?.denials.includes('consent_required') === true && byId.get('u_bob')?.consentExpiresAt === null, () => `${reply.request}: saw u_bob ${JSON.stringify(byId.get('u_bob'))} vs expected consent_required`);
      check(byId.get('u_sam')?.denials.includes('target_unavailable') === true, () => `${reply.request}: saw u_sam ${JSON.stringify(byId.get('u_sam'))} vs expected target_unavailable`);
    },
  },
  {
    name: 'presets/consent/consent_caps_session',
    preset: 'consent',
    async run(t) {
      const alice = await consentOf(t, 'u_alice');
      const session = await t.start('u_owner', 'u_alice');
      check(session.expiresAt === alice.expiresAt && session.expiresBecause === 'consent', () => `POST /sessions: saw expiresAt ${session.expiresAt} (${session.expiresBecause}) vs expected the consent's end ${String(alice.expiresAt)} (consent)`);
    },
  },
  {
    name: 'presets/consent/revoke_ends_sessions',
    preset: 'consent',
    async run(t) {
      expectOk(await t.api('PUT', '/consent', 'u_bob', { json: { durationHours: 24 } }));
      const owners = await t.start('u_owner', 'u_alice');
      const admins = await t.start('u_admin', 'u_bob');
      const reply = await t.api('DELETE', '/consent', 'u_alice');
      const revokedAt = ms(String(expectOk(reply).serverTime));
      // Ended in the same call: the very next read sees it, with consent_revoked.
      const ended = await t.session('u_owner', owners.id);
      check(ended.status === 'ended' && ended.endReason === 'consent_revoked', () => `GET /sessions/{id} right after u_alice revoked: saw ${ended.status}/${String(ended.endReason)} vs expected ended/consent_revoked`);
      check(ended.endedAt !== null && ms(ended.endedAt) <= revokedAt, () => `the session ended at ${String(ended.endedAt)}, after the revocation answered at ${new Date(revokedAt).toISOString()}`);
      expectError(await t.api('GET', '/sessions/current', 'u_owner'), 404, 'no_active_session');
      check((await t.session('u_admin', admins.id)).status === 'active', "revoking u_alice's consent ended a session as u_bob");
      expectError(await postStart(t, 'u_owner', 'u_alice'), 403, 'consent_required');
    },
  },
  {
    name: 'presets/consent/restart_while_consent_lasts',
    preset: 'consent',
    async run(t) {
      const first = await t.start('u_owner', 'u_alice');
      await t.end('u_owner');
      const second = expectOk(await postRestart(t, 'u_owner', first.id), 201).session as Session;
      await t.end('u_owner');
      expectOk(await t.api('DELETE', '/consent', 'u_alice'));
      expectOneOfErrors(await postRestart(t, 'u_owner', second.id), [[403, 'consent_required'], [409, 'restart_not_allowed']]);
    },
  },
  {
    name: 'presets/consent/no_self_no_chaining_no_unavailable',
    preset: 'consent',
    async run(t) {
      expectError(await postStart(t, 'u_owner', 'u_owner'), 403, 'self_impersonation');
      expectOneOfErrors(await postStart(t, 'u_owner', 'u_sam'), [[403, 'target_unavailable'], [403, 'consent_required']]);
      await t.start('u_owner', 'u_alice');
      expectOk(await t.api('PUT', '/consent', 'u_bob', { json: { durationHours: 1 } }));
      expectError(await postStart(t, 'u_owner', 'u_bob'), 409, 'already_impersonating');
    },
  },
];
