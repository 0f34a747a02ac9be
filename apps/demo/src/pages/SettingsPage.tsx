import { ConsentSettings } from '@impersonate-kit/react';

/** The signed-in user's account settings: their consent to impersonation and who used it. */
export function SettingsPage() {
  return <ConsentSettings />;
}
