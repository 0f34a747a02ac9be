'use client';
import { useQuery } from '@tanstack/react-query';
import type { ErrorCode } from '@impersonate-kit/sdk';
import { QUERY_KEY_ROOT, useImpersonationContext } from '../context';
import { errorMessageKey } from '../messages';
import { useViewer } from './useViewer';

/** What `useEligibility` returns. */
export interface UseEligibilityResult {
  allowed: boolean;
  denials: ErrorCode[];
  /** The first denial in words, or null when allowed. */
  message: string | null;
  /** When the target's consent ends, where consent applies. */
  consentExpiresAt: string | null;
  isLoading: boolean;
  /** True while the answer is being (re)fetched, e.g. after a session change made the cached one stale. */
  isFetching: boolean;
  error: Error | null;
}

/** Whether the viewer may impersonate `userId`; every call on a page is batched into one request. */
export function useEligibility(userId: string): UseEligibilityResult {
  const { client, t } = useImpersonationContext();
  const viewer = useViewer();
  const viewerId = viewer.viewer?.user.id ?? null;
  const query = useQuery({
    queryKey: [QUERY_KEY_ROOT, 'eligibility', viewerId, userId],
    queryFn: async () => {
      const [item] = await client.getEligibility([userId]);
      if (!item) throw new Error(`No eligibility for ${userId}`);
      return item;
    },
    enabled: viewerId !== null,
  });
  const denials = query.data?.denials ?? [];
  const first = denials[0];
  return {
    allowed: query.data?.allowed ?? false,
    denials,
    message: first ? t(errorMessageKey(first)) : null,
    consentExpiresAt: query.data?.consentExpiresAt ?? null,
    // Until the viewer is known the query waits; a viewer that failed to load is this hook's failure too.
    isLoading: viewerId === null ? viewer.status !== 'error' : query.isPending,
    isFetching: query.isFetching,
    error: viewerId === null ? viewer.error : query.error,
  };
}
