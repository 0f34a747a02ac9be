// The demo's "server": the reference mock backend, persisted in localStorage so reloads and tabs share it.
import { createMockApi, MOCK_PRESETS } from '@impersonate-kit/mock-api';
import type { MockPreset } from '@impersonate-kit/mock-api';

const VIEWER_KEY = 'acme-demo:viewer';

/** The one backend of this browser (every tab reads and writes the same stored state). */
export const backend = createMockApi({ persist: 'localStorage', storageKey: 'acme-demo:backend' });

/** The preset the stored backend runs. */
export function currentPreset(): MockPreset {
  const preset = backend.policy.preset;
  return (MOCK_PRESETS as readonly string[]).includes(preset) ? (preset as MockPreset) : 'account-admin';
}

/** Who this tab is signed in as: per tab, so two tabs can be two people. */
export function currentViewerId(): string {
  return sessionStorage.getItem(VIEWER_KEY) ?? 'u_owner';
}

/** Signs this tab in as `userId` and reloads, as a real sign-in would. */
export function signInAs(userId: string): void {
  sessionStorage.setItem(VIEWER_KEY, userId);
  window.location.reload();
}

/** The header that tells the backend who this tab is. */
export function authHeaders(): Record<string, string> {
  return { Authorization: `Bearer demo:${currentViewerId()}` };
}
