import { ConsentSettings } from '@impersonate-kit/react';

/** The signed-in user's account settings: their consent to impersonation and who used it (with a notice on top while someone acts as them). */
export function SettingsPage() {
  return <ConsentSettings />;
}
