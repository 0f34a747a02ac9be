// The viewer's own impersonation consent and the sessions that ran as them.
import { ConsentSettings } from '@impersonate-kit/react';
import { requireActor } from '../signedIn';

export default async function SettingsPage() {
  await requireActor();
  return (
    <>
      <h1>Settings</h1>
      <ConsentSettings headingLevel={2} />
    </>
  );
}
