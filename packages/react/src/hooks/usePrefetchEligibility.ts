'use client';
import { useCallback } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import type { ImpersonationClient } from '@impersonate-kit/sdk';
import { useImpersonationContext } from '../context';
import { eligibilityQuery, mayImpersonate } from './useEligibility';

/**
 * Loads eligibility for `userIds` in one batched request into the cache `useEligibility` reads, so
 * their menu items open with the answer instead of "Checking…". For route loaders and list queries;
 * never rejects (a failure shows on the items, which ask again).
 */
export async function prefetchEligibility(queryClient: QueryClient, client: ImpersonationClient, userIds: readonly string[]): Promise<void> {
  const state = await client.viewer.load().catch(() => client.viewer.getSnapshot());
  // Without the permission the items stay hidden: nothing to ask.
  if (!mayImpersonate(state)) return;
  // Started in one tick, so the sdk's batcher sends them as one request (and joins any already in flight).
  await Promise.all([...new Set(userIds)].map((id) => queryClient.prefetchQuery(eligibilityQuery(client, state.viewer!.user.id, id))));
}

/** `prefetchEligibility` bound to the provider's client and QueryClient: `(userIds) => Promise<void>`. */
export function usePrefetchEligibility(): (userIds: readonly string[]) => Promise<void> {
  const { client, queryClient } = useImpersonationContext();
  return useCallback((userIds) => prefetchEligibility(queryClient, client, userIds), [client, queryClient]);
}
