// The account's impersonation audit trail (the server checks the impersonate:users permission).
import { AuditTable } from '@impersonate-kit/react';
import { USERS } from '@/lib/directory';
import { requireActor } from '../signedIn';

export default async function AuditPage() {
  await requireActor();
  return (
    <>
      <h1>Audit</h1>
      <AuditTable users={USERS.map(({ id, name, email }) => ({ id, name, email }))} />
    </>
  );
}
