'use client';
import { useQuery } from '@tanstack/react-query';
import type { Session } from '@impersonate-kit/sdk';
import { QUERY_KEY_ROOT, useImpersonationContext } from '../context';
import { useViewer } from './useViewer';

/** How often the sessions acting as the viewer are asked for again (and whenever the window regains focus). */
export const IMPERSONATED_BY_REFRESH_MS = 30_000;

/** What `useImpersonatedBy` returns. */
export interface UseImpersonatedByResult {
  /** The sessions running as the viewer right now, newest first; empty while loading or on error. */
  sessions: Session[];
  isLoading: boolean;
  error: unknown;
}

/**
 * The sessions in which someone is acting as the viewer right now (`role: 'impersonated'`, still
 * active). Refreshed every 30 s by TanStack Query's refetchInterval and when the window regains focus.
 */
export function useImpersonatedBy(): UseImpersonatedByResult {
  const { client, queryClient } = useImpersonationContext();
  const viewer = useViewer();
  const query = useQuery({
    // Under the history's key, so what invalidates the history (a revoke) refreshes this too.
    queryKey: [QUERY_KEY_ROOT, 'sessions', 'impersonated', viewer.viewer?.user.id ?? null, 'active'],
    // Newest first: the running ones are on the first page (at most one per impersonator).
    queryFn: async () => (await client.listSessions({ role: 'impersonated', limit: 50 })).items.filter((session) => session.status === 'active'),
    // Keyed by the viewer so another user's sessions never show; waits for /viewer to answer.
    enabled: viewer.status === 'ready' || viewer.status === 'error',
    refetchInterval: IMPERSONATED_BY_REFRESH_MS,
    refetchOnWindowFocus: true,
  }, queryClient);
  return { sessions: query.data ?? NONE, isLoading: query.isPending, error: query.error };
}

const NONE: Session[] = [];
