import { AuditTable } from '@impersonate-kit/react';

/** The account's impersonation audit trail. */
export function AuditPage() {
  return <AuditTable />;
}
