'use client';
import { useQuery } from '@tanstack/react-query';
import { IMPERSONATE_PERMISSION } from '@impersonate-kit/sdk';
import type { ErrorCode, ImpersonationClient, ViewerState } from '@impersonate-kit/sdk';
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

/** Whether the viewer holds the policy's impersonation permission (false until the viewer is known). */
export function mayImpersonate({ viewer, policy }: Pick<ViewerState, 'viewer' | 'policy'>): boolean {
  return !!viewer?.permissions.includes(policy?.permission ?? IMPERSONATE_PERMISSION);
}

/** The eligibility query of one user, as `useEligibility` reads it and `prefetchEligibility` fills it. */
export function eligibilityQuery(client: ImpersonationClient, viewerId: string | null, userId: string) {
  return {
    queryKey: [QUERY_KEY_ROOT, 'eligibility', viewerId, userId],
    // One id per query; the sdk's batcher merges every call made in the same tick into one request.
    queryFn: async () => {
      const [item] = await client.getEligibility([userId]);
      if (!item) throw new Error(`No eligibility for ${userId}`);
      return item;
    },
    // A list's prefetched answer is what its menus show, without asking again on every open; a
    // session change invalidates it (the provider), and the server re-checks on start anyway.
    staleTime: 30_000,
  };
}

/** Whether the viewer may impersonate `userId`; every call on a page is batched into one request. */
export function useEligibility(userId: string): UseEligibilityResult {
  const { client, queryClient, t } = useImpersonationContext();
  const viewer = useViewer();
  const viewerId = viewer.viewer?.user.id ?? null;
  const query = useQuery({ ...eligibilityQuery(client, viewerId, userId), enabled: viewerId !== null }, queryClient);
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
