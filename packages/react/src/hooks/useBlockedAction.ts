'use client';
import { useCallback, useSyncExternalStore } from 'react';
import { useImpersonationContext } from '../context';

/** What `useBlockedAction` returns. */
export interface UseBlockedActionResult {
  blocked: boolean;
  /** Why, in words (the same message as a 403 blocked_during_impersonation answer), or null when allowed. */
  message: string | null;
}

/** Whether `action` is refused right now because the viewer is impersonating under a policy that blocks it. */
export function useBlockedAction(action: string): UseBlockedActionResult {
  const { client, t } = useImpersonationContext();
  // The answer depends on the session and the policy; the snapshot is the boolean itself, so the
  // caller re-renders only when the answer flips, not on every heartbeat or viewer refresh.
  const subscribe = useCallback(
    (listener: () => void) => {
      const stopSession = client.session.subscribe(listener);
      const stopViewer = client.viewer.subscribe(listener);
      return () => {
        stopSession();
        stopViewer();
      };
    },
    [client],
  );
  const blocked = useSyncExternalStore(subscribe, () => client.isBlocked(action), () => false);
  return { blocked, message: blocked ? t('error.blocked_during_impersonation') : null };
}
