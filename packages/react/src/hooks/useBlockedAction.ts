'use client';
import { useImpersonationContext } from '../context';
import { useImpersonation } from './useImpersonation';
import { useViewer } from './useViewer';

/** What `useBlockedAction` returns. */
export interface UseBlockedActionResult {
  blocked: boolean;
  /** Why, in words, or null when allowed. */
  message: string | null;
}

/** Whether `action` is refused right now because the viewer is impersonating under a policy that blocks it. */
export function useBlockedAction(action: string): UseBlockedActionResult {
  const { client, t } = useImpersonationContext();
  // Subscribing to both stores re-renders the caller when the session or the policy changes.
  useImpersonation();
  useViewer();
  const blocked = client.isBlocked(action);
  return { blocked, message: blocked ? t('blocked.message') : null };
}
