'use client';
import { useCallback, useSyncExternalStore } from 'react';
import type { ViewerState } from '@impersonate-kit/sdk';
import { useImpersonationContext } from '../context';

/** Who is calling and the policy in force (loaded by the provider). */
export function useViewer(): ViewerState {
  const { client } = useImpersonationContext();
  const store = client.viewer;
  const subscribe = useCallback((listener: () => void) => store.subscribe(listener), [store]);
  const getSnapshot = useCallback(() => store.getSnapshot(), [store]);
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}
