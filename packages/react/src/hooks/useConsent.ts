'use client';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { Consent, ConsentState } from '@impersonate-kit/sdk';
import { useImpersonationContext } from '../context';

/** What `useConsent` returns. */
export interface UseConsentResult {
  state: ConsentState;
  grant: (input: { durationHours: number }) => Promise<Consent>;
  revoke: () => Promise<Consent>;
  refresh: () => Promise<Consent>;
}

/** The viewer's own consent and its commands; loads it on first use. */
export function useConsent(): UseConsentResult {
  const { client } = useImpersonationContext();
  const store = client.consent;
  // The sdk's stores hand out closures (no `this`): stable, so passed as they are.
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  useEffect(() => {
    // The store may already be loading from another component; a failed refresh lands in state.error.
    if (store.getSnapshot().status === 'unknown') store.refresh().catch(() => {});
  }, [store]);
  const commands = useMemo(
    () => ({
      grant: (input: { durationHours: number }) => store.grant(input),
      revoke: () => store.revoke(),
      refresh: () => store.refresh(),
    }),
    [store],
  );
  return { state, ...commands };
}
