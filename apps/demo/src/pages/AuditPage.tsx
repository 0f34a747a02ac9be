import { AuditTable } from '@impersonate-kit/react';
import { useHashParam } from '../useHashRoute';

/** The account's impersonation audit trail, or one session's (`#/audit?session=<id>`, where notifications link). */
export function AuditPage() {
  const sessionId = useHashParam('session');
  if (!sessionId) return <AuditTable />;
  return (
    <>
      <p className="page-intro">
        What happened in session <code>{sessionId}</code>. <a href="#/audit">Show the whole audit</a>
      </p>
      <AuditTable sessionId={sessionId} />
    </>
  );
}
