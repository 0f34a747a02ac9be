// The mock's presets: the server's policies, and who holds `impersonate:users` under each.
import type { MockPreset } from './types';

/** The preset names, in the order a picker shows them. */
export { PRESET_NAMES as MOCK_PRESETS } from '@impersonate-kit/server';

/** Roles whose holders get `impersonate:users`: Account Admin; admins; Super Admin or the Owner role. */
export const PERMISSION_ROLES: Readonly<Record<MockPreset, readonly string[]>> = {
  'account-admin': ['admin'],
  enterprise: ['admin'],
  consent: ['super_admin', 'owner'],
};
